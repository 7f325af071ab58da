using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Routing.Dispatch;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Hosting;
using KefuDesk.RoutingBench;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// dotnet KefuDesk.RoutingBench.dll <sqlite|postgres> [--agents 200] [--waiting 10000] [--limit 10] [--rounds 5] [--rate 20] [--seconds 30]
// PostgreSQL: the server in KEFUDESK_TEST_POSTGRES (scripts/services.sh starts one); a new database per part.
var provider = args.Length > 0 && args[0].Equals("postgres", StringComparison.OrdinalIgnoreCase) ? "Postgres" : "Sqlite";
var agents = Option("--agents", 200);
var waiting = Option("--waiting", 10_000);
var limit = Option("--limit", 10);
var rounds = Option("--rounds", 5);
var rate = Option("--rate", 20);
var seconds = Option("--seconds", 30);
var work = Path.Combine(Path.GetTempPath(), "kd-routingbench");
Directory.CreateDirectory(work);
var json = JsonDefaults.Apply(new JsonSerializerOptions());

Console.WriteLine($"### {provider}: routing with {agents} agents (limit {limit}), {waiting:N0} waiting buyers");
Console.WriteLine();

// Part 1: the router's decisions, driven pass by pass.
await using (var node = await Node.StartAsync(provider, work, new() { ["KefuDesk:Routing:PassMilliseconds"] = "86400000", ["KefuDesk:Routing:WakeOnActivity"] = "false" }))
{
    var factory = node.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
    Guid organisationId, shopId;
    List<Guid> agentIds;
    await using (var db = await factory.CreateDbContextAsync())
    {
        var seeded = await Seed.ShopWithAgentsAsync(db, agents, limit);
        (organisationId, shopId, agentIds) = (seeded.OrganisationId, seeded.Shop.Id, seeded.Agents);
    }

    var seedWatch = Stopwatch.StartNew();
    await Seed.WaitingBuyersAsync(factory, organisationId, shopId, waiting);
    Say($"seeded {waiting:N0} waiting buyers in {seedWatch.Elapsed.TotalSeconds:F0} s");
    var router = node.Services.GetRequiredService<Router>();
    var writer = node.Services.GetRequiredService<ConversationWriter>();
    var category = await Scalar(factory, db => db.ConsultationCategories.Where(c => c.OrganisationId == organisationId && c.ParentId != null).Select(c => c.Id).FirstAsync());

    Console.WriteLine("| pass | waiting before | assigned | queued or other decisions | pass ms | read ms | decide ms | decisions/s | commit p50 ms | commit p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (var round = 0; round <= rounds; round++)
    {
        if (round > 0)
        {
            // Every agent resolves their oldest conversation: 1 free seat each.
            var oldest = await Scalar(factory, db => db.Conversations.Where(c => c.ShopId == shopId && c.Status == ConversationStatus.Open)
                .GroupBy(c => c.AssigneeId!.Value).Select(g => new { Agent = g.Key, Id = g.OrderBy(c => c.AssignedAt).First().Id }).ToListAsync());
            await Task.WhenAll(oldest.Select(o => writer.ExecuteAsync(new ResolveConversation(
                new StaffAccess(o.Agent, "客服", new HashSet<Guid> { shopId }, false), o.Id, new ConsultationRecordInput(category, "已解答", null)))));
        }

        await router.RunOnceAsync(CancellationToken.None);
        var p = router.LastPass;
        var commits = p.CommitTimes.Select(t => t.TotalMilliseconds).ToList();
        Console.WriteLine($"| {(round == 0 ? "first (rush)" : $"after {agents} resolved")} | {p.Considered:N0} | {p.Assigned:N0} | {p.Decisions - p.Assigned:N0} | " +
                          $"{p.Total.TotalMilliseconds:F0} | {p.ReadTime.TotalMilliseconds:F0} | {p.DecideTime.TotalMilliseconds:F1} | " +
                          $"{p.Decisions / p.Total.TotalSeconds:N0} | {P(commits, 50):F0} | {P(commits, 99):F0} |");
    }
}

// Part 2: first message to greeting, through HTTP and SignalR, routing live (woken by activity).
Console.WriteLine();
await using (var node = await Node.StartAsync(provider, work, []))
{
    var factory = node.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
    string widgetKey;
    await using (var db = await factory.CreateDbContextAsync())
    {
        widgetKey = (await Seed.ShopWithAgentsAsync(db, agents, limit)).Shop.WidgetKey;
    }

    var buyers = Math.Min(rate * seconds, agents * limit);
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var missing = 0;
    using var http = new HttpClient { BaseAddress = node.Address };
    var started = Stopwatch.StartNew();
    var runs = new List<Task>();
    for (var i = 0; i < buyers; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / rate);
        if (started.Elapsed < due)
        {
            await Task.Delay(due - started.Elapsed);
        }

        var n = i;
        runs.Add(Task.Run(async () =>
        {
            if (await BuyerAsync(http, node.Address, widgetKey, n) is { } ms)
            {
                latencies.Add(ms);
            }
            else
            {
                Interlocked.Increment(ref missing);
            }
        }));
    }

    await Task.WhenAll(runs);
    var l = latencies.ToList();
    Console.WriteLine($"| first message → greeting ({provider}) | buyers | p50 ms | p95 ms | p99 ms | max ms | no greeting within 10 s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {rate} new buyers/s for {seconds} s | {buyers} | {P(l, 50):F0} | {P(l, 95):F0} | {P(l, 99):F0} | {(l.Count > 0 ? l.Max() : 0):F0} | {missing} |");
}

