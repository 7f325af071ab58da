using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KefuDesk.BrowserTests.Infrastructure;

/// <summary>
/// A demo-mode node on real Kestrel (SQLite) and Debian's Chromium driven by Playwright, shared by
/// the browser tests of a class. Each test opens its own browser contexts (a buyer, an agent).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private TestDatabase? _database;
    private IPlaywright? _playwright;

    public KefuDeskApp App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public string Url(string path) => App.Url(path).ToString();

    /// <summary>Demo data (shops, staff, conversations) unless a fixture wants a fresh install.</summary>
    protected virtual bool Demo => true;

    /// <summary>Settings a fixture changes for its node (limits, say).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        _database = new SqliteTestDatabase();
        App = new KefuDeskApp(_database, settings: new Dictionary<string, string?>(Settings) { ["KefuDesk:Demo"] = Demo ? "true" : "false" });
        _playwright = await Playwright.CreateAsync();

        // Patience, not a time limit: the first page of a fresh node (JIT, first circuit) can take
        // longer than Playwright's 5 s on a busy machine; a wrong page still fails, only later.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("KEFUDESK_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A fresh browser profile (cookies, local storage) at a desktop size unless told otherwise.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null) =>
        Browser.NewContextAsync(options ?? new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 850 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });

    /// <summary>Signs a demo staff member in through the sign-in page, as a person would.</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string userName, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/account/sign-in"));
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in-submit]");
        // A class's first page of a node that has just started, beside other classes starting theirs on
        // two cores, once took more than the default 30 s in CI: the first sign-in waits up to a minute.
        // It waits for the address, not the load event (which once never came in CI though the network
        // was idle): the page's own sign of readiness is its live connection.
        await page.WaitForURLAsync("**/workspace", new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-testid=workspace][data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        return page;
    }

    /// <summary>The workspace is prerendered; clicks count once its live connection is up.</summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=workspace][data-interactive=true]").WaitForAsync();

    /// <summary>A buyer on the demo shop with the chat open and agents online.</summary>
    public async Task<IPage> OpenDemoShopChatAsync(IBrowserContext context)
    {
        var buyer = await context.NewPageAsync();
        await buyer.GotoAsync(Url("/demo-shop"));
        await buyer.Locator("[data-testid=kefudesk-launcher]").ClickAsync();
        await Assertions.Expect(buyer.Locator("[data-testid=kefudesk-status]")).ToHaveAttributeAsync("data-state", "online");
        return buyer;
    }

    /// <summary>
    /// A new buyer, in a browser context of their own (closed by the caller), opens the chat on a shop's
    /// page and writes one message; done when it is stored.
    /// </summary>
    public async Task<IPage> BuyerWritesAsync(string shopUrl, string text)
    {
        var context = await NewContextAsync();
        var buyer = await context.NewPageAsync();
        await buyer.GotoAsync(shopUrl);
        await buyer.Locator("[data-testid=kefudesk-launcher]").ClickAsync();
        await Assertions.Expect(buyer.Locator("[data-testid=kefudesk-status]")).ToHaveAttributeAsync("data-state", "online");
        await AskAsync(buyer, text);
        await Assertions.Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);
        return buyer;
    }

    /// <summary>The buyer types a message in the widget and presses Enter.</summary>
    public static async Task AskAsync(IPage buyer, string text)
    {
        await buyer.Locator("[data-testid=kefudesk-input]").FillAsync(text);
        await buyer.Locator("[data-testid=kefudesk-input]").PressAsync("Enter");
    }

    /// <summary>Saves a screenshot as a test artefact (artifacts/screenshots at the repository root).</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("KEFUDESK_ARTIFACTS") is { Length: > 0 } artifacts
            ? Path.Combine(artifacts, "screenshots")
            : Path.Combine(Repository.Root(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}

/// <summary>An empty install: no organisation, no staff, as on the day a shop installs KefuDesk.</summary>
public sealed class FreshInstallFixture : BrowserFixture
{
    protected override bool Demo => false;
}
