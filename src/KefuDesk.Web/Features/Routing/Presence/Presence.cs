using System.Collections.Concurrent;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing.Presence;

/// <summary>
/// Who is online: this node counts its own connections per agent (workspace screens, agent hub) and
/// beats for them every 30 seconds; the answer comes from the database, so it is the cluster's.
/// </summary>
public sealed class Presence(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, Agents.AgentStatuses statuses, ILogger<Presence> log)
    : BackgroundService
{
    private static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, int> _connections = new();

    /// <summary>A screen or connection of the agent opened; returns what to dispose when it closes.</summary>
    public async Task<IDisposable> ConnectAsync(Guid agentId, CancellationToken ct = default)
    {
        _connections.AddOrUpdate(agentId, 1, (_, n) => n + 1);
        await BeatAsync([agentId], ct);
        await statuses.SignedInAsync(agentId, ct); // opening the workspace is coming online (忙碌/小休 stay as chosen)
        return new Connection(this, agentId);
    }

    /// <summary>Some staff member serving the shop is online: a buyer can expect an answer now.</summary>
    public async Task<bool> ShopStaffedAsync(Guid shopId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ShopStaffed(db, shopId, clock.GetUtcNow().UtcDateTime).AnyAsync(ct);
    }

    /// <summary>The query, for callers inside a transaction (the conversation writer).</summary>
    public static IQueryable<AgentPresence> ShopStaffed(KefuDeskDbContext db, Guid shopId, DateTime now) =>
        db.AgentPresences.Where(p => p.OnlineUntil > now && db.AgentShops.Any(s => s.AgentId == p.AgentId && s.ShopId == shopId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(BeatEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var online = _connections.Where(c => c.Value > 0).Select(c => c.Key).ToList();
            if (online.Count == 0)
            {
                continue;
            }

            try
            {
                await BeatAsync(online, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Presence heartbeat for {Count} agents failed; retrying in {Seconds} s", online.Count, BeatEvery.TotalSeconds);
            }
        }
    }

    private async Task BeatAsync(IReadOnlyCollection<Guid> agentIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await db.AgentPresences.Where(p => agentIds.Contains(p.AgentId)).ToListAsync(ct);
        foreach (var presence in known)
        {
            presence.Beat(now);
        }

        foreach (var id in agentIds.Except(known.Select(p => p.AgentId)))
        {
            db.AgentPresences.Add(new AgentPresence(id, now));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node added the row first: the next beat updates it.
        }
    }

    private void Disconnect(Guid agentId) => _connections.AddOrUpdate(agentId, 0, (_, n) => Math.Max(0, n - 1));

    private sealed class Connection(Presence presence, Guid agentId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                presence.Disconnect(agentId);
            }
        }
    }
}
