using System.Diagnostics;
using System.Globalization;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Import;
using KefuDesk.ImportBench;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

// dotnet KefuDesk.ImportBench.dll hostile   (the probe's hostile sheets through both readers; no database)
// dotnet KefuDesk.ImportBench.dll generate [--orders 100000] [--work DIR]
// dotnet KefuDesk.ImportBench.dll <sqlite|postgres> [--orders 100000] [--work DIR] [--keep]
// Generate the file first (its own process), so the import's memory peak is the import's alone.
// PostgreSQL: the server in KEFUDESK_TEST_POSTGRES (scripts/services.sh starts one); a new database per run.
var mode = args.Length > 0 ? args[0].ToLowerInvariant() : "sqlite";
var orderCount = Option("--orders", 100_000);
var keep = args.Contains("--keep");
var work = OptionText("--work") ?? Path.Combine(Path.GetTempPath(), "kd-importbench");
Directory.CreateDirectory(work);
var file = Path.Combine(work, $"orders-{orderCount}.xlsx");

if (mode == "hostile")
{
    return await HostileBench.RunAsync();
}

if (mode == "generate")
{
    var generated = Stopwatch.StartNew();
    var (orders, rows) = await OrderFile.WriteAsync(file, orderCount);
    Say($"wrote {file}: {orders:N0} orders, {rows:N0} rows, {new FileInfo(file).Length / 1024.0 / 1024:F1} MiB in {generated.Elapsed.TotalSeconds:F1} s");
    return 0;
}

if (mode is not ("sqlite" or "postgres"))
{
    Console.Error.WriteLine("usage: KefuDesk.ImportBench.dll <generate|sqlite|postgres> [--orders N] [--work DIR] [--keep]");
    return 1;
}

if (!File.Exists(file))
{
    Say($"{file} is missing: run 'generate --orders {orderCount}' first (in its own process, so it does not count in the memory peak)");
    return 1;
}

var provider = mode == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
var stamp = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
string connectionString;
string? pgDatabase = null;
string? sqliteFile = null;
if (provider == DatabaseProvider.Postgres)
{
    var server = Environment.GetEnvironmentVariable("KEFUDESK_TEST_POSTGRES")
                 ?? throw new InvalidOperationException("Set KEFUDESK_TEST_POSTGRES (source scripts/services.sh).");
    pgDatabase = "kd_importbench_" + stamp;
    await using (var connection = new NpgsqlConnection(server))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    connectionString = new NpgsqlConnectionStringBuilder(server) { Database = pgDatabase, MaxAutoPrepare = 64, NoResetOnClose = true }.ToString();
}
else
{
    sqliteFile = Path.Combine(work, $"import-{stamp}.db");
    connectionString = $"Data Source={sqliteFile};Default Timeout=30";
}

// The app's own import service, runner, writer and attachment store; only the hosting is left out.
var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Attachments:Path"] = Path.Combine(work, "files-" + stamp),
}).Build();
var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(configuration)
    .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = work, EnvironmentName = "Production" })
    .AddSingleton(TimeProvider.System)
    .AddSingleton<IEventPublisher, NoEvents>()
    .AddKefuDeskLocalization()
    .AddDbContextFactory<KefuDeskDbContext>(o => DataExtensions.Configure(o, options))
    .AddSingleton<IAttachmentStore, LocalDiskAttachmentStore>()
    .AddSingleton<ImportRunner>()
    .AddSingleton<ShopImports>()
    .BuildServiceProvider();
var dbFactory = services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
var imports = services.GetRequiredService<ShopImports>();
var runner = services.GetRequiredService<ImportRunner>();

Say($"KefuDesk import benchmark: {provider}, {file} ({new FileInfo(file).Length / 1024.0 / 1024:F1} MiB)");
Say($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {File.ReadAllText("/proc/loadavg").Trim()}");

await using (var db = await dbFactory.CreateDbContextAsync())
{
    await db.Database.MigrateAsync();
    if (provider == DatabaseProvider.Sqlite)
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}

var now = DateTime.UtcNow;
var org = new Organisation(Guid.CreateVersion7(), "基准测试公司", now);
var shop = new Shop(Guid.CreateVersion7(), org.Id, "基准旗舰店", "importbench-" + stamp, "tmall", now);
var admin = new Agent(Guid.CreateVersion7(), org.Id, "bench-admin", "管理员", "管理员", now);
admin.Serve(shop.Id);
await using (var db = await dbFactory.CreateDbContextAsync())
{
    db.Organisations.Add(org);
    db.Shops.Add(shop);
    db.Users.Add(admin);
    db.Products.AddRange(OrderFile.Shelf.Select(p => new Product(Guid.CreateVersion7(), shop.Id, p.Sku, p.Title, p.PriceFen, 1000, "", now)));
    await db.SaveChangesAsync();
}

// Reading alone, for comparison: the spreadsheet library's rows, then those rows through the template's rules (no database).
var rawRows = 0;
var raw = await TimedAsync(async () =>
{
    await using var content = File.OpenRead(file);
    foreach (var _ in KefuDesk.Infrastructure.Spreadsheets.Spreadsheet.Rows(content, file))
    {
        rawRows++;
    }
});
Say($"reading the rows alone (spreadsheet library): {rawRows:N0} rows, {raw}");
var readRows = 0;
var read = await TimedAsync(async () =>
{
    await using var content = File.OpenRead(file);
    var reading = ImportFile.Read(content, file, ImportKind.Orders, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), now,
        new KefuDesk.Infrastructure.Spreadsheets.SheetLimits());
    foreach (var record in reading.Records)
    {
        readRows += record.Rows.Count;
    }
});
Say($"reading and checking the rows alone (no database): {readRows:N0} rows, {read}");

