using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>
/// Who follows up a 中评 or 差评 (docs/reviews.md): the colleague who served the buyer's latest
/// conversation with the shop, if they still work for it (they know the buyer); otherwise the shop's
/// agents (客服) take turns: the one with the fewest reviews waiting for them, and among equals the
/// one who got one longest ago. Nobody when the shop has no agents yet: supervisors assign those.
/// </summary>
internal sealed class ReviewAssignment
{
    private readonly Dictionary<Guid, Guid> _servedBy;
    private readonly Dictionary<Guid, (int Pending, long LastTurn)> _agents;
    private readonly HashSet<Guid> _team;
    private long _turn;

    private ReviewAssignment(Dictionary<Guid, Guid> servedBy, Dictionary<Guid, (int, long)> agents, HashSet<Guid> team, long turn)
    {
        _servedBy = servedBy;
        _agents = agents;
        _team = team;
        _turn = turn;
    }

    public static async Task<ReviewAssignment> LoadAsync(KefuDeskDbContext db, Guid shopId, IReadOnlyCollection<Guid> customerIds, DateTime now,
        CancellationToken ct)
    {
        var team = await ShopTeam.OfShopAsync(db, shopId, ct);
        var agentIds = team.Where(m => m.Role == StaffRoles.Agent).Select(m => m.Id).ToList();
        // Pending ones count for the turn; the latest flagged one says who had a turn most recently.
        var flagged = await db.Set<Review>().AsNoTracking()
            .Where(r => r.ShopId == shopId && r.AssigneeId != null && agentIds.Contains(r.AssigneeId.Value))
            .Select(r => new { Agent = r.AssigneeId!.Value, r.FollowUp, r.FlaggedAt })
            .ToListAsync(ct);
        var agents = agentIds.ToDictionary(id => id, id =>
        {
            var theirs = flagged.Where(r => r.Agent == id).ToList();
            return (theirs.Count(r => r.FollowUp == FollowUpStatus.Pending), theirs.Select(r => r.FlaggedAt?.Ticks ?? 0L).DefaultIfEmpty(0L).Max());
        });

        var servedBy = new Dictionary<Guid, Guid>();
        foreach (var chunk in customerIds.Chunk(500))
        {
            var latest = await db.Conversations.AsNoTracking()
                .Where(c => c.ShopId == shopId && chunk.Contains(c.CustomerId) && c.AssigneeId != null)
                .Select(c => new { c.CustomerId, c.AssigneeId, c.LastMessageAt })
                .ToListAsync(ct);
            foreach (var g in latest.GroupBy(c => c.CustomerId))
            {
                servedBy[g.Key] = g.OrderByDescending(c => c.LastMessageAt).First().AssigneeId!.Value;
            }
        }

        return new ReviewAssignment(servedBy, agents, team.Select(m => m.Id).ToHashSet(), now.Ticks);
    }

    public Guid? For(Guid? customerId)
    {
        Guid? chosen = customerId is { } c && _servedBy.TryGetValue(c, out var agent) && _team.Contains(agent)
            ? agent
            : _agents.Count == 0
                ? null
                : _agents.OrderBy(a => a.Value.Pending).ThenBy(a => a.Value.LastTurn).ThenBy(a => a.Key).First().Key;
        if (chosen is { } id && _agents.TryGetValue(id, out var was))
        {
            _agents[id] = (was.Pending + 1, ++_turn);
        }

        return chosen;
    }
}
