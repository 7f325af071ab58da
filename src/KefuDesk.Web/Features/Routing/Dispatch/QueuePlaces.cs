using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Routing.Dispatch;

/// <summary>A waiting buyer's place as the widget shows it: 1 is next; the estimate is null when the group's pace is unknown.</summary>
public sealed record BuyerQueuePlace(Guid ConversationId, int Position, int? EstimatedWaitSeconds);

/// <summary>
/// Where a buyer stands in their group's queue right now, counted from the database in the order the
/// router serves (priority, then longest waiting, then id), so a widget that opens or reconnects
/// between the router's <c>queuePlace</c> pushes shows the same number the next push would.
/// </summary>
public sealed class QueuePlaces(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, IOptions<RoutingOptions> options)
{
    /// <summary>The buyer's place, or null when they are not waiting for routing (served, 留言, ended, or routing is off).</summary>
    public async Task<BuyerQueuePlace?> ForBuyerAsync(LiveThread buyer, CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return null; // agents pick buyers from the list by hand: there is no queue order to tell
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = await Waiting(db)
            .Where(c => c.ShopId == buyer.ShopId && c.CustomerId == buyer.CustomerId && c.Channel == buyer.Channel)
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => new { c.Id, c.SkillGroupId, c.QueuePriority, Since = c.WaitingSince ?? c.CreatedAt })
            .FirstOrDefaultAsync(ct);
        if (mine is null)
        {
            return null;
        }

        var queue = Waiting(db).Where(c => c.ShopId == buyer.ShopId && c.SkillGroupId == mine.SkillGroupId);
        var ahead = await queue.CountAsync(c => c.QueuePriority > mine.QueuePriority
                                                || (c.QueuePriority == mine.QueuePriority && (c.WaitingSince ?? c.CreatedAt) < mine.Since), ct);

        // Buyers who started at the very same moment: the database's own id order, as in the router's query.
        var tied = await queue.Where(c => c.QueuePriority == mine.QueuePriority && (c.WaitingSince ?? c.CreatedAt) == mine.Since)
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var position = ahead + Math.Max(0, tied.IndexOf(mine.Id)) + 1;

        int? estimate = null;
        if (mine.SkillGroupId is { } groupId)
        {
            var since = clock.GetUtcNow().UtcDateTime - Router.ThroughputWindow;
            estimate = Estimate(position, await db.Conversations.CountAsync(c => c.SkillGroupId == groupId && c.AssignedAt >= since, ct));
        }

        return new BuyerQueuePlace(mine.Id, position, estimate);
    }

    /// <summary>Seconds until a buyer at this place is served, at the group's recent pace (assignments in the throughput window); null: no pace yet.</summary>
    public static int? Estimate(int position, int recentlyAssigned) =>
        recentlyAssigned > 0 ? (int)Math.Ceiling(position * Router.ThroughputWindow.TotalSeconds / recentlyAssigned) : null;

    /// <summary>The router's definition of a buyer waiting for an agent.</summary>
    private static IQueryable<Conversation> Waiting(KefuDeskDbContext db) =>
        db.Conversations.AsNoTracking().AwaitingRouting();
}
