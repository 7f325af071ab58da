using System.Diagnostics;
using System.Globalization;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Events;
using KefuDesk.SearchBench;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// dotnet KefuDesk.OrderPanelBench.dll <sqlite|postgres> [--orders 500] [--others 100000] [--rounds 200]
// Opens the workspace's order panel for a buyer with many orders the way the page does: the profile
// (latest 10 + count), "load more" pages, one order's details; then an order action end to end.
var provider = args.Length > 0 && args[0].Equals("postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
var buyerOrders = Option("--orders", 500);
var otherOrders = Option("--others", 100_000);
var rounds = Option("--rounds", 200);
var stamp = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
string connectionString;
if (provider == DatabaseProvider.Postgres)
{
    var server = Environment.GetEnvironmentVariable("KEFUDESK_TEST_POSTGRES")
                 ?? throw new InvalidOperationException("Set KEFUDESK_TEST_POSTGRES (source scripts/services.sh).");
    var name = "kd_orderbench_" + stamp;
    await using (var admin = new NpgsqlConnection(server))
    {
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxAutoPrepare = 64, NoResetOnClose = true }.ToString();
}
else
{
    connectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"kd-orderbench-{stamp}.db")};Default Timeout=30";
}

var counter = new CommandCounter();
var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddSingleton(TimeProvider.System)
    .AddSingleton<IEventPublisher, NoSubscribers>()
    .AddDbContextFactory<KefuDeskDbContext>(o =>
    {
        DataExtensions.Configure(o, options);
        o.AddInterceptors(counter);
    })
    .AddSingleton<CustomerProfiles>()
    .AddSingleton<OrderQueries>()
    .AddSingleton<OrderActions>()
    .BuildServiceProvider();
var dbFactory = services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
Say($"KefuDesk order panel benchmark: {provider}, a buyer with {buyerOrders:N0} orders among {otherOrders:N0} others, {rounds} rounds each");
Say($"machine: {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");

await using (var db = await dbFactory.CreateDbContextAsync())
{
    await db.Database.MigrateAsync();
}

var now = DateTime.UtcNow;
var org = new Organisation(Guid.CreateVersion7(), "基准测试公司", now.AddYears(-2));
var shop = new Shop(Guid.CreateVersion7(), org.Id, "基准店铺", "bench-" + stamp, "tmall", now.AddYears(-2));
var buyer = Customer.KnownBuyer(Guid.NewGuid(), org.Id, "老顾客", "13800001111", null, now.AddYears(-2));
var others = Enumerable.Range(0, 2_000).Select(i => Customer.KnownBuyer(Guid.NewGuid(), org.Id, $"买家{i}", null, null, now.AddYears(-1))).ToList();
await using (var db = await dbFactory.CreateDbContextAsync())
{
    db.Add(org);
    db.Add(shop);
    db.Add(buyer);
    db.AddRange(others);
    await db.SaveChangesAsync();
}

var watch = Stopwatch.StartNew();
var random = new Random(7);
var statuses = Enum.GetValues<OrderStatus>();
async Task SeedAsync(Guid customerId, int count, int offset)
{
    for (var done = 0; done < count;)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var batch = Math.Min(2_000, count - done);
        for (var i = 0; i < batch; i++, done++)
        {
            var created = now.AddMinutes(-(offset + done) * 7);
            var order = new Order(Guid.CreateVersion7(created), shop.Id, customerId == Guid.Empty ? others[random.Next(others.Count)].Id : customerId,
                $"B{offset + done:D9}", statuses[random.Next(statuses.Length)], created, "王小明", "13812345678", "浙江省杭州市西湖区文三路 100 号");
            for (var line = 0; line < 1 + random.Next(3); line++)
            {
                order.AddItem(Guid.CreateVersion7(created), null, $"SKU-{random.Next(500)}", $"商品 {random.Next(500)} 号", 1_000 + random.Next(50_000), 1 + random.Next(3));
            }

            if (order.Status != OrderStatus.AwaitingPayment)
            {
                order.RecordPayment(order.TotalFen, created.AddMinutes(3));
            }

            db.Orders.Add(order);
        }

        await db.SaveChangesAsync();
    }
}

await SeedAsync(Guid.Empty, otherOrders, 0);
await SeedAsync(buyer.Id, buyerOrders, otherOrders);
Say($"seeded {otherOrders + buyerOrders:N0} orders in {watch.Elapsed.TotalSeconds:F0} s");

var staff = new StaffAccess(Guid.NewGuid(), "基准客服", new HashSet<Guid> { shop.Id }, MaySupervise: false);
var profiles = services.GetRequiredService<CustomerProfiles>();
var queries = services.GetRequiredService<OrderQueries>();
var actions = services.GetRequiredService<OrderActions>();
var pages = (buyerOrders + CustomerProfiles.RecentOrders - 1) / CustomerProfiles.RecentOrders;
Guid someOrder;
await using (var db = await dbFactory.CreateDbContextAsync())
{
    someOrder = await db.Orders.Where(o => o.CustomerId == buyer.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
}

await MeasureAsync("open the panel: profile + latest 10 + count", async _ => await profiles.GetAsync(staff, buyer.Id, shop.Id));
await MeasureAsync($"load more: a page of 10 (pages 2..{pages})", async i => await queries.BuyerOrdersAsync(staff, buyer.Id, shop.Id, 2 + i % (pages - 1), 10));
await MeasureAsync($"load more: the last page ({pages})", async _ => await queries.BuyerOrdersAsync(staff, buyer.Id, shop.Id, pages, 10));
await MeasureAsync("open one order: details, logistics, history", async _ => await queries.DetailsAsync(staff, someOrder));
await MeasureAsync("change its remark (write + audit + details)", async i => await actions.ChangeRemarkAsync(staff, someOrder, new RemarkInput($"备注 {i}")),
    onlyWhen: async () =>
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Orders.Where(o => o.Id == someOrder).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OrderStatus.AwaitingShipment));
    });

async Task MeasureAsync(string what, Func<int, Task> step, Func<Task>? onlyWhen = null)
{
    if (onlyWhen is not null)
    {
        await onlyWhen();
    }

    for (var i = 0; i < 10; i++)
    {
        await step(i); // warm-up
    }

    var times = new List<double>(rounds);
    counter.Reset();
    for (var i = 0; i < rounds; i++)
    {
        var t = Stopwatch.GetTimestamp();
        await step(i);
        times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }

    times.Sort();
    Say($"{what}: p50 {times[rounds / 2]:F1} ms, p95 {times[(int)(rounds * 0.95)]:F1} ms, max {times[^1]:F1} ms; {counter.Count / (double)rounds:F1} SQL commands each");
}

static void Say(string line) => Console.WriteLine(line);

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

sealed class NoSubscribers : IEventPublisher
{
    public void Publish(IEnumerable<IDomainEvent> events)
    {
    }
}
