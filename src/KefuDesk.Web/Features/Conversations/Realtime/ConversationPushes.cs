using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Conversations.Realtime;

/// <summary>
/// After commit, tells the people in a conversation: the buyer's widget (never internal notes), the
/// assignee (or the shop's pool when nobody has it), and the staff screens on every node. Pushes
/// are a courtesy; clients that miss one catch up by sequence number.
/// </summary>
/// <remarks>
/// Sends are started in commit order but not awaited here: a group send waits for every
/// connection in the group, and one client that stops reading (a phone in a tunnel) must not hold
/// up everybody else's messages while the server waits to drop it.
/// </remarks>
public sealed class ConversationPushes(
    IHubContext<BuyerHub> buyers,
    IHubContext<AgentHub> agents,
    IWorkspaceFeedTransport workspace,
    ILogger<ConversationPushes> logger)
    : IEventHandler<MessageCreated>, IEventHandler<MessageRecalled>, IEventHandler<ConversationAssigned>,
      IEventHandler<ConversationTransferred>, IEventHandler<ConversationStatusChanged>, IEventHandler<ConversationRead>,
      IEventHandler<ConversationDelivered>, IEventHandler<ConversationTagsChanged>, IEventHandler<ColleaguesMentioned>,
      IEventHandler<ConversationCustomerChanged>,
      IEventHandler<SurveyAnswered>
{
    public Task HandleAsync(MessageCreated e, CancellationToken ct)
    {
        // A logged phone call is the team's record of it: the buyer's widget never shows it.
        if (e.Channel != Channel.Phone && e.Message.ForBuyer() is { } visible)
        {
            ToBuyer(e.ShopId, e.CustomerId, HubEvents.MessageCreated, visible, e, ct);
        }

        ToStaff(e.ShopId, e.AssigneeId, HubEvents.MessageCreated, e.Message, e, ct);
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.MessageCreated, e.ConversationId, e.ShopId, e.AssigneeId, e.Message), e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(MessageRecalled e, CancellationToken ct)
    {
        var notice = new RecallNotice(e.ConversationId, e.MessageId, e.Sequence);
        ToBuyer(e.ShopId, e.CustomerId, HubEvents.MessageRecalled, notice, e, ct);
        ToStaff(e.ShopId, e.AssigneeId, HubEvents.MessageRecalled, notice, e, ct);
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.MessageRecalled, e.ConversationId, e.ShopId, e.AssigneeId) { Sequence = e.Sequence }, e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationAssigned e, CancellationToken ct)
    {
        var groups = new List<string> { HubGroups.Agent(e.AgentId), HubGroups.Pool(e.ShopId) };
        if (e.PreviousAgentId is { } previous)
        {
            groups.Add(HubGroups.Agent(previous));
        }

        Observe(agents.Clients.Groups(groups).SendAsync(HubEvents.ConversationAssigned,
            new AssignmentNotice(e.ConversationId, e.ShopId, e.AgentId, e.PreviousAgentId), ct), e);
        ToBuyer(e.ShopId, e.CustomerId, HubEvents.ConversationAssigned, new BuyerAssignmentNotice(e.ConversationId), e, ct); // the queue banner goes
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AgentId), e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationTransferred e, CancellationToken ct)
    {
        var groups = new List<string> { e.ToAgentId is { } to ? HubGroups.Agent(to) : HubGroups.Pool(e.ShopId) };
        if (e.FromAgentId is { } from)
        {
            groups.Add(HubGroups.Agent(from));
        }

        Observe(agents.Clients.Groups(groups).SendAsync(HubEvents.ConversationTransferred,
            new TransferNotice(e.ConversationId, e.ShopId, e.FromAgentId, e.ToAgentId, e.ToGroupId, e.Note), ct), e);
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.ToAgentId), e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationStatusChanged e, CancellationToken ct)
    {
        var notice = new StatusNotice(e.ConversationId, e.Status);
        ToBuyer(e.ShopId, e.CustomerId, HubEvents.ConversationStatusChanged, notice, e, ct);
        ToStaff(e.ShopId, e.AssigneeId, HubEvents.ConversationStatusChanged, notice, e, ct);
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AssigneeId), e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationRead e, CancellationToken ct)
    {
        var notice = new ReadNotice(e.ConversationId, e.Reader, e.Sequence);
        if (e.Reader == SenderKind.Customer)
        {
            ToStaff(e.ShopId, e.AssigneeId, HubEvents.ConversationRead, notice, e, ct);
            ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.BuyerRead, e.ConversationId, e.ShopId, e.AssigneeId) { Sequence = e.Sequence }, e, ct);
        }
        else
        {
            ToBuyer(e.ShopId, e.CustomerId, HubEvents.ConversationRead, notice, e, ct);
        }

        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationDelivered e, CancellationToken ct)
    {
        ToStaff(e.ShopId, e.AssigneeId, HubEvents.ConversationDelivered, new ReadNotice(e.ConversationId, SenderKind.Customer, e.Sequence), e, ct);
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.BuyerDelivered, e.ConversationId, e.ShopId, e.AssigneeId) { Sequence = e.Sequence }, e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationTagsChanged e, CancellationToken ct)
    {
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AssigneeId), e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationCustomerChanged e, CancellationToken ct)
    {
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AssigneeId), e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ColleaguesMentioned e, CancellationToken ct)
    {
        Observe(agents.Clients.Groups(e.AgentIds.Select(HubGroups.Agent).ToList())
            .SendAsync(HubEvents.Mentioned, new MentionNotice(e.ConversationId, e.MessageId, e.ByName), ct), e);
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.Mentioned, e.ConversationId, e.ShopId, null) { AgentIds = e.AgentIds, ByName = e.ByName }, e, ct);
        return Task.CompletedTask;
    }

    public Task HandleAsync(SurveyAnswered e, CancellationToken ct)
    {
        var notice = new SurveyNotice(e.ConversationId, e.SurveyId, e.Rating);
        ToBuyer(e.ShopId, e.CustomerId, HubEvents.SurveyAnswered, notice, e, ct); // the buyer's other tabs show it answered
        ToStaff(e.ShopId, e.AgentId, HubEvents.SurveyAnswered, notice, e, ct);
        ToScreens(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AgentId), e, ct);
        return Task.CompletedTask;
    }

    private void ToBuyer(Guid shopId, Guid customerId, string method, object payload, IDomainEvent e, CancellationToken ct) =>
        Observe(buyers.Clients.Group(HubGroups.Buyer(shopId, customerId)).SendAsync(method, payload, ct), e);

    /// <summary>The assignee hears about their conversation; while nobody has it, the shop's pool does.</summary>
    private void ToStaff(Guid shopId, Guid? assigneeId, string method, object payload, IDomainEvent e, CancellationToken ct) =>
        Observe(agents.Clients.Group(assigneeId is { } agent ? HubGroups.Agent(agent) : HubGroups.Pool(shopId)).SendAsync(method, payload, ct), e);

    private void ToScreens(WorkspaceNotice notice, IDomainEvent e, CancellationToken ct) => Observe(workspace.PublishAsync(notice, ct), e);

    private void Observe(Task send, IDomainEvent e)
    {
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        _ = send.ContinueWith(
            t => logger.LogWarning(t.Exception?.GetBaseException(), "A push for {EventName} failed; clients will catch up by sequence", e.Name),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
