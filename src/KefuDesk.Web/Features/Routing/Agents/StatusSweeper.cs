using KefuDesk.Features.Routing.Presence;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Routing.Agents;

/// <summary>
/// Sets statuses nobody chose: 离开 after the idle time, 离线 once the last workspace closed and the
/// presence lease (the grace period) ran out. Runs on one node at a time.
/// </summary>
public sealed class StatusSweeper(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, AgentStatuses statuses,
    IOptions<RoutingOptions> options, ILogger<StatusSweeper> log) : LeasedJob(dbFactory, clock, log)
{
    protected override string Name => "agent-status";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Value.SweepSeconds));

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var idleSince = now - TimeSpan.FromMinutes(options.Value.IdleMinutes);
        List<Guid> gone, idle;
        await using (var db = await DbFactory.CreateDbContextAsync(ct))
        {
            gone = await db.AgentSeats.Where(s => s.Status != AgentStatus.Offline && !db.AgentPresences.Any(p => p.AgentId == s.AgentId && p.OnlineUntil > now))
                .Select(s => s.AgentId).ToListAsync(ct);
            idle = options.Value.IdleMinutes <= 0 ? []
                : await db.AgentSeats.Where(s => s.Status == AgentStatus.Online && s.LastActiveAt < idleSince).Select(s => s.AgentId).ToListAsync(ct);
        }

        foreach (var agentId in gone)
        {
            await statuses.ChangeAsync(agentId, _ => AgentStatus.Offline, StatusReason.Disconnected,
                db => db.AgentPresences.AllAsync(p => p.AgentId != agentId || p.OnlineUntil <= now, ct), ct);
        }

        foreach (var agentId in idle.Except(gone))
        {
            await statuses.ChangeAsync(agentId, s => s.Status == AgentStatus.Online && s.LastActiveAt < idleSince ? AgentStatus.Away : s.Status,
                StatusReason.Idle, ct);
        }
    }
}
