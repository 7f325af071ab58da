using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Search;

/// <summary>
/// Once a minute, on one node: indexes messages stored without their search entry (demo data,
/// history from before search existed or brought in by an import; messages the conversation writer
/// stores are indexed in the same transaction, see <see cref="SearchIndexInBatch"/>). It walks
/// messages by creation time from a stored cursor, so each run looks only at what is new since the
/// last, plus a settling margin for transactions that were still committing and for clock
/// differences between nodes.
/// </summary>
public sealed class SearchCatchUp(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    SearchIndexWriter writer,
    TimeProvider clock,
    ILogger<SearchCatchUp> log)
    : LeasedJob(dbFactory, clock, log)
{
    /// <summary>Messages younger than this may still be committing somewhere: the cursor stays behind them.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(2);

    public const int BatchSize = 1000;

    /// <summary>Bounds one run (a backfill of a large history continues on the next run).</summary>
    private const int MaxBatchesPerRun = 100;

    private static readonly DateTime Beginning = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    protected override string Name => "search-catch-up";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    /// <summary>
    /// Fills in at start what happened while no node ran (on the first start with search, the whole
    /// history), then once a minute like any leased job.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await TryHoldLeaseAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Search catch-up failed at start; it runs again in {Interval}", Interval);
        }

        await base.ExecuteAsync(stoppingToken);
    }

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        for (var i = 0; i < MaxBatchesPerRun; i++)
        {
            var (added, caughtUp) = await StepAsync(ct);
            total += added;
            if (caughtUp)
            {
                break;
            }
        }

        if (total > 0)
        {
            log.LogInformation("Search catch-up indexed {Count} message(s) stored without a search entry", total);
        }
    }

    /// <summary>One batch: returns how many entries were added and whether the cursor reached the settled present.</summary>
    public async Task<(int Added, bool CaughtUp)> StepAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var cursor = await db.Set<SearchIndexCursor>().FirstOrDefaultAsync(c => c.Name == SearchIndexCursor.Messages, ct);
        if (cursor is null)
        {
            cursor = new SearchIndexCursor(SearchIndexCursor.Messages, Beginning);
            db.Add(cursor);
        }

        var since = cursor.CheckedUpTo;
        var entries = db.Set<MessageSearchEntry>();
        var missing = await (
                from m in db.Messages.AsNoTracking()
                join c in db.Conversations on m.ConversationId equals c.Id
                where m.CreatedAt >= since
                      && (m.Kind == MessageKind.Text || m.Kind == MessageKind.Image || m.Kind == MessageKind.File)
                      && !entries.Any(e => e.MessageId == m.Id)
                orderby m.CreatedAt
                select new { Message = m, c.ShopId, c.Channel })
            .Take(BatchSize)
            .ToListAsync(ct);

        var added = await writer.AddAsync(missing.Select(x => IndexedMessage.From(MessageView.From(x.Message), x.ShopId, x.Channel)).ToList(), ct);

        var caughtUp = missing.Count < BatchSize;
        var upTo = caughtUp ? now : missing[^1].Message.CreatedAt;

        // A recall whose event was lost: recalls come within minutes of the message, so looking at
        // the messages of this step's stretch of time (and a little before) finds them.
        var recallFrom = since - Message.RecallWindow;
        var recalled = await db.Messages.AsNoTracking()
            .Where(m => m.CreatedAt >= recallFrom && m.CreatedAt <= upTo && m.RecalledAt != null)
            .Select(m => m.Id)
            .ToListAsync(ct);
        await writer.MarkRecalledAsync(recalled, ct);

        cursor.Advance(caughtUp ? now - Settle : upTo);
        await db.SaveChangesAsync(ct);
        return (added, caughtUp);
    }
}
