using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KefuDesk.LoadTest;

public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    /// <summary>Nearest-rank percentiles of latencies in milliseconds.</summary>
    public static Percentiles Of(List<double> ms)
    {
        if (ms.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        ms.Sort();
        double At(double p) => ms[Math.Clamp((int)Math.Ceiling(p * ms.Count) - 1, 0, ms.Count - 1)];
        return new Percentiles(ms.Count, Round(At(0.50)), Round(At(0.95)), Round(At(0.99)), Round(ms[^1]));
    }

    private static double Round(double v) => Math.Round(v, 2);
}

/// <summary>Agents' replies and buyers' reconnects during the load (soak).</summary>
public sealed record Churn(long Replies, long RepliesFailed, long Reconnects, long ReconnectsFailed, IReadOnlyList<string> ReplyErrors);

/// <summary>Delivery latency of the messages sent in one minute of the window.</summary>
public sealed record MinuteFigures(int Minute, double DeliveredRate, Percentiles DeliveryMs);

public sealed record SetupTimes(double AgentsSeconds, double BuyersSeconds, double FirstMessagesSeconds, double ClaimsSeconds);

/// <summary>The figures of one run; serialised as the JSON line.</summary>
public sealed record BenchResult(
    string? Label, string Url, string Date, int Buyers, int Agents, double TargetRate, double DurationSeconds, double WarmupSeconds,
    SetupTimes Setup,
    long Sent, double SendRate, double PersistedRate, double DeliveredRate,
    Percentiles AckMs, Percentiles DeliveryMs, Percentiles DeliveryFromScheduleMs,
    long Errors, long Unacked, long Undelivered, long Misrouted, long Duplicates, long SkippedTicks, long ConnectionsLost,
    double SchedulerMaxLagMs, double? ServerCpuPercent, double? GeneratorCpuPercent, double? MachineBusyPercent,
    IReadOnlyList<string> ErrorSamples, Churn Churn, IReadOnlyList<MinuteFigures> PerMinute)
{
    /// <summary>The bare relay's delivery figures for the same load, measured just before (same run).</summary>
    public Percentiles? RelayDeliveryMs { get; init; }

    /// <summary>Reads the delivery figures from the last line of a relay run's JSON results.</summary>
    public BenchResult WithRelay(string? file)
    {
        if (file is null)
        {
            return this;
        }

        var relay = JsonSerializer.Deserialize<BenchResult>(File.ReadLines(file).Last(l => l.Length > 0), JsonOptions)
                    ?? throw new InvalidDataException($"{file} holds no result");
        return this with { RelayDeliveryMs = relay.DeliveryMs };
    }

    /// <summary>Something went wrong with the messages themselves, not just slowly.</summary>
    [JsonIgnore]
    public bool Lossy => Errors + Unacked + Undelivered + Misrouted > 0;

    public static BenchResult From(BenchOptions o, SetupTimes setup, DriveResult drive, MessageLog log, long connectionsLost, Churn churn)
    {
        var window = (drive.WindowEnd - drive.WindowStart) / (double)Stopwatch.Frequency;
        var toMs = 1000.0 / Stopwatch.Frequency;
        var ack = new List<double>();
        var delivery = new List<double>();
        var fromSchedule = new List<double>();
        long sent = 0, acked = 0, delivered = 0, errors = log.Overflow, unacked = 0, undelivered = 0, misrouted = 0, duplicates = 0;
        var samples = new SortedSet<string>(StringComparer.Ordinal);
        var minuteTicks = 60L * Stopwatch.Frequency;
        var minutes = (int)Math.Ceiling((drive.WindowEnd - drive.WindowStart) / (double)minuteTicks);
        var byMinute = Enumerable.Range(0, minutes).Select(_ => new List<double>()).ToArray();
        bool In(long t) => t >= drive.WindowStart && t < drive.WindowEnd;

        for (var i = 0; i < log.Count; i++)
        {
            ref var e = ref log[i];
            acked += e.AckedAt != 0 && In(e.AckedAt) ? 1 : 0;
            delivered += e.DeliveredAt != 0 && In(e.DeliveredAt) ? 1 : 0;
            if (!In(e.SentAt))
            {
                continue;
            }

            sent++;
            if (e.FailedAt != 0)
            {
                errors++;
                if (samples.Count < 5 && e.Error is not null)
                {
                    samples.Add(e.Error);
                }

                continue;
            }

            if (e.AckedAt == 0)
            {
                unacked++;
            }
            else
            {
                ack.Add((e.AckedAt - e.SentAt) * toMs);
            }

            if (e.DeliveredAt == 0)
            {
                undelivered++;
                continue;
            }

            delivery.Add((e.DeliveredAt - e.SentAt) * toMs);
            byMinute[Math.Min((int)((e.SentAt - drive.WindowStart) / minuteTicks), minutes - 1)].Add((e.DeliveredAt - e.SentAt) * toMs);
            fromSchedule.Add((e.DeliveredAt - e.ScheduledAt) * toMs);
            misrouted += e.DeliveredTo != e.ExpectedAgent ? 1 : 0;
            duplicates += e.Deliveries > 1 ? 1 : 0;
        }

        var (a, b) = (drive.CpuAtStart, drive.CpuAtEnd);
        var machine = a.MachineTotalSeconds is { } t0 && b.MachineTotalSeconds is { } t1 && t1 > t0
            ? (b.MachineBusySeconds - a.MachineBusySeconds) / (t1 - t0) * 100
            : null;
        return new BenchResult(o.Label, o.Url.ToString(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            o.Buyers, o.Agents, o.Rate, Math.Round(window, 2), o.WarmupSeconds, setup,
            sent, Rate(sent, window), Rate(acked, window), Rate(delivered, window),
            Percentiles.Of(ack), Percentiles.Of(delivery), Percentiles.Of(fromSchedule),
            errors, unacked, undelivered, misrouted, duplicates, drive.SkippedInWindow, connectionsLost,
            Math.Round(drive.MaxLagMs, 2),
            Round(CpuSample.CorePercent(a.ServerSeconds, b.ServerSeconds, a.At, b.At)),
            Round(CpuSample.CorePercent(a.SelfSeconds, b.SelfSeconds, a.At, b.At)),
            Round(machine), samples.ToList(), churn,
            minutes > 1
                ? byMinute.Select((ms, i) => new MinuteFigures(i + 1, Rate(ms.Count, Math.Min(60, window - i * 60)), Percentiles.Of(ms))).ToList()
                : []);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void PrintTable(TextWriter w)
    {
        string Ms(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00", CultureInfo.InvariantCulture);
        string Pct(double? v) => v is { } p ? p.ToString("0", CultureInfo.InvariantCulture) + "%" : "n/a";
        string Row(string name, Percentiles p) =>
            $"| {name,-26} | {Ms(p.P50),8} | {Ms(p.P95),8} | {Ms(p.P99),8} | {Ms(p.Max),8} | {p.Count,8} |";

        w.WriteLine();
        w.WriteLine(FormattableString.Invariant(
            $"KefuDesk chat load{(Label is null ? "" : $" [{Label}]")}: {Buyers} buyers, {Agents} agents, target {TargetRate:0} msg/s, {DurationSeconds:0.#} s measured after {WarmupSeconds:0.#} s warm-up"));
        w.WriteLine(FormattableString.Invariant(
            $"setup: agents {Setup.AgentsSeconds:0.0} s, {Buyers} buyers connected in {Setup.BuyersSeconds:0.0} s, first messages {Setup.FirstMessagesSeconds:0.0} s, claims {Setup.ClaimsSeconds:0.0} s"));
        w.WriteLine();
        w.WriteLine("| throughput                 |    msg/s |");
        w.WriteLine("|----------------------------|---------:|");
        w.WriteLine(FormattableString.Invariant($"| sent (achieved)            | {SendRate,8:0.0} |"));
        w.WriteLine(FormattableString.Invariant($"| persisted (acknowledged)   | {PersistedRate,8:0.0} |"));
        w.WriteLine(FormattableString.Invariant($"| delivered (to the agent)   | {DeliveredRate,8:0.0} |"));
        w.WriteLine();
        w.WriteLine("| latency, ms                |      p50 |      p95 |      p99 |      max |    count |");
        w.WriteLine("|----------------------------|---------:|---------:|---------:|---------:|---------:|");
        w.WriteLine(Row("ack (send -> persisted)", AckMs));
        w.WriteLine(Row("delivery (send -> agent)", DeliveryMs));
        // Measured from when the send was due: includes any lag of the generator itself (or a skipped
        // slot's wait), so a gap to the row above means the generator, not the server, fell behind.
        w.WriteLine(Row("delivery (due -> agent)", DeliveryFromScheduleMs));
        if (RelayDeliveryMs is { } r)
        {
            w.WriteLine(Row("delivery, bare relay", r));
            w.WriteLine(FormattableString.Invariant(
                $"node ÷ bare relay, same run: p50 {DeliveryMs.P50 / r.P50:0.0}×, p95 {DeliveryMs.P95 / r.P95:0.0}×, p99 {DeliveryMs.P99 / r.P99:0.0}×"));
        }

        w.WriteLine();
        w.WriteLine($"messages sent in window {Sent}; errors {Errors}; unacked {Unacked}; undelivered {Undelivered}; " +
                    $"misrouted {Misrouted}; duplicates {Duplicates}; ticks skipped (buyer busy) {SkippedTicks}; connections lost {ConnectionsLost}");
        w.WriteLine(FormattableString.Invariant(
            $"CPU over the window: server {Pct(ServerCpuPercent)} of a core, generator {Pct(GeneratorCpuPercent)}, machine {Pct(MachineBusyPercent)} busy; scheduler max lag {SchedulerMaxLagMs:0.0} ms"));
        if (Churn.Replies + Churn.Reconnects > 0)
        {
            w.WriteLine($"agents' replies {Churn.Replies} (failed {Churn.RepliesFailed}); buyers reconnected {Churn.Reconnects} (failed {Churn.ReconnectsFailed})");
            foreach (var why in Churn.ReplyErrors)
            {
                w.WriteLine($"  reply failed: {why}");
            }
        }

        if (PerMinute.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("| minute | delivered msg/s | delivery p50 | p95 | p99 | max |");
            w.WriteLine("|-------:|----------------:|-------------:|----:|----:|----:|");
            foreach (var m in PerMinute)
            {
                w.WriteLine(FormattableString.Invariant(
                    $"| {m.Minute,6} | {m.DeliveredRate,15:0.0} | {Ms(m.DeliveryMs.P50),12} | {Ms(m.DeliveryMs.P95)} | {Ms(m.DeliveryMs.P99)} | {Ms(m.DeliveryMs.Max)} |"));
            }

            w.WriteLine();
        }

        foreach (var sample in ErrorSamples)
        {
            w.WriteLine($"  error: {sample}");
        }

        w.WriteLine(Verdict());
    }

    /// <summary>The issue's aims, checked against the delivery figures.</summary>
    private string Verdict()
    {
        var p = DeliveryMs;
        var keptUp = DeliveredRate >= TargetRate * 0.99 && PersistedRate >= TargetRate * 0.99 && !Lossy;
        if (TargetRate >= 1000)
        {
            return FormattableString.Invariant(
                $"aim (1000 msg/s sustained, delivery p99 <= 50 ms): {(keptUp && TargetRate >= 1000 && p.P99 <= 50 ? "met" : "NOT met")}");
        }

        return TargetRate <= 200
            ? FormattableString.Invariant(
                $"aim (at 200 msg/s: delivery p50 <= 3 ms, p99 <= 20 ms): {(keptUp && p.P50 <= 3 && p.P99 <= 20 ? "met" : "NOT met")}")
            : "aim: the issue states aims for 200 and 1000 msg/s only";
    }

    private static double Rate(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : 0;

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 1) : null;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
