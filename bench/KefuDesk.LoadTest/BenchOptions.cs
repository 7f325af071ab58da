using System.Globalization;

namespace KefuDesk.LoadTest;

/// <summary>Command-line options; every one has a default so a bare run against a demo node works.</summary>
public sealed record BenchOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:5000/");
    public int Buyers { get; init; } = 1000;
    public int Agents { get; init; } = 20;
    public double Rate { get; init; } = 200;
    public double DurationSeconds { get; init; } = 30;
    public double WarmupSeconds { get; init; } = 5;
    public double DrainSeconds { get; init; } = 5;
    public int ConnectConcurrency { get; init; } = 50;
    public int BodyLength { get; init; } = 40;
    public string AdminUser { get; init; } = "admin";
    public string AdminPassword { get; init; } = "Admin#2026";
    public string ShopKey { get; init; } = "demo";
    public int? ServerPid { get; init; }
    public string? Label { get; init; }
    public string? JsonOut { get; init; }
    public string Mode { get; init; } = "chat";
    public double SettleSeconds { get; init; } = 75;
    public double ReleaseSeconds { get; init; } = 90;
    public int ReplyEvery { get; init; }
    public string? RelayJson { get; init; }
    public int ReconnectsPerMinute { get; init; }

    /// <summary>The server's highest 接待上限 (AgentSeat.MaxLimit): an agent cannot hold more.</summary>
    public const int MaxReceptionLimit = 200;

    /// <summary>How many conversations each agent claims: its reception limit is set to this.</summary>
    public int ConversationsPerAgent => (Buyers + Agents - 1) / Agents;

    public const string Usage = """
        KefuDesk load generator: N buyers and M agents over SignalR against a running node.

          --url URL               node to drive (default http://127.0.0.1:5000)
          --buyers N              connected buyers (default 1000)
          --agents M              connected agents, created through the admin API (default 20)
          --rate R                target buyer messages per second, open loop (default 200)
          --duration S            measured seconds (default 30)
          --warmup S              seconds of load before measuring, excluded (default 5)
          --drain S               seconds to wait for late acks and deliveries (default 5)
          --connect-concurrency C connections opened at a time (default 50)
          --body-length L         characters per message body (default 40)
          --admin-user U          admin user name (default admin)
          --admin-password P      admin password (default Admin#2026)
          --shop-key K            widget key of the shop the buyers write to (default demo)
          --server-pid PID        read this process's CPU time from /proc over the window
          --label TEXT            free text carried into the JSON result (e.g. sqlite)
          --json-out FILE         also append the JSON result line to FILE
          --mode chat|idle        chat (default): the measured chat load above;
                                  idle: N buyers connect and say nothing; reports the server's RSS
                                  before, connected and after they close (needs --server-pid)
          --reply-every N         agents reply to every Nth buyer message they receive (default 0: never)
          --reconnects-per-minute K  buyers (round robin) that close their connection and open a new
                                  one each minute, same visitor token (default 0)
          --relay-json FILE       a bare relay's JSON result of the same load, measured just before:
                                  the figures are also given as multiples of the relay's
          --settle S              idle: seconds to wait before each RSS reading (default 75: past the
                                  60 s a client keeps its idle negotiate connection; a browser does too)
          --release S             idle: seconds to follow RSS after the buyers close (default 90)
        """;

    /// <summary>Parses <c>--name value</c> pairs; returns null (after printing why) when they make no sense.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                Console.WriteLine(Usage);
                return null;
            }

            if (i + 1 >= args.Length)
            {
                return Fail($"{name} needs a value");
            }

            var value = args[++i];
            try
            {
                o = name switch
                {
                    "--url" => o with { Url = new Uri(value.TrimEnd('/') + "/") },
                    "--buyers" => o with { Buyers = Int(value) },
                    "--agents" => o with { Agents = Int(value) },
                    "--rate" => o with { Rate = Num(value) },
                    "--duration" => o with { DurationSeconds = Num(value) },
                    "--warmup" => o with { WarmupSeconds = Num(value) },
                    "--drain" => o with { DrainSeconds = Num(value) },
                    "--connect-concurrency" => o with { ConnectConcurrency = Int(value) },
                    "--body-length" => o with { BodyLength = Int(value) },
                    "--admin-user" => o with { AdminUser = value },
                    "--admin-password" => o with { AdminPassword = value },
                    "--shop-key" => o with { ShopKey = value },
                    "--server-pid" => o with { ServerPid = Int(value) },
                    "--label" => o with { Label = value },
                    "--json-out" => o with { JsonOut = value },
                    "--mode" => o with { Mode = value is "chat" or "idle" ? value : throw new ArgumentException("chat or idle") },
                    "--settle" => o with { SettleSeconds = Num(value) },
                    "--release" => o with { ReleaseSeconds = Num(value) },
                    "--relay-json" => o with { RelayJson = value },
                    "--reply-every" => o with { ReplyEvery = Int(value) },
                    "--reconnects-per-minute" => o with { ReconnectsPerMinute = Int(value) },
                    _ => throw new ArgumentException($"unknown option {name}"),
                };
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or UriFormatException)
            {
                return Fail($"{name} {value}: {e.Message}");
            }
        }

        if (o.Buyers < 1 || o.Agents < 1 || o.Rate <= 0 || o.DurationSeconds <= 0 || o.WarmupSeconds < 0
            || o.DrainSeconds < 0 || o.ConnectConcurrency < 1 || o.BodyLength is < 1 or > 5000 || o.ReplyEvery < 0 || o.ReconnectsPerMinute < 0)
        {
            return Fail("buyers, agents, rate, duration and concurrency must be positive; body length 1-5000");
        }

        if (o.Mode == "chat" && o.ConversationsPerAgent > MaxReceptionLimit)
        {
            return Fail($"each agent would hold {o.ConversationsPerAgent} conversations, over the reception limit's maximum of {MaxReceptionLimit}: use at least {(o.Buyers + MaxReceptionLimit - 1) / MaxReceptionLimit} agents");
        }

        return o;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Num(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static BenchOptions? Fail(string why)
    {
        Console.Error.WriteLine($"error: {why}");
        Console.Error.WriteLine(Usage);
        return null;
    }
}
