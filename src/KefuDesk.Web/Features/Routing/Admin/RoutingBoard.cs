using KefuDesk.Features.Conversations;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing.Admin;

public sealed record BoardAgent(Guid AgentId, string Name, AgentStatus Status, DateTime StatusSince, bool Connected, int Load, int Limit);

public sealed record BoardGroup(Guid? GroupId, Guid ShopId, string ShopName, string? Name, int Waiting, DateTime? LongestWaitingSince);

public sealed record BoardReroute(Guid ConversationId, Guid? FromAgentId, string? FromAgentName, string Reason, DateTime At);

/// <summary>The supervisor's live board (监控台): every agent's status and load, each queue, the latest re-routes.</summary>
public sealed record BoardView(DateTime At, IReadOnlyList<BoardAgent> Agents, IReadOnlyList<BoardGroup> Queues, IReadOnlyList<BoardReroute> Reroutes);

public sealed class RoutingBoard(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public async Task<BoardView> ReadAsync(IReadOnlySet<Guid> shopIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = shopIds.ToList();
        var agents = await db.Users.AsNoTracking()
            .Where(a => a.DisabledAt == null && db.AgentShops.Any(s => s.AgentId == a.Id && ids.Contains(s.ShopId)))
            .Select(a => new
            {
                a.Id,
                a.DisplayName,
                Seat = db.AgentSeats.FirstOrDefault(s => s.AgentId == a.Id),
                Connected = db.AgentPresences.Any(p => p.AgentId == a.Id && p.OnlineUntil > now),
                Load = db.Conversations.Count(c => c.AssigneeId == a.Id && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending)),
            })
            .ToListAsync(ct);
        var queues = await (from c in db.Conversations.AsNoTracking().AwaitingRouting()
                            where ids.Contains(c.ShopId)
                            group c by new { c.ShopId, c.SkillGroupId } into g
                            select new { g.Key.ShopId, g.Key.SkillGroupId, Count = g.Count(), Oldest = g.Min(c => c.WaitingSince ?? c.CreatedAt) })
            .ToListAsync(ct);
        var groupNames = await db.SkillGroups.AsNoTracking().Where(g => ids.Contains(g.ShopId)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var shopNames = await db.Shops.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var since = now.AddHours(-24);
        var reroutes = await (from e in db.ConversationEvents.AsNoTracking()
                              join c in db.Conversations on e.ConversationId equals c.Id
                              where e.Type == ConversationEventNames.Rerouted && ids.Contains(c.ShopId) && e.At >= since
                              orderby e.At descending
                              select new { e.ConversationId, e.AgentId, e.Detail, e.At, Name = db.Users.Where(u => u.Id == e.AgentId).Select(u => u.DisplayName).FirstOrDefault() })
            .Take(50).ToListAsync(ct);
        return new BoardView(now,
            [.. agents.Select(a => new BoardAgent(a.Id, a.DisplayName, a.Seat?.Status ?? AgentStatus.Offline, a.Seat?.StatusSince ?? now, a.Connected, a.Load,
                a.Seat?.Limit ?? AgentSeat.DefaultLimit)).OrderBy(a => a.Status).ThenBy(a => a.Name)],
            [.. queues.Select(q => new BoardGroup(q.SkillGroupId, q.ShopId, shopNames.GetValueOrDefault(q.ShopId) ?? "",
                q.SkillGroupId is { } g ? groupNames.GetValueOrDefault(g) : null, q.Count, q.Oldest)).OrderBy(q => q.LongestWaitingSince)],
            [.. reroutes.Select(r => new BoardReroute(r.ConversationId, r.AgentId, r.Name, r.Detail ?? "", r.At))]);
    }
}