var staff = new StaffAccess(admin.Id, admin.Nickname, new HashSet<Guid> { shop.Id }, MaySupervise: true);
var results = new List<string>();
foreach (var pass in new[] { "first import (all new)", "same file again (all stored)" })
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    ImportView view;
    var upload = Stopwatch.StartNew();
    await using (var content = File.OpenRead(file))
    {
        view = await imports.UploadAsync(staff, org.Id, shop.Id, ImportKind.Orders, Path.GetFileName(file), content, default);
    }

    upload.Stop();
    var check = await TimedAsync(() => runner.RunOnceAsync(default));
    view = await imports.GetAsync(staff, org.Id, view.Id, default);
    if (view.Status != ImportStatus.Ready)
    {
        Say($"check did not pass: {view.Status} {view.FailureMessage} {string.Join("; ", view.Problems.Take(5).Select(p => p.Message))}");
        return 2;
    }

    await imports.ConfirmAsync(staff, org.Id, view.Id, default);
    var import = await TimedAsync(() => runner.RunOnceAsync(default));
    view = await imports.GetAsync(staff, org.Id, view.Id, default);
    if (view.Status != ImportStatus.Imported)
    {
        Say($"import failed: {view.Status} {view.FailureMessage}");
        return 2;
    }

    var orders = view.New + view.Updated + view.Unchanged + view.Stale;
    results.Add($"| {provider} | {pass} | {view.Rows:N0} | {orders:N0} | {upload.Elapsed.TotalSeconds:F1} | {check.Elapsed.TotalSeconds:F1} | "
                + $"{view.Rows / check.Elapsed.TotalSeconds:N0} | {check.Cpu.TotalSeconds:F1} | {import.Elapsed.TotalSeconds:F1} | {view.Rows / import.Elapsed.TotalSeconds:N0} | "
                + $"{orders / import.Elapsed.TotalSeconds:N0} | {import.Cpu.TotalSeconds:F1} | {Mib(Math.Max(check.Peak.WorkingSet, import.Peak.WorkingSet))} | "
                + $"{Mib(Math.Max(check.Peak.Heap, import.Peak.Heap))} |");
    Say($"{pass}: {view.Rows:N0} rows, {orders:N0} orders ({view.New:N0} new, {view.Updated:N0} updated, {view.Unchanged:N0} unchanged); "
        + $"upload {upload.Elapsed.TotalSeconds:F1} s; check {check}; import {import}");
}

await using (var db = await dbFactory.CreateDbContextAsync())
{
    Say($"stored: {await db.Orders.CountAsync():N0} orders, {await db.Set<OrderItem>().CountAsync():N0} lines, {await db.Customers.CountAsync():N0} customers, "
        + $"{await db.CustomerIdentities.CountAsync():N0} identities");
}

Console.WriteLine();
Console.WriteLine("| database | pass | rows | orders | upload s | check s | check rows/s | check CPU s | import s | import rows/s | import orders/s | import CPU s | peak working set | peak managed heap |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
results.ForEach(Console.WriteLine);
using (var process = Process.GetCurrentProcess())
{
    Console.WriteLine();
    Console.WriteLine($"process peak working set {Mib(process.PeakWorkingSet64)}; GC: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), "
                      + $"{GC.GetTotalAllocatedBytes() / 1024 / 1024:N0} MiB allocated in all; database "
                      + (sqliteFile is not null ? $"{new FileInfo(sqliteFile).Length / 1024.0 / 1024:F0} MiB" : "(PostgreSQL)")
                      + $"; load average after {File.ReadAllText("/proc/loadavg").Trim()}");
}

if (!keep)
{
    if (pgDatabase is not null)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin2 = new NpgsqlConnection(Environment.GetEnvironmentVariable("KEFUDESK_TEST_POSTGRES"));
        await admin2.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", admin2);
        await drop.ExecuteNonQueryAsync();
    }

    if (sqliteFile is not null)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(work, Path.GetFileName(sqliteFile) + "*"))
        {
            File.Delete(f);
        }
    }
}

return 0;

static Task<Phase> TimedAsync(Func<Task> run) => PhaseTimer.TimeAsync(run);

static string Mib(long bytes) => $"{bytes / 1024.0 / 1024:F0} MiB";

static void Say(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>One timed phase: wall time, this process's CPU time (both cores count), bytes allocated, memory peaks.</summary>
internal sealed record Phase(TimeSpan Elapsed, TimeSpan Cpu, long Allocated, (long WorkingSet, long Heap) Peak)
{
    public override string ToString() =>
        $"{Elapsed.TotalSeconds:F1} s ({Cpu.TotalSeconds:F1} s CPU, {Allocated / 1024 / 1024:N0} MiB allocated, peak working set {Peak.WorkingSet / 1024 / 1024:N0} MiB, heap {Peak.Heap / 1024 / 1024:N0} MiB)";
}

/// <summary>No event handlers in the benchmark (an import raises one event per file anyway).</summary>
internal sealed class NoEvents : IEventPublisher
{
    public void Publish(IEnumerable<IDomainEvent> events)
    {
    }
}
