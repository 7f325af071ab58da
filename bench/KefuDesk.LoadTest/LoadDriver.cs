using System.Diagnostics;

namespace KefuDesk.LoadTest;

/// <summary>What the scheduler did, in Stopwatch ticks.</summary>
public sealed record DriveResult(long StartedAt, long WindowStart, long WindowEnd, long SkippedInWindow, long SkippedTotal,
    long SlotsInWindow, double MaxLagMs, CpuSample CpuAtStart, CpuSample CpuAtEnd);

/// <summary>
/// Open-loop driver: slot j falls at start + j/R and belongs to buyer j mod N, so each buyer sends
/// every N/R seconds and the buyers' sends interleave evenly. The schedule never waits for the
/// server; a buyer still waiting for its previous acknowledgement skips its slot (counted).
/// One thread sleeps between slots rather than spinning: the server needs the cores more.
/// </summary>
public sealed class LoadDriver(IReadOnlyList<BuyerClient> buyers, IReadOnlyList<int> expectedAgent, MessageLog log,
    string body, BenchOptions options)
{
    public DriveResult Run(CancellationToken ct)
    {
        var f = (double)Stopwatch.Frequency;
        var slotTicks = f / options.Rate;
        var started = Stopwatch.GetTimestamp();
        var windowStart = started + (long)(options.WarmupSeconds * f);
        var windowEnd = windowStart + (long)(options.DurationSeconds * f);
        long slot = 0, skippedInWindow = 0, skippedTotal = 0, slotsInWindow = 0;
        var maxLag = 0L;
        CpuSample? atStart = null;

        while (!ct.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (atStart is null && now >= windowStart)
            {
                atStart = CpuSample.Take(options.ServerPid);
            }

            long due;
            while ((due = started + (long)(slot * slotTicks)) <= now && due < windowEnd)
            {
                var buyer = (int)(slot % buyers.Count);
                var inWindow = due >= windowStart;
                slotsInWindow += inWindow ? 1 : 0;
                if (!buyers[buyer].TrySend(log, expectedAgent[buyer], body, due))
                {
                    skippedTotal++;
                    skippedInWindow += inWindow ? 1 : 0;
                }

                maxLag = Math.Max(maxLag, Stopwatch.GetTimestamp() - due);
                slot++;
            }

            if (due >= windowEnd)
            {
                break;
            }

            var waitMs = (due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            Thread.Sleep((int)Math.Clamp(waitMs, 1, 100));
        }

        // The window closes on schedule, not when the last slot fired: rates divide by the real window.
        while (Stopwatch.GetTimestamp() < windowEnd && !ct.IsCancellationRequested)
        {
            Thread.Sleep(1);
        }

        var atEnd = CpuSample.Take(options.ServerPid);
        return new DriveResult(started, windowStart, windowEnd, skippedInWindow, skippedTotal, slotsInWindow,
            maxLag * 1000.0 / f, atStart ?? atEnd, atEnd);
    }
}
