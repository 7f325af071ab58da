using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing.Agents;

public sealed record SeatView(Guid AgentId, AgentStatus Status, DateTime StatusSince, StatusReason Reason, int Limit, bool LimitIsDefault, int Weight);

/// <summary>
/// Reads and changes agents' status. Each change is a compare-and-set on the seat row plus an
/// append-only <see cref="AgentStatusChange"/> fact in the same transaction, so two nodes never
/// record one change twice.
/// </summary>
public sealed class AgentStatuses(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, ILogger<AgentStatuses> log)
{
    public async Task<SeatView> GetAsync(Guid agentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seat = await db.AgentSeats.AsNoTracking().FirstOrDefaultAsync(s => s.AgentId == agentId, ct) ?? new AgentSeat(agentId, Now);
        return View(seat);
    }

    /// <summary>The agent (or a supervisor) sets 在线 / 忙碌 / 小休 / 离线. 离开 is only ever set by the system.</summary>
    public Task<SeatView> ChooseAsync(Guid agentId, AgentStatus status, bool bySupervisor, CancellationToken ct = default) =>
        status == AgentStatus.Away
            ? throw new KefuDeskException(KefuDeskError.RoutingInvalid, "离开 is set automatically after idle time")
            : ChangeAsync(agentId, _ => status, bySupervisor ? StatusReason.Supervisor : StatusReason.Chosen, ct);

    /// <summary>A workspace opened: an offline agent comes online (an agent who chose 忙碌 or 小休 stays so).</summary>
    public Task<SeatView> SignedInAsync(Guid agentId, CancellationToken ct = default) =>
        ChangeAsync(agentId, s => s.Status is AgentStatus.Offline or AgentStatus.Away ? AgentStatus.Online : s.Status, StatusReason.SignedIn, ct);

    /// <summary>Keyboard or mouse in the workspace: remembered, and an agent away for idleness is back.</summary>
    public async Task ActiveAsync(Guid agentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        await db.AgentSeats.Where(s => s.AgentId == agentId && s.LastActiveAt < now).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastActiveAt, now), ct);
        if (await db.AgentSeats.AnyAsync(s => s.AgentId == agentId && s.Status == AgentStatus.Away && s.StatusReason == StatusReason.Idle, ct))
        {
            await ChangeAsync(agentId, s => s.Status == AgentStatus.Away ? AgentStatus.Online : s.Status, StatusReason.Returned, ct);
        }
    }

    /// <summary>Applies a change computed from the current seat; retried when another node changed the seat meanwhile.</summary>
    public async Task<SeatView> ChangeAsync(Guid agentId, Func<AgentSeat, AgentStatus> next, StatusReason reason, CancellationToken ct = default) =>
        await ChangeAsync(agentId, next, reason, stillApplies: null, ct);

    /// <summary>
    /// As above, when <paramref name="stillApplies"/> (asked just before the change) agrees: the sweeper
    /// decided on a slightly old picture, and an agent who reconnected meanwhile must not be set offline.
    /// </summary>
    public async Task<SeatView> ChangeAsync(Guid agentId, Func<AgentSeat, AgentStatus> next, StatusReason reason,
        Func<KefuDeskDbContext, Task<bool>>? stillApplies, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (stillApplies is not null && !await stillApplies(db) && await db.AgentSeats.FindAsync([agentId], ct) is { } unchanged)
            {
                return View(unchanged);
            }

            var seat = db.SeatFor(agentId, Now);

            var change = seat.ChangeStatus(next(seat), reason, Now);
            if (change is null)
            {
                return View(seat);
            }

            db.AgentStatusChanges.Add(change);
            try
            {
                await db.SaveChangesAsync(ct);
                log.LogInformation("Agent {Agent} is now {Status} ({Reason})", agentId, change.To, reason);
                return View(seat);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // An assignment or another node touched the seat: read it again.
            }
        }
    }

    public static SeatView View(AgentSeat s) => new(s.AgentId, s.Status, s.StatusSince, s.StatusReason, s.Limit, s.ReceptionLimit is null, s.Weight);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
