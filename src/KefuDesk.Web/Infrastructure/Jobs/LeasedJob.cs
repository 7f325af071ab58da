using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Infrastructure.Jobs;

/// <summary>
/// A job that runs on one node of the cluster at a time, every <see cref="Interval"/>: before each
/// run the node takes (or renews) the job's lease row, and skips the run when another node holds it.
/// </summary>
public abstract class LeasedJob(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>This node (each app instance has its own), as lease holders are named.</summary>
    private readonly string _me = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected IDbContextFactory<KefuDeskDbContext> DbFactory => dbFactory;

    protected TimeProvider Clock => clock;

    protected abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass of the job. Public so tests can run it at a chosen moment of a manual clock.</summary>
    public abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunIfHolderAsync(stoppingToken);
        }
    }

    /// <summary>Runs one pass if this node holds the lease; a failure is logged and the next pass tries again.</summary>
    protected async Task RunIfHolderAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await TryHoldLeaseAsync(stoppingToken))
            {
                using var passing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var heartbeat = KeepLeaseAsync(passing.Token);
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                finally
                {
                    await passing.CancelAsync();
                    await heartbeat;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Job {Job} failed; it runs again in {Interval}", Name, Interval);
        }
    }

    /// <summary>
    /// Renews the lease every interval while a pass runs. A pass slower than the lease (a rush on a
    /// busy machine) would otherwise let another node start one beside it, deciding from a picture
    /// without this pass's uncommitted work: the router would give the same agents twice their share.
    /// </summary>
    private async Task KeepLeaseAsync(CancellationToken passing)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, clock, passing);
                if (!await TryHoldLeaseAsync(passing))
                {
                    logger.LogWarning("Job {Job} lost its lease during a pass (the pass took more than {Lease})", Name, Interval * 3);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The pass is over.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Job {Job} could not renew its lease during a pass", Name);
        }
    }

    /// <summary>
    /// Takes the lease if it is free or lapsed, or renews it if it is ours. A lease renewed less than
    /// an interval ago is still ours for two more (nobody else may take it before it lapses), so the
    /// row is not written again: the router passes many times a second in a rush, and on SQLite each
    /// renewal was a write (a sync to disk, and a turn at the write gate the chat path waits for).
    /// </summary>
    public async Task<bool> TryHoldLeaseAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + (Interval * 3);
        if (_heldUntil - now > Interval * 2)
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!_leaseRowSeen && !await db.JobLeases.AnyAsync(l => l.Name == Name, ct))
        {
            db.JobLeases.Add(new JobLease(Name));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node created it first; fine.
            }
        }

        _leaseRowSeen = true;
        var taken = await db.JobLeases
            .Where(l => l.Name == Name && (l.Holder == _me || l.Holder == null || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, _me).SetProperty(l => l.ExpiresAt, until), ct);
        _heldUntil = taken == 1 ? until : DateTime.MinValue;
        return taken == 1;
    }

    // Until when this node is known to hold the lease (written by the one loop that runs the job and its heartbeat).
    private DateTime _heldUntil = DateTime.MinValue;
    private bool _leaseRowSeen;
}
