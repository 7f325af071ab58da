using System.Collections.Concurrent;
using System.Text.Json;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Shop.Import;

/// <summary>
/// Checks uploaded files and imports confirmed ones, one at a time per node. Work is claimed in the
/// database (the import's worker and heartbeat), so any node may take it, and a node that died
/// mid-way leaves a stale heartbeat for another to take over. The check writes nothing: it runs the
/// same <see cref="ShopDataWriter"/> as the import, dry, to count what is new, updated, unchanged or
/// older than stored. The import writes everything in one transaction, in chunks so memory stays flat.
/// </summary>
public sealed partial class ImportRunner(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    IAttachmentStore store,
    TimeProvider clock,
    Infrastructure.Events.IEventPublisher events,
    IOptions<SheetLimits> sheetLimits,
    ILogger<ImportRunner> log) : BackgroundService
{
    private const int ProductChunk = 1000;
    private const int OrderChunk = 500;

    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions());

    private readonly string _me = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Progress of imports this node writes on SQLite, where the import's transaction holds the only write lock.</summary>
    private readonly ConcurrentDictionary<Guid, int> _live = new();

    /// <summary>Something was uploaded or confirmed on this node: look now rather than at the next poll.</summary>
    public void Nudge()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged.
            }
        }
    }

    /// <summary>Progress (per mille) this node knows better than the database, if any.</summary>
    public int? LiveProgress(Guid importId) => _live.TryGetValue(importId, out var progress) ? progress : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Import runner pass failed; trying again shortly");
            }

            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs every import waiting for a check or an import that this node can claim.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await ExpireAsync(ct);
            while (await ClaimAsync(ct) is { } import)
            {
                await RunAsync(import, ct);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task RunAsync(ShopImport import, CancellationToken ct)
    {
        try
        {
            if (import.Status == ImportStatus.Checking)
            {
                await CheckAsync(import, ct);
            }
            else
            {
                await ImportAsync(import, ct);
            }
        }
        catch (Exception fault) when (fault is not OperationCanceledException)
        {
            // Not the file's fault (the stored file is gone, the database went away): say so rather than leave it claimed.
            log.LogError(fault, "Import {Import} ({File}) stopped by a fault; nothing was imported", import.Id, import.FileName);
            await FinishAsync(import.Id, i => i.Broke(Now), ct);
        }
        finally
        {
            _live.TryRemove(import.Id, out _);
        }
    }

    private async Task CheckAsync(ShopImport import, CancellationToken ct)
    {
        var zone = await ShopZoneAsync(import.ShopId, ct);
        await using var file = new ProgressStream(store.OpenRead(import.Id));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Reads only, never committed. Not on SQLite, where a transaction would hold the write lock through the whole check.
        await using var transaction = db.Database.IsNpgsql() ? await db.Database.BeginBulkTransactionAsync(ct) : null;
        var writer = new ShopDataWriter(db, new SyncScope(import.OrganisationId, import.ShopId, "import", Now, DryRun: true));
        var progress = new ProgressReport(this, import.Id, sqliteImport: false);
        CheckReport report;
        try
        {
            var reading = ImportFile.Read(file, import.FileName, import.Kind, zone, import.CreatedAt, sheetLimits.Value);
            if (reading.Sheet is null)
            {
                await FinishAsync(import.Id, i =>
                {
                    if (reading.Empty)
                    {
                        i.Empty(Now);
                    }
                    else
                    {
                        i.WrongTemplate(reading.Missing, Now);
                    }
                }, ct);
                return;
            }

            report = new CheckReport(reading.Sheet);
            foreach (var chunk in Chunks(reading.Records, ChunkOf(import.Kind)))
            {
                foreach (var record in chunk)
                {
                    report.Read(record);
                }

                var valid = chunk.Where(r => r.Snapshot is not null).ToList();
                report.Outcomes(valid, await WriteAsync(writer, import.Kind, valid, ct));
                await progress.ReportAsync((int)(file.Fraction * 1000), ct);
            }
        }
        catch (UnreadableFileException unreadable)
        {
            log.LogWarning(unreadable.InnerException, "Import {Import} ({File}) could not be read", import.Id, import.FileName);
            await FinishAsync(import.Id, i => i.Unreadable(Now), ct);
            return;
        }
        catch (SheetTooLargeException bound)
        {
            // Reading stopped at the bound: what was read is dropped (a check writes nothing anyway).
            log.LogWarning("Import {Import} ({File}) refused: {Bound}", import.Id, import.FileName, bound.Message);
            await FinishAsync(import.Id, i => i.TooLarge(bound.Failure, Now), ct);
            return;
        }

        await FinishAsync(import.Id, i => i.Checked(report.Rows, report.Counts, report.ProblemCount,
            JsonSerializer.Serialize(report.Problems, Json), JsonSerializer.Serialize(report.Sample, Json), Now), ct);
        log.LogInformation("Import {Import} ({Kind}, {File}) checked: {Rows} rows, {Counts}, {Problems} problems", import.Id, import.Kind,
            import.FileName, report.Rows, report.Counts, report.ProblemCount);
    }

    private async Task ImportAsync(ShopImport import, CancellationToken ct)
    {
        var zone = await ShopZoneAsync(import.ShopId, ct);
        await using var file = store.OpenRead(import.Id);
        var counts = SyncCounts.None;
        var done = 0;
        string? failure = null;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var progress = new ProgressReport(this, import.Id, sqliteImport: db.Database.IsSqlite());
            await using var transaction = await db.Database.BeginBulkTransactionAsync(ct);
            var writer = new ShopDataWriter(db, new SyncScope(import.OrganisationId, import.ShopId, "import", Now, Note: import.ConfirmedByName, Quiet: true));
            try
            {
                var reading = ImportFile.Read(file, import.FileName, import.Kind, zone, import.CreatedAt, sheetLimits.Value);
                if (reading.Sheet is null)
                {
                    throw new ImportStopped("file_changed");
                }

                var chunks = 0;
                foreach (var chunk in Chunks(reading.Records, ChunkOf(import.Kind)))
                {
                    if (chunk.Any(r => r.Snapshot is null))
                    {
                        throw new ImportStopped("file_changed"); // cannot happen for the checked bytes; never import half a file
                    }

                    var outcomes = await WriteAsync(writer, import.Kind, chunk, ct);
                    if (outcomes.Any(o => o is null))
                    {
                        throw new ImportStopped("order_missing");
                    }

                    counts = outcomes.Aggregate(counts, (c, o) => c.Add(o!.Value));
                    done += chunk.Sum(r => r.Rows.Count);
                    await db.RefreshStatisticsAsync(++chunks, ShopDataTables, ct);
                    await progress.ReportAsync(import.Rows == 0 ? 0 : Math.Min(999, done * 1000 / import.Rows), ct);
                }

                // The import's own record moves in the same transaction: imported, and marked so, together.
                var stored = await db.ShopImports.FirstAsync(i => i.Id == import.Id, ct);
                stored.Imported(counts, Now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (ImportStopped stopped)
            {
                failure = stopped.Reason;
            }
            catch (DbUpdateException collided)
            {
                log.LogWarning(collided, "Import {Import} collided with another change; nothing was imported", import.Id);
                failure = "changed_meanwhile";
            }
            catch (UnreadableFileException)
            {
                failure = "file_changed";
            }
            catch (SheetTooLargeException bound)
            {
                failure = bound.Failure; // the bounds were lowered since the check
            }
        }

        if (failure is not null)
        {
            await FinishAsync(import.Id, i => i.Failed(failure, Now), ct);
            log.LogWarning("Import {Import} ({File}) failed ({Reason}); nothing was imported", import.Id, import.FileName, failure);
            return;
        }

        store.Delete(import.Id); // imported: the file has done its work
        events.Publish([new ShopDataImported(import.Id, import.ShopId, import.Kind, counts.New, counts.Updated, Now)]);
        log.LogInformation("Import {Import} ({Kind}, {File}) imported: {Counts}", import.Id, import.Kind, import.FileName, counts);
    }

    private static async Task<IReadOnlyList<SyncOutcome?>> WriteAsync(ShopDataWriter writer, ImportKind kind, List<ImportRecord> records,
        CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return [];
        }

        return kind switch
        {
            ImportKind.Products => (await writer.ProductsAsync(records.Select(r => (PlatformProduct)r.Snapshot!).ToList(), ct)).Cast<SyncOutcome?>().ToList(),
            ImportKind.Orders => (await writer.OrdersAsync(records.Select(r => (PlatformOrder)r.Snapshot!).ToList(), ct)).Cast<SyncOutcome?>().ToList(),
            _ => await writer.LogisticsAsync(records.Select(r => (PlatformLogisticsEvent)r.Snapshot!).ToList(), ct),
        };
    }

    private async Task FinishAsync(Guid importId, Action<ShopImport> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var import = await db.ShopImports.FirstAsync(i => i.Id == importId, ct);
        change(import);
        await db.SaveChangesAsync(ct);
        if (import.Status == ImportStatus.Rejected)
        {
            store.Delete(importId); // a rejected file is never imported: fixed, it comes back as a new upload
        }
    }

    private async Task<TimeZoneInfo> ShopZoneAsync(Guid shopId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return PlatformValues.Zone(await db.Shops.AsNoTracking().Where(s => s.Id == shopId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct));
    }

    /// <summary>What an import writes and then looks up again chunk by chunk.</summary>
    private static readonly Type[] ShopDataTables =
        [typeof(Order), typeof(OrderItem), typeof(Product), typeof(LogisticsEvent), typeof(Customers.Customer), typeof(Customers.CustomerIdentity)];

    private static int ChunkOf(ImportKind kind) => kind == ImportKind.Orders ? OrderChunk : ProductChunk;

    private static IEnumerable<List<ImportRecord>> Chunks(IEnumerable<ImportRecord> records, int size)
    {
        var chunk = new List<ImportRecord>(size);
        foreach (var record in records)
        {
            chunk.Add(record);
            if (chunk.Count == size)
            {
                yield return chunk;
                chunk = new List<ImportRecord>(size);
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private IDbContextFactory<KefuDeskDbContext> DbFactory => dbFactory;

    private sealed class ImportStopped(string reason) : Exception(reason)
    {
        public string Reason { get; } = reason;
    }
}
