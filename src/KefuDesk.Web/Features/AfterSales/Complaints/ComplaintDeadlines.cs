using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>
/// Once a minute, on one node of the cluster: open complaints past their deadline are marked
/// overdue and escalated to the shop's supervisors (each once per deadline; reopening sets a new one).
/// </summary>
public sealed class ComplaintDeadlines(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    ComplaintDesk desk,
    TimeProvider clock,
    ILogger<ComplaintDeadlines> log)
    : LeasedJob(dbFactory, clock, log)
{
    private const int Batch = 200;

    protected override string Name => "complaint-deadlines";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await DbFactory.CreateDbContextAsync(ct))
        {
            due = await db.Set<Complaint>()
                .Where(c => c.Status == ComplaintStatus.Open && c.Deadline < now && c.OverdueAt == null)
                .OrderBy(c => c.Deadline).Select(c => c.Id).Take(Batch).ToListAsync(ct);
        }

        foreach (var id in due)
        {
            await desk.MarkOverdueAsync(id, ct);
        }
    }
}