Console.WriteLine();
Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

// One buyer: opens the widget session and hub, writes, and waits for the automatic greeting.
async Task<double?> BuyerAsync(HttpClient http, Uri address, string widgetKey, int n)
{
    var session = await (await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey }, json)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(json);
    var token = session.GetProperty("visitorToken").GetString()!;
    var greeted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
    await using var hub = new HubConnectionBuilder().WithUrl(new Uri(address, "/hubs/buyer"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
    hub.On<JsonElement>("messageCreated", m =>
    {
        if (m.TryGetProperty("sender", out var sender) && sender.GetString() == "bot")
        {
            greeted.TrySetResult(Stopwatch.GetTimestamp());
        }
    });
    await hub.StartAsync();
    using var send = new HttpRequestMessage(HttpMethod.Post, "/api/widget/messages") { Content = JsonContent.Create(new { clientMessageId = $"b{n}", body = "你好,在吗?" }) };
    send.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var sentAt = Stopwatch.GetTimestamp();
    (await http.SendAsync(send)).EnsureSuccessStatusCode();
    var done = await Task.WhenAny(greeted.Task, Task.Delay(TimeSpan.FromSeconds(10)));
    return done == greeted.Task ? Stopwatch.GetElapsedTime(sentAt, greeted.Task.Result).TotalMilliseconds : null;
}

static async Task<T> Scalar<T>(IDbContextFactory<KefuDeskDbContext> factory, Func<KefuDeskDbContext, Task<T>> query)
{
    await using var db = await factory.CreateDbContextAsync();
    return await query(db);
}

static double P(List<double> values, int percentile)
{
    if (values.Count == 0)
    {
        return 0;
    }

    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static void Say(string text) => Console.Error.WriteLine($"[routingbench {DateTime.Now:HH:mm:ss}] {text}");

/// <summary>A real KefuDesk node in this process, on a fresh database and a loopback port.</summary>
internal sealed class Node : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<Task> _drop;

    private Node(WebApplication app, Func<Task> drop)
    {
        _app = app;
        _drop = drop;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public IServiceProvider Services => _app.Services;
    public Uri Address { get; }

    public static async Task<Node> StartAsync(string provider, string work, Dictionary<string, string?> settings)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss_fff", CultureInfo.InvariantCulture);
        string connection;
        Func<Task> drop;
        if (provider == "Postgres")
        {
            var server = Environment.GetEnvironmentVariable("KEFUDESK_TEST_POSTGRES") ?? throw new InvalidOperationException("Set KEFUDESK_TEST_POSTGRES (source scripts/services.sh).");
            var name = "kd_routingbench_" + stamp;
            connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
            drop = async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                await command.ExecuteNonQueryAsync();
            };
        }
        else
        {
            var file = Path.Combine(work, $"routing-{stamp}.db");
            connection = $"Data Source={file}";
            drop = () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var f in Directory.GetFiles(work, $"routing-{stamp}.db*"))
                {
                    File.Delete(f);
                }

                return Task.CompletedTask;
            };
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connection,
            ["KefuDesk:Demo"] = "false",
            ["KefuDesk:BuyerMessageBurst"] = "100000",
            // Hundreds of new buyers from one loopback address: the limits that guard a real shop would refuse them (429).
            ["KefuDesk:Limits:NewVisitorsPerAddress:Burst"] = "10000000",
            ["KefuDesk:Limits:NewVisitorsPerShop:Burst"] = "10000000",
            ["KefuDesk:Limits:NewConversationsPerAddress:Burst"] = "10000000",
            ["KefuDesk:Limits:NewConversationsPerShop:Burst"] = "10000000",
            ["KefuDesk:Routing:Enabled"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Error",
            ["Attachments:Path"] = Path.Combine(work, "attachments"),
        }.Concat(settings));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKefuDesk();
        var app = builder.Build();
        app.MapKefuDesk();
        if (!await app.PrepareDatabaseAsync())
        {
            throw new InvalidOperationException("The database could not be prepared.");
        }

        await app.StartAsync();
        return new Node(app, drop);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _drop();
    }
}
