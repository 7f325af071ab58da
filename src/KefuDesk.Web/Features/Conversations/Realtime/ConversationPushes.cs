using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Conversations.Realtime;

/// <summary>
/// After commit, tells the people in a conversation: the buyer's widget, the assignee (or the
/// shop's pool when nobody has it), and the staff screens on every node. Pushes are a courtesy;
/// clients that miss one catch up by sequence number.
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
    : IEventHandler<MessageCreated>, IEventHandler<ConversationAssigned>, IEventHandler<ConversationStatusChanged>
{
    public Task HandleAsync(MessageCreated e, CancellationToken ct)
    {
        var staffGroup = e.AssigneeId is { } agent ? HubGroups.Agent(agent) : HubGroups.Pool(e.ShopId);
        Observe(buyers.Clients.Group(HubGroups.Buyer(e.ShopId, e.CustomerId)).SendAsync(HubEvents.MessageCreated, e.Message, ct), e);
        Observe(agents.Clients.Group(staffGroup).SendAsync(HubEvents.MessageCreated, e.Message, ct), e);
        Observe(workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.MessageCreated, e.ConversationId, e.ShopId, e.AssigneeId, e.Message), ct), e);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationAssigned e, CancellationToken ct)
    {
        var notice = new AssignmentNotice(e.ConversationId, e.ShopId, e.AgentId, e.PreviousAgentId);
        var groups = new List<string> { HubGroups.Agent(e.AgentId), HubGroups.Pool(e.ShopId) };
        if (e.PreviousAgentId is { } previous)
        {
            groups.Add(HubGroups.Agent(previous));
        }

        Observe(agents.Clients.Groups(groups).SendAsync(HubEvents.ConversationAssigned, notice, ct), e);
        Observe(workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AgentId), ct), e);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationStatusChanged e, CancellationToken ct)
    {
        var staffGroup = e.AssigneeId is { } agent ? HubGroups.Agent(agent) : HubGroups.Pool(e.ShopId);
        var notice = new StatusNotice(e.ConversationId, e.Status);
        Observe(buyers.Clients.Group(HubGroups.Buyer(e.ShopId, e.CustomerId)).SendAsync(HubEvents.ConversationStatusChanged, notice, ct), e);
        Observe(agents.Clients.Group(staffGroup).SendAsync(HubEvents.ConversationStatusChanged, notice, ct), e);
        Observe(workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AssigneeId), ct), e);
        return Task.CompletedTask;
    }

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
