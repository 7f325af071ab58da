using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// A widget message that starts a conversation puts a chat in the shop's queue, so such first
/// messages are limited per source address and per shop (<see cref="RateLimits.NewConversationsPerAddress"/>,
/// <see cref="RateLimits.NewConversationsPerShop"/>): a script that makes up visitors cannot fill the
/// queue. A buyer already in a live conversation is never counted; refused with
/// <c>too_many_conversations</c> (429) and how long to wait, and nothing is stored.
/// </summary>
public sealed class FirstMessageGuard(RateLimits limits, IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    /// <summary>
    /// Spends one of the address's and one of the shop's when <paramref name="thread"/> has no open
    /// conversation (so this message starts one). <paramref name="knownLive"/>: the live conversation
    /// the caller already saw on this connection, which spares the look-up.
    /// </summary>
    public async Task CheckAsync(LiveThread thread, string address, Guid? knownLive, CancellationToken ct)
    {
        if (knownLive is not null || await HasOpenAsync(thread, ct))
        {
            return;
        }

        await limits.EnsureAsync(RateLimits.NewConversationsPerAddress, address, KefuDeskError.TooManyConversations);
        try
        {
            await limits.EnsureAsync(RateLimits.NewConversationsPerShop, thread.ShopId.ToString("N"), KefuDeskError.TooManyConversations);
        }
        catch (KefuDeskException)
        {
            await limits.GiveBackAsync(RateLimits.NewConversationsPerAddress, address); // the shop said no: nothing was started
            throw;
        }
    }

    private async Task<bool> HasOpenAsync(LiveThread thread, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Conversations.AsNoTracking().AnyAsync(c => c.ShopId == thread.ShopId && c.CustomerId == thread.CustomerId
            && c.Channel == thread.Channel && c.OpenThreadKey == thread.ThreadKey, ct);
    }
}
