using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace KefuDesk.Features.Conversations.Realtime;

/// <summary>
/// "正在输入" both ways. Typing is relayed, never stored; who owns a conversation is cached for a
/// moment because clients report typing every couple of seconds.
/// </summary>
public sealed class ConversationTyping(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    IMemoryCache cache,
    IHubContext<BuyerHub> buyers,
    IHubContext<AgentHub> agents,
    IWorkspaceFeedTransport workspace)
{
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(30);

    public async Task BuyerTypingAsync(LiveThread buyer, Guid conversationId, bool typing)
    {
        var owner = await OwnerAsync(conversationId);
        if (owner.CustomerId != buyer.CustomerId || owner.ShopId != buyer.ShopId)
        {
            throw new KefuDeskException(KefuDeskError.ConversationForbidden);
        }

        var notice = new TypingNotice(conversationId, SenderKind.Customer, typing);
        var group = owner.AssigneeId is { } agent ? HubGroups.Agent(agent) : HubGroups.Pool(owner.ShopId);
        await Task.WhenAll(
            agents.Clients.Group(group).SendAsync(HubEvents.Typing, notice),
            workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.BuyerTyping, conversationId, owner.ShopId, owner.AssigneeId) { On = typing }, default));
    }

    public async Task AgentTypingAsync(StaffAccess staff, Guid conversationId, bool typing)
    {
        var owner = await OwnerAsync(conversationId);
        if (!staff.Serves(owner.ShopId))
        {
            throw new KefuDeskException(KefuDeskError.ConversationForbidden);
        }

        await buyers.Clients.Group(HubGroups.Buyer(owner.ShopId, owner.CustomerId))
            .SendAsync(HubEvents.Typing, new TypingNotice(conversationId, SenderKind.Agent, typing));
    }

    private async Task<Owner> OwnerAsync(Guid conversationId) =>
        await cache.GetOrCreateAsync(("typing-owner", conversationId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Remember;
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
                .Select(c => new Owner(c.ShopId, c.CustomerId, c.AssigneeId)).FirstOrDefaultAsync();
        }) ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);

    private sealed record Owner(Guid ShopId, Guid CustomerId, Guid? AssigneeId);
}
