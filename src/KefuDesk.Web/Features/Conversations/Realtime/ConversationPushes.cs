using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Conversations.Realtime;

/// <summary>
/// After commit, tells the people in a conversation: the buyer's widget, the assignee (or the
/// shop's pool when nobody has it), and the staff screens on every node. Pushes are a courtesy;
/// clients that miss one catch up by sequence number.
/// </summary>
public sealed class ConversationPushes(
    IHubContext<BuyerHub> buyers,
    IHubContext<AgentHub> agents,
    IWorkspaceFeedTransport workspace)
    : IEventHandler<MessageCreated>, IEventHandler<ConversationAssigned>, IEventHandler<ConversationStatusChanged>
{
    public async Task HandleAsync(MessageCreated e, CancellationToken ct)
    {
        var staffGroup = e.AssigneeId is { } agent ? HubGroups.Agent(agent) : HubGroups.Pool(e.ShopId);
        await Task.WhenAll(
            buyers.Clients.Group(HubGroups.Buyer(e.ShopId, e.CustomerId)).SendAsync(HubEvents.MessageCreated, e.Message, ct),
            agents.Clients.Group(staffGroup).SendAsync(HubEvents.MessageCreated, e.Message, ct),
            workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.MessageCreated, e.ConversationId, e.ShopId, e.AssigneeId, e.Message), ct));
    }

    public async Task HandleAsync(ConversationAssigned e, CancellationToken ct)
    {
        var notice = new AssignmentNotice(e.ConversationId, e.ShopId, e.AgentId, e.PreviousAgentId);
        var groups = new List<string> { HubGroups.Agent(e.AgentId), HubGroups.Pool(e.ShopId) };
        if (e.PreviousAgentId is { } previous)
        {
            groups.Add(HubGroups.Agent(previous));
        }

        await Task.WhenAll(
            agents.Clients.Groups(groups).SendAsync(HubEvents.ConversationAssigned, notice, ct),
            workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AgentId), ct));
    }

    public async Task HandleAsync(ConversationStatusChanged e, CancellationToken ct)
    {
        var staffGroup = e.AssigneeId is { } agent ? HubGroups.Agent(agent) : HubGroups.Pool(e.ShopId);
        var notice = new StatusNotice(e.ConversationId, e.Status);
        await Task.WhenAll(
            buyers.Clients.Group(HubGroups.Buyer(e.ShopId, e.CustomerId)).SendAsync(HubEvents.ConversationStatusChanged, notice, ct),
            agents.Clients.Group(staffGroup).SendAsync(HubEvents.ConversationStatusChanged, notice, ct),
            workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.ConversationChanged, e.ConversationId, e.ShopId, e.AssigneeId), ct));
    }
}
