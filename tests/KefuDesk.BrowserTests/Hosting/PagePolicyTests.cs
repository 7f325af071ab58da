using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Hosting;

/// <summary>
/// The pages' content security policy blocks nothing KefuDesk does itself: Blazor's live connection,
/// MudBlazor, the workspace script and the widget on the demo shop all run under it. The browser
/// reports each blocked thing as a securitypolicyviolation event and a console error; there is none.
/// </summary>
public sealed class PagePolicyTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    // Runs in every document before its own scripts (Playwright injects it outside the page's policy).
    private const string Recorder =
        "window.kefudeskViolations = []; document.addEventListener('securitypolicyviolation', " +
        "e => window.kefudeskViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private static async Task<List<string>> WatchAsync(IBrowserContext context)
    {
        var console = new List<string>();
        await context.AddInitScriptAsync(Recorder);
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (console)
                {
                    console.Add(message.Text);
                }
            }
        };
        return console;
    }

    private static async Task AssertNoViolationsAsync(IPage page, List<string> console, string where)
    {
        var violations = await page.EvaluateAsync<string[]>("window.kefudeskViolations ?? []");
        lock (console)
        {
            Assert.True(violations.Length == 0 && console.Count == 0, $"{where}: {string.Join(" | ", violations.Concat(console))}");
        }
    }

    [Fact]
    public async Task The_demo_shop_with_the_widget_the_workspace_settings_and_orders_run_without_a_policy_violation()
    {
        // A buyer opens the chat with the shop's own 咨询 button (a listener in the shop's script, not onclick="…").
        await using var buyerContext = await fx.NewContextAsync();
        var buyerConsole = await WatchAsync(buyerContext);
        var buyer = await buyerContext.NewPageAsync();
        await buyer.GotoAsync(fx.Url("/demo-shop"));
        await Expect(By(buyer, "kefudesk-launcher")).ToBeVisibleAsync(); // the widget is there to open
        await buyer.Locator(".shop-buy").First.ClickAsync();
        await Expect(By(buyer, "kefudesk-panel")).ToBeVisibleAsync();
        await Expect(By(buyer, "kefudesk-status")).ToHaveAttributeAsync("data-state", "online");
        await BrowserFixture.AskAsync(buyer, "内容安全策略下也能聊吗?");
        await Expect(By(buyer, "kefudesk-message").Last).ToContainTextAsync("内容安全策略下也能聊吗");

        // The admin answers from the workspace.
        await using var staffContext = await fx.NewContextAsync();
        var staffConsole = await WatchAsync(staffContext);
        var admin = await fx.SignInAsync(staffContext, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await admin.ClickAsync("[data-testid=filter-unassigned]");
        await admin.Locator("[data-testid=conversation-item]", new() { HasText = "内容安全策略下也能聊吗" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=message]").Last).ToContainTextAsync("内容安全策略下也能聊吗");
        await WorkspacePage.ReplyAsync(admin, "能的,亲。");
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-sender=agent]")).ToContainTextAsync("能的");
        await AssertNoViolationsAsync(admin, staffConsole, "workspace");
        await AssertNoViolationsAsync(buyer, buyerConsole, "demo shop with the widget");

        await admin.GotoAsync(fx.Url("/admin"));
        await Expect(By(admin, "shop-row").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(admin, staffConsole, "settings");

        await admin.GotoAsync(fx.Url("/admin/routing"));
        await Expect(admin.Locator("[data-testid=routing-settings][data-interactive=true]")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(admin, staffConsole, "routing settings");

        await admin.GotoAsync(fx.Url("/admin/audit"));
        await Expect(admin.Locator("[data-testid=audit-log][data-interactive=true]")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(admin, staffConsole, "audit log");

        await admin.GotoAsync(fx.Url("/orders"));
        await Expect(By(admin, "orders")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(By(admin, "order-row").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(admin, staffConsole, "orders");

        // The API reference is a package's page with inline script of its own: it has a policy that lets it run.
        await admin.GotoAsync(fx.Url("/scalar/v1"), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await AssertNoViolationsAsync(admin, staffConsole, "API reference");
        // Patience: a fresh node writes its OpenAPI document on the first request for it.
        await Expect(admin.Locator("h1", new() { HasText = "KefuDesk API" })).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // And the watch is awake: script slipped into a page (say, by a message that escaped its encoding) does not run.
        await admin.GotoAsync(fx.Url("/orders"));
        await Expect(By(admin, "orders")).ToHaveAttributeAsync("data-interactive", "true");
        var blocked = await admin.EvaluateAsync<string>("""
            () => new Promise(resolve => {
              document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective), { once: true });
              const s = document.createElement('script');
              s.textContent = 'window.kefudeskInjected = true';
              document.body.append(s);
            })
            """);
        Assert.StartsWith("script-src", blocked, StringComparison.Ordinal);
        Assert.False(await admin.EvaluateAsync<bool>("window.kefudeskInjected === true"));
    }
}
