using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.AfterSales;

/// <summary>
/// Escalates cases whose current step passed its deadline (first review, decision, the buyer's
/// return, inspection, refund or dispatch): each gets flagged once per step, with an entry in its
/// history, and supervisors see it on top of the list. Runs on one node at a time.
/// </summary>
public sealed class CaseEscalation(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, AfterSalesCases cases,
    IOptions<AfterSalesOptions> options, ILogger<CaseEscalation> log) : LeasedJob(dbFactory, clock, log)
{
    private const int Batch = 500;

    protected override string Name => "after-sales-deadlines";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Value.DeadlineSweepSeconds));

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await DbFactory.CreateDbContextAsync(ct))
        {
            due = await db.Set<AfterSalesCase>().Where(c => c.DueAt != null && c.DueAt < now && c.EscalatedAt == null)
                .OrderBy(c => c.DueAt).Select(c => c.Id).Take(Batch).ToListAsync(ct);
        }

        var escalated = 0;
        foreach (var id in due)
        {
            escalated += await cases.EscalateAsync(id, ct) ? 1 : 0;
        }

        if (escalated > 0)
        {
            log.LogInformation("{Count} after-sales cases passed their deadline and were escalated", escalated);
        }
    }
}
