using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Search;

/// <summary>
/// PostgreSQL only, every few seconds on one node: merges the search index's pending list into the
/// index. Search entries are written in the chat path's transaction, where a GIN fast-update insert
/// is a cheap append; left alone, the list fills up and the insert that finds it full merges all of
/// it inside a chat batch (a stall of up to a second). Merged here, it never fills.
/// </summary>
public sealed class SearchIndexUpkeep(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    TimeProvider clock,
    ILogger<SearchIndexUpkeep> log)
    : LeasedJob(dbFactory, clock, log)
{
    /// <summary>The index whose pending list is merged (see the migration SearchIndexPendingListMergedAside).</summary>
    public const string IndexName = "IX_MessageSearchEntries_SearchVector";

    protected override string Name => "search-index-upkeep";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    /// <summary>SQLite has no pending list: there the job does not run at all (not even to take its lease).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var db = await DbFactory.CreateDbContextAsync(stoppingToken))
        {
            if (!db.Database.IsNpgsql())
            {
                return;
            }
        }

        await base.ExecuteAsync(stoppingToken);
    }

    /// <summary>Pages merged by the last pass (0 on SQLite), for tests and logs.</summary>
    public long LastMerged { get; private set; }

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        LastMerged = await db.Database
            .SqlQueryRaw<long>($"""SELECT gin_clean_pending_list('"{IndexName}"'::regclass) AS "Value" """)
            .SingleAsync(ct);
        if (LastMerged > 0)
        {
            log.LogDebug("Merged {Pages} pending pages into the search index", LastMerged);
        }
    }
}
