using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Import;

/// <summary>
/// How nodes share the work: an import is claimed in the database (worker and heartbeat) by one
/// node at a time, a stale heartbeat lets another node take it over, and checked files nobody
/// confirms expire.
/// </summary>
public sealed partial class ImportRunner
{
    /// <summary>A heartbeat older than this means the node working on the import is gone.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>A checked file not confirmed within this long is dropped.</summary>
    public static readonly TimeSpan ReadyFor = TimeSpan.FromDays(7);

    private async Task<ShopImport?> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = now - StaleAfter;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.ShopImports.AsNoTracking()
            .Where(i => (i.Status == ImportStatus.Checking || i.Status == ImportStatus.Importing)
                        && (i.Worker == null || (i.Worker != _me && i.HeartbeatAt < staleBefore)))
            .OrderBy(i => i.StatusChangedAt).Select(i => i.Id).Take(5).ToListAsync(ct);
        foreach (var id in candidates)
        {
            var taken = await db.ShopImports
                .Where(i => i.Id == id && (i.Status == ImportStatus.Checking || i.Status == ImportStatus.Importing)
                            && (i.Worker == null || (i.Worker != _me && i.HeartbeatAt < staleBefore)))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Worker, _me).SetProperty(i => i.HeartbeatAt, now), ct);
            if (taken == 1)
            {
                return await db.ShopImports.AsNoTracking().FirstAsync(i => i.Id == id, ct);
            }
        }

        return null;
    }

    /// <summary>Checked files nobody confirmed within <see cref="ReadyFor"/> are dropped with their stored file.</summary>
    private async Task ExpireAsync(CancellationToken ct)
    {
        var before = Now - ReadyFor;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var forgotten = await db.ShopImports.Where(i => i.Status == ImportStatus.Ready && i.StatusChangedAt < before).Take(100).ToListAsync(ct);
        foreach (var import in forgotten)
        {
            import.Expire(Now);
        }

        await db.SaveChangesAsync(ct);
        foreach (var import in forgotten)
        {
            store.Delete(import.Id);
        }
    }

    /// <summary>
    /// Writes progress and the heartbeat at most once a second. During an import on SQLite the
    /// import's transaction holds the database's one write lock, so progress stays in this node's
    /// memory there (SQLite runs one node anyway).
    /// </summary>
    private sealed class ProgressReport(ImportRunner runner, Guid importId, bool sqliteImport)
    {
        private long _lastWrite = Environment.TickCount64 - 1000;

        public async Task ReportAsync(int perMille, CancellationToken ct)
        {
            runner._live[importId] = perMille;
            if (sqliteImport || Environment.TickCount64 - _lastWrite < 1000)
            {
                return;
            }

            _lastWrite = Environment.TickCount64;
            var now = runner.Now;
            await using var db = await runner.DbFactory.CreateDbContextAsync(ct);
            await db.ShopImports.Where(i => i.Id == importId && i.Worker == runner._me)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Progress, perMille).SetProperty(i => i.HeartbeatAt, now), ct);
        }
    }
}
