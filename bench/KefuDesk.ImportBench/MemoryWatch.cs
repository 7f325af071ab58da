using System.Diagnostics;

namespace KefuDesk.ImportBench;

/// <summary>Samples the process's working set and managed heap every 50 ms, so each phase reports its own peak.</summary>
public sealed class MemoryWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakWorkingSet;
    private long _peakHeap;

    public MemoryWatch() => _loop = Task.Run(async () =>
    {
        using var process = Process.GetCurrentProcess();
        while (!_stop.IsCancellationRequested)
        {
            process.Refresh();
            _peakWorkingSet = Math.Max(_peakWorkingSet, process.WorkingSet64);
            _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    });

    public (long WorkingSet, long Heap) Peak => (_peakWorkingSet, _peakHeap);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }
}
