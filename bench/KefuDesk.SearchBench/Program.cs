using System.Diagnostics;
using System.Globalization;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Search;
using KefuDesk.Features.Search.Transcripts;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.SearchBench;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// dotnet KefuDesk.SearchBench.dll <sqlite|postgres> [--messages 1000000] [--rounds 10] [--work DIR] [--keep]
// PostgreSQL: the server in KEFUDESK_TEST_POSTGRES (scripts/services.sh starts one); a new database per run.
var provider = args.Length > 0 && args[0].Equals("postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
var messageCount = Option("--messages", 1_000_000);
var rounds = Option("--rounds", 10);
var keep = args.Contains("--keep");
var work = OptionText("--work") ?? Path.Combine(Path.GetTempPath(), "kd-searchbench");
Directory.CreateDirectory(work);

var stamp = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
string connectionString;
string? pgDatabase = null;
if (provider == DatabaseProvider.Postgres)
{
    var server = Environment.GetEnvironmentVariable("KEFUDESK_TEST_POSTGRES")
                 ?? throw new InvalidOperationException("Set KEFUDESK_TEST_POSTGRES (source scripts/services.sh).");
    pgDatabase = "kd_searchbench_" + stamp;
    await using (var admin = new NpgsqlConnection(server))
    {
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    // As the app tunes its own connections (DataExtensions).
    connectionString = new NpgsqlConnectionStringBuilder(server) { Database = pgDatabase, MaxAutoPrepare = 64, NoResetOnClose = true }.ToString();
}
else
{
    connectionString = $"Data Source={Path.Combine(work, $"search-{stamp}.db")};Default Timeout=30";
}

var counter = new CommandCounter();
var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddSingleton(TimeProvider.System)
    .AddDbContextFactory<KefuDeskDbContext>(o =>
    {
        DataExtensions.Configure(o, options);
        o.AddInterceptors(counter);
    })
    .AddSingleton<SearchIndexWriter>()
    .AddSingleton<SearchCatchUp>()
    .AddSingleton<MessageSearch>()
    .AddSingleton<ConversationQueries>()
    .AddSingleton<TranscriptQueries>()
    .BuildServiceProvider();
var dbFactory = services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();

Say($"KefuDesk history search benchmark: {provider}, {messageCount:N0} messages, {rounds} measured rounds");
Say($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {File.ReadAllText("/proc/loadavg").Trim()}");

await using (var db = await dbFactory.CreateDbContextAsync())
{
    await db.Database.MigrateAsync();
    if (provider == DatabaseProvider.Sqlite)
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}

// Shops, staff and buyers through EF Core (few rows), conversations and messages in bulk.
var now = DateTime.UtcNow;
var plan = new SeedPlan(messageCount, now);
var watch = Stopwatch.StartNew();
var org = new Organisation(Guid.CreateVersion7(), "基准测试公司", now.AddYears(-2));
var shops = Enumerable.Range(1, SeedPlan.Shops)
    .Select(i => new Shop(Guid.CreateVersion7(), org.Id, $"基准店铺{i:D2}", $"bench-{stamp}-{i}", "tmall", now.AddYears(-2))).ToList();
var agents = new List<SeedAgent>();
var supervisor = new Agent(Guid.CreateVersion7(), org.Id, "bench-supervisor", "主管", "主管", now.AddYears(-1));
await using (var db = await dbFactory.CreateDbContextAsync())
{
    db.Organisations.Add(org);
    db.Shops.AddRange(shops);
    db.Users.Add(supervisor);
    foreach (var shop in shops)
    {
        supervisor.Serve(shop.Id);
        for (var i = 1; i <= SeedPlan.AgentsPerShop; i++)
        {
            var agent = new Agent(Guid.CreateVersion7(), org.Id, $"bench-{shop.WidgetKey}-{i}", $"客服{agents.Count + 1:D2}", $"客服{agents.Count + 1:D2}", now.AddYears(-1));
            agent.Serve(shop.Id);
            db.Users.Add(agent);
            agents.Add(new SeedAgent(agent.Id, shop.Id, agent.Nickname));
        }
    }

    await db.SaveChangesAsync();
}

var customers = new List<Guid>();
for (var batch = 0; batch < 4; batch++)
{
    await using var db = await dbFactory.CreateDbContextAsync();
    for (var i = 0; i < 5_000; i++)
    {
        var c = i % 3 == 0 ? Customer.KnownBuyer(Guid.NewGuid(), org.Id, $"买家{customers.Count:D5}", null, null, now.AddDays(-400))
            : Customer.Visitor(Guid.NewGuid(), org.Id, now.AddDays(-400));
        db.Customers.Add(c);
        customers.Add(c.Id);
    }

    await db.SaveChangesAsync();
}

var conversations = plan.Conversations(shops.Select(s => s.Id).ToList(), customers, agents);
var tags = plan.TagsFor(conversations).ToList();
var byId = agents.ToDictionary(a => a.Id);
var seeded = plan.Messages(conversations, byId);
if (provider == DatabaseProvider.Postgres)
{
    await BulkSeeder.PostgresAsync(connectionString, conversations, tags, seeded);
}
else
{
    BulkSeeder.Sqlite(connectionString, conversations, tags, seeded);
}

var seedTime = watch.Elapsed;
Say($"seeded {conversations.Count:N0} conversations, {tags.Count:N0} tags, {messageCount:N0} messages in {seedTime.TotalSeconds:F0} s");

// Index with the app's own catch-up job, as after an upgrade or a node's death.
watch.Restart();
var catchUp = services.GetRequiredService<SearchCatchUp>();
var indexed = 0;
var steps = 0;
while (true)
{
    var (added, caughtUp) = await catchUp.StepAsync(CancellationToken.None);
    indexed += added;
    if (++steps % 100 == 0)
    {
        Say($"  indexed {indexed:N0} ({indexed / watch.Elapsed.TotalSeconds:N0} msg/s)");
    }

    if (caughtUp)
    {
        break;
    }
}

var indexTime = watch.Elapsed;
Say($"indexed {indexed:N0} messages in {indexTime.TotalSeconds:F0} s ({indexed / indexTime.TotalSeconds:N0} msg/s) with SearchCatchUp");

await using (var db = await dbFactory.CreateDbContextAsync())
{
    // What autovacuum (PostgreSQL) or a routine ANALYZE would have done by now: fresh statistics.
    await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Postgres ? "VACUUM ANALYZE" : "ANALYZE");
}

var size = await DatabaseSizeAsync();
Say($"database size {size / 1024.0 / 1024.0:N0} MiB");

// The searches, as a supervisor serving every shop.
var staff = new StaffAccess(supervisor.Id, supervisor.Nickname, shops.Select(s => s.Id).ToHashSet(), true);
var search = services.GetRequiredService<MessageSearch>();
var mix = QueryMix.For(shops[0].Id, agents[0].Id, now);
var samples = mix.ToDictionary(q => q, _ => new List<double>());
var totals = new Dictionary<BenchQuery, string>();
var commands = new Dictionary<BenchQuery, int>();
var random = new Random(7);
for (var round = 0; round <= rounds; round++)
{
    foreach (var query in mix.OrderBy(_ => random.Next()))
    {
        counter.Reset();
        var t = Stopwatch.GetTimestamp();
        var page = await search.SearchAsync(staff, query.Request);
        var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        if (round == 0)
        {
            totals[query] = page.TotalExact ? page.Total.ToString(CultureInfo.InvariantCulture) : $">{page.Total}";
            commands[query] = counter.Count;
            continue; // warm-up
        }

        samples[query].Add(ms);
    }
}

Console.WriteLine();
Console.WriteLine($"### {provider}: history search over {messageCount:N0} messages ({rounds} rounds of {mix.Count} searches after one warm-up round; 20 results per page)");
Console.WriteLine();
Console.WriteLine("| search | matches | SQL commands | p50 ms | p95 ms | p99 ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var q in mix)
{
    var s = samples[q];
    Console.WriteLine($"| {q.Label} ({q.Category}) | {totals[q]} | {commands[q]} | {P(s, 50):F1} | {P(s, 95):F1} | {P(s, 99):F1} | {s.Max():F1} |");
}

Console.WriteLine();
Console.WriteLine("| category | searches | p50 ms | p95 ms | p99 ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var group in mix.GroupBy(q => q.Category).Append(mix.GroupBy(_ => "all").Single()))
{
    var s = group.SelectMany(q => samples[q]).ToList();
    Console.WriteLine($"| {group.Key} | {s.Count} | {P(s, 50):F1} | {P(s, 95):F1} | {P(s, 99):F1} | {s.Max():F1} |");
}

// A conversation's page: the summary and the latest 50 messages, as the workspace and the API load it.
var reads = services.GetRequiredService<ConversationQueries>();
var transcripts = services.GetRequiredService<TranscriptQueries>();
Console.WriteLine();
Console.WriteLine("| conversation | messages | page load: SQL commands | page load p50 ms | transcript: SQL commands | transcript p50 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (label, id) in new[] { ("short", plan.ShortConversationId), ("long", plan.LongConversationId) })
{
    var length = conversations.First(c => c.Id == id).MessageCount;
    var (pageCommands, pageMs) = await MeasureAsync(async () =>
    {
        await reads.GetAsync(staff, id);
        await reads.MessagesBeforeAsync(id, null, 50);
    });
    var (transcriptCommands, transcriptMs) = await MeasureAsync(() => transcripts.ForAsync(staff, id, includeInternal: true));
    Console.WriteLine($"| {label} | {length} | {pageCommands} | {pageMs:F1} | {transcriptCommands} | {transcriptMs:F1} |");
}

Console.WriteLine();
Console.WriteLine($"seed {seedTime.TotalSeconds:F0} s; index {indexTime.TotalSeconds:F0} s ({indexed / indexTime.TotalSeconds:N0} msg/s); " +
                  $"database {size / 1024.0 / 1024.0:N0} MiB; load average after {File.ReadAllText("/proc/loadavg").Trim()}");

if (!keep)
{
    await services.DisposeAsync();
    if (provider == DatabaseProvider.Postgres)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("KEFUDESK_TEST_POSTGRES"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
    else
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(work, $"search-{stamp}.db*"))
        {
            File.Delete(file);
        }
    }
}
else
{
    Say($"kept: {connectionString}");
}

return 0;

async Task<(int Commands, double P50)> MeasureAsync(Func<Task> action)
{
    counter.Reset();
    await action();
    var commandCount = counter.Count;
    var times = new List<double>();
    for (var i = 0; i < 30; i++)
    {
        var t = Stopwatch.GetTimestamp();
        await action();
        times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }

    return (commandCount, P(times, 50));
}

async Task<long> DatabaseSizeAsync()
{
    if (provider == DatabaseProvider.Postgres)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", db);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    return Directory.GetFiles(work, $"search-{stamp}.db*").Sum(f => new FileInfo(f).Length);
}

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

int Option(string name, int fallback) =>
    OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static void Say(string text) => Console.Error.WriteLine($"[searchbench {DateTime.Now:HH:mm:ss}] {text}");
