using System.Diagnostics;

namespace KefuDesk.ImportBench;

/// <summary>Times one phase: wall time, this process's CPU time, bytes allocated and the memory peaks.</summary>
internal static class PhaseTimer
{
    public static async Task<Phase> TimeAsync(Func<Task> run)
    {
        await using var memory = new MemoryWatch();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        await run();
        watch.Stop();
        process.Refresh();
        return new Phase(watch.Elapsed, process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes() - allocated, memory.Peak);
    }
}
