using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Search;

/// <summary>The demo supervisor looks something up in the history and opens the conversation's record.</summary>
public sealed class HistorySearchTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_supervisor_searches_for_returns_sees_the_match_marked_and_opens_the_transcript()
    {
        // The demo's conversations were written before the node started; the catch-up job indexes
        // them at start. Run it here too, so the search never races it.
        var catchUp = fx.App.Services.GetRequiredService<SearchCatchUp>();
        while (!(await catchUp.StepAsync(CancellationToken.None)).CaughtUp)
        {
        }

        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await page.ClickAsync("[data-testid=nav-Conversations]");
        await page.Locator("[data-testid=history-search][data-interactive=true]").WaitForAsync();
        await Expect(page.Locator("[data-testid=search-start]")).ToBeVisibleAsync();

        await page.FillAsync("[data-testid=search-query]", "退货");
        await page.ClickAsync("[data-testid=search-submit]");

        var hit = page.Locator("[data-testid=search-result]", new() { HasText = "空气炸锅" });
        await Expect(hit).ToHaveCountAsync(1);
        await Expect(hit.Locator("[data-testid=search-excerpt] mark")).ToHaveTextAsync("退货");
        await Expect(page.Locator("[data-testid=search-count]")).ToContainTextAsync("条消息");
        await BrowserFixture.ScreenshotAsync(page, "history-search");

        await hit.Locator("[data-testid=search-result-link]").ClickAsync();

        await Expect(page.Locator("[data-testid=transcript-shop]")).ToHaveTextAsync("小鹿优选京东自营店");
        await Expect(page.Locator("[data-testid=transcript-message][data-found=true]")).ToContainTextAsync("七天无理由退货");
        await Expect(page.Locator("[data-testid=transcript-hash]")).ToContainTextAsync("sha256:");
        await BrowserFixture.ScreenshotAsync(page, "history-transcript");

        await page.ClickAsync("[data-testid=transcript-back]");
        await Expect(page.Locator("[data-testid=search-query]")).ToHaveValueAsync("退货");
        await Expect(page.Locator("[data-testid=search-result]", new() { HasText = "空气炸锅" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_says_so()
    {
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await page.GotoAsync(fx.Url("/conversations?q=" + Uri.EscapeDataString("量子纠缠")));

        await Expect(page.Locator("[data-testid=search-empty]")).ToContainTextAsync("量子纠缠");
    }
}
