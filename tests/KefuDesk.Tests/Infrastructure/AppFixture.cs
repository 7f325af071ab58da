using Microsoft.Extensions.DependencyInjection;
using KefuDesk.Infrastructure.Data;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>One node and one fresh database per test class; tests create their own buyers and conversations.</summary>
public abstract class AppFixture(DatabaseProvider provider, ManualClock? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
    LogCapture? logs = null)
    : IAsyncLifetime
{
    /// <summary>The node's clock when the fixture drives time by hand; null for the real clock.</summary>
    public ManualClock? Clock => clock;

    private TestDatabase? _database;
    private KefuDeskApp? _app;
    private TestWorld? _world;

    public KefuDeskApp App => _app ?? throw new InvalidOperationException("Not started.");

    public TestWorld World => _world ?? throw new InvalidOperationException("Not started.");

    public DatabaseProvider Provider => provider;

    /// <summary>What the node logged, when the fixture captures it; null otherwise.</summary>
    public LogCapture? Logs => logs;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create(provider);
        _app = new KefuDeskApp(_database, settings: settings, clock: clock, logs: logs);
        _world = await TestWorld.SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public Task<StaffClient> SignInAsync(TestStaff staff) => StaffClient.SignInAsync(App, staff);

    /// <summary>The agent has the workspace open, as its page does: connected and 在线 until disposed.</summary>
    public Task<IDisposable> AtWorkAsync(TestStaff staff) =>
        App.Services.GetRequiredService<KefuDesk.Features.Routing.Presence.Presence>().ConnectAsync(staff.Id);

    public Task<BuyerClient> NewBuyerAsync(TestShop? shop = null) => BuyerClient.StartAsync(App, (shop ?? World.Shop).WidgetKey);
}

public sealed class SqliteApp() : AppFixture(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : AppFixture(DatabaseProvider.Postgres);

/// <summary>A node whose clock the tests move (reopen windows, inactivity, recall limits).</summary>
public sealed class ClockedSqliteApp() : AppFixture(DatabaseProvider.Sqlite, ManualClock.StartingNow());

public sealed class ClockedPostgresApp() : AppFixture(DatabaseProvider.Postgres, ManualClock.StartingNow());

/// <summary>
/// The real limits per address, account and shop, set low, on a clock the tests move. Tests call
/// <see cref="LimitSettings.FreshStart"/> first: every bucket is full again, whatever ran before.
/// </summary>
public sealed class LimitedSqliteApp() : AppFixture(DatabaseProvider.Sqlite, ManualClock.StartingNow(), LimitSettings.Low);

public sealed class LimitedPostgresApp() : AppFixture(DatabaseProvider.Postgres, ManualClock.StartingNow(), LimitSettings.Low);

public static class LimitSettings
{
    public const int SignInPerAddress = 3;
    public const int SignInPerAccount = 6;
    public const int NewVisitorsPerAddress = 3;
    public const int NewVisitorsPerShop = 5;
    public const int NewConversationsPerAddress = 2;
    public const int NewConversationsPerShop = 4;
    public static readonly TimeSpan SignInRefill = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LockedFor = TimeSpan.FromMinutes(15);

    public static readonly IReadOnlyDictionary<string, string?> Low = new Dictionary<string, string?>
    {
        ["KefuDesk:Limits:SignInPerAddress:Burst"] = SignInPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KefuDesk:Limits:SignInPerAddress:RefillSeconds"] = "300",
        ["KefuDesk:Limits:SignInPerAccount:Burst"] = SignInPerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KefuDesk:Limits:SignInPerAccount:RefillSeconds"] = "60",
        ["KefuDesk:Limits:LockoutMinutes"] = "15",
        ["KefuDesk:Limits:NewVisitorsPerAddress:Burst"] = NewVisitorsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KefuDesk:Limits:NewVisitorsPerAddress:RefillSeconds"] = "60",
        ["KefuDesk:Limits:NewVisitorsPerShop:Burst"] = NewVisitorsPerShop.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KefuDesk:Limits:NewVisitorsPerShop:RefillSeconds"] = "60",
        ["KefuDesk:Limits:NewConversationsPerAddress:Burst"] = NewConversationsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KefuDesk:Limits:NewConversationsPerAddress:RefillSeconds"] = "30",
        ["KefuDesk:Limits:NewConversationsPerShop:Burst"] = NewConversationsPerShop.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KefuDesk:Limits:NewConversationsPerShop:RefillSeconds"] = "60",
    };

    /// <summary>An hour later: every bucket has refilled (none takes longer than 15 minutes here).</summary>
    public static void FreshStart(AppFixture fx) => fx.Clock!.Advance(TimeSpan.FromHours(1));
}

/// <summary>Routing on, but its passes run only when a test calls them (the clock is the test's).</summary>
public sealed class RoutingSqliteApp() : AppFixture(DatabaseProvider.Sqlite, ManualClock.StartingNow(), RoutingSettings.DrivenByTests);

public sealed class RoutingPostgresApp() : AppFixture(DatabaseProvider.Postgres, ManualClock.StartingNow(), RoutingSettings.DrivenByTests);

public static class RoutingSettings
{
    public static readonly IReadOnlyDictionary<string, string?> DrivenByTests = new Dictionary<string, string?>
    {
        ["KefuDesk:Routing:Enabled"] = "true",
        ["KefuDesk:Routing:PassMilliseconds"] = "86400000",
        ["KefuDesk:Routing:WakeOnActivity"] = "false",
        ["KefuDesk:Routing:SweepSeconds"] = "86400",
        ["KefuDesk:Routing:IdleMinutes"] = "15",
        ["KefuDesk:BuyerMessageBurst"] = "100000",
    };
}
