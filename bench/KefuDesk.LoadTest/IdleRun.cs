using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace KefuDesk.LoadTest;

/// <summary>The server's resident memory around many idle buyers (widget open, nothing said).</summary>
public sealed record IdleResult(
    string? Label, string Date, int Buyers, double ConnectSeconds, long ConnectionsLost,
    double RssBeforeMiB, double RssConnectedMiB, double RssAfterCloseMiB, double RssLowestAfterCloseMiB,
    double KiBPerConnection, double ReturnedPercent, double SettleSeconds, double ReleaseSeconds,
    IReadOnlyList<double> RssAfterCloseSeriesMiB)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public void PrintTable(TextWriter w)
    {
        w.WriteLine();
        w.WriteLine(FormattableString.Invariant($"KefuDesk idle buyers{(Label is null ? "" : $" [{Label}]")}: {Buyers} connected in {ConnectSeconds:0.0} s, connections lost {ConnectionsLost}"));
        w.WriteLine("| server RSS                        |      MiB |");
        w.WriteLine("|-----------------------------------|---------:|");
        w.WriteLine(FormattableString.Invariant($"| before (warm, no buyers)          | {RssBeforeMiB,8:0.0} |"));
        w.WriteLine(FormattableString.Invariant($"| {Buyers,6} idle buyers connected     | {RssConnectedMiB,8:0.0} |"));
        w.WriteLine(FormattableString.Invariant($"| {ReleaseSeconds,3:0} s after they all closed      | {RssAfterCloseMiB,8:0.0} |"));
        w.WriteLine(FormattableString.Invariant($"| lowest after they closed          | {RssLowestAfterCloseMiB,8:0.0} |"));
        w.WriteLine(FormattableString.Invariant($"per idle connection: {KiBPerConnection:0.0} KiB; returned after close: {ReturnedPercent:0}% of what they took"));
    }
}

/// <summary>
/// Warm the connect path (a few hundred buyers come and go), read the server's RSS, connect N buyers
/// that only hold their widget connection open, read it again once settled, close them all and
/// follow RSS for a while: does the node give the memory back?
/// </summary>
public sealed class IdleRun(BenchOptions o)
{
    private long _lost;
    // Only the measured buyers, between connecting and our own close, can be lost.
    private volatile bool _watching;

    public async Task<IdleResult> RunAsync(CancellationToken ct)
    {
        var pid = o.ServerPid ?? throw new InvalidOperationException("--mode idle needs --server-pid (the node's RSS is the figure)");
        using var http = Http.Client(o.Url);

        Say("warming the connect path");
        await CloseAsync(await ConnectAsync(http, Math.Min(300, o.Buyers), ct));
        await Task.Delay(TimeSpan.FromSeconds(o.SettleSeconds), ct);
        var before = RssMiB(pid);

        var clock = Stopwatch.StartNew();
        _watching = true;
        var buyers = await ConnectAsync(http, o.Buyers, ct);
        var connectSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        Say($"{o.Buyers} buyers connected in {connectSeconds} s; settling {o.SettleSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(o.SettleSeconds), ct);
        var connected = RssMiB(pid);

        _watching = false;
        await CloseAsync(buyers);
        Say($"all closed; following RSS for {o.ReleaseSeconds} s");
        var series = new List<double>();
        var until = Stopwatch.GetTimestamp() + (long)(o.ReleaseSeconds * Stopwatch.Frequency);
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            series.Add(RssMiB(pid));
        }
        while (Stopwatch.GetTimestamp() < until);

        var taken = connected - before;
        return new IdleResult(o.Label, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), o.Buyers,
            connectSeconds, Interlocked.Read(ref _lost), before, connected, series[^1], series.Min(),
            Math.Round(taken * 1024 / o.Buyers, 1), taken > 0 ? Math.Round((connected - series[^1]) / taken * 100) : 0,
            o.SettleSeconds, o.ReleaseSeconds, series);
    }

    private async Task<BuyerClient[]> ConnectAsync(HttpClient http, int count, CancellationToken ct)
    {
        var buyers = new BuyerClient[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var buyer = await BuyerClient.StartAsync(o.Url, http, o.ShopKey, i, token);
                buyer.Connection.Closed += e =>
                {
                    if (_watching && Interlocked.Increment(ref _lost) == 1)
                    {
                        Say($"buyer {i}'s connection closed: {e?.GetType().Name}: {e?.Message}");
                    }

                    return Task.CompletedTask;
                };
                buyers[i] = buyer;
            });
        return buyers;
    }

    private Task CloseAsync(BuyerClient[] buyers) =>
        Parallel.ForEachAsync(buyers, new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency },
            async (b, _) => await b.DisposeAsync());

    /// <summary>Resident set size of a process in MiB, from /proc (Linux).</summary>
    public static double RssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return Math.Round(kib / 1024.0, 1);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS");
    }

    private static void Say(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
