using System.Diagnostics;
using System.Globalization;

namespace KefuDesk.LoadTest;

/// <summary>
/// CPU seconds used so far by the server process, by this generator and by the whole machine,
/// read from /proc (Linux only; elsewhere the figures stay empty). Two samples give the share of
/// a core each used over the measured window, which tells whether the box itself was the limit.
/// </summary>
public sealed record CpuSample(long At, double? ServerSeconds, double? SelfSeconds, double? MachineBusySeconds, double? MachineTotalSeconds)
{
    // Kernel clock ticks as /proc reports them (USER_HZ); 100 on every mainstream Linux build.
    private const double TicksPerSecond = 100;

    public static CpuSample Take(int? serverPid) =>
        new(Stopwatch.GetTimestamp(), serverPid is { } pid ? ProcessSeconds(pid) : null, ProcessSeconds(Environment.ProcessId),
            MachineSeconds(busy: true), MachineSeconds(busy: false));

    /// <summary>Percent of one core used between two samples (200 = both cores of this machine).</summary>
    public static double? CorePercent(double? from, double? to, long fromAt, long toAt)
    {
        var wall = (toAt - fromAt) / (double)Stopwatch.Frequency;
        return from is { } a && to is { } b && wall > 0 ? (b - a) / wall * 100 : null;
    }

    private static double? ProcessSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture))
                   / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static double? MachineSeconds(bool busy)
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var cpu = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal (guest time is already inside user).
            var total = cpu.Take(8).Sum();
            var idle = cpu[3] + cpu[4];
            return (busy ? total - idle : total) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
