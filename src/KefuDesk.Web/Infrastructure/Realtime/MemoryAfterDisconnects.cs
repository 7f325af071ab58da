using System.Diagnostics;
using System.Runtime;

namespace KefuDesk.Infrastructure.Realtime;

/// <summary>
/// Gives memory back to the machine after many connections close. The GC keeps the memory it
/// grew into for thousands of sockets, and a node left quiet afterwards allocates too little to
/// collect at all, so resident memory stays at its peak. When the open connections fall well
/// below their peak (<see cref="DisconnectWave"/>), one aggressive collection compacts what is left and decommits the rest.
/// The pause is one full compacting collection of what is still live, paid once per large wave
/// of disconnects, not per connection.
/// </summary>
public sealed partial class MemoryAfterDisconnects(ConnectionGauge gauge, TimeProvider clock, ILogger<MemoryAfterDisconnects> log)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wave = new DisconnectWave();
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var open = gauge.Open;
            if (wave.Ended(open))
            {
                Return(open);
            }
        }
    }

    private void Return(long open)
    {
        var before = Environment.WorkingSet;
        var started = Stopwatch.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var took = Stopwatch.GetElapsedTime(started);
        Returned(log, open, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024), took.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Many connections closed ({Open} open now): memory returned, working set {BeforeMiB} -> {AfterMiB} MiB in {Milliseconds:0} ms")]
    private static partial void Returned(ILogger logger, long open, long beforeMiB, long afterMiB, double milliseconds);
}
