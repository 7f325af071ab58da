using System.Text.RegularExpressions;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Identity;

/// <summary>
/// A node where one address may start one new chat visitor and fail two sign-ins per ten minutes
/// (the browser is always 127.0.0.1), so each test meets its limit at once.
/// </summary>
public sealed class LowLimitsFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["KefuDesk:Limits:NewVisitorsPerAddress:Burst"] = "1",
        ["KefuDesk:Limits:NewVisitorsPerAddress:RefillSeconds"] = "600",
        ["KefuDesk:Limits:SignInPerAddress:Burst"] = "2",
        ["KefuDesk:Limits:SignInPerAddress:RefillSeconds"] = "600",
    };
}

/// <summary>What a buyer and a staff member see when KefuDesk asks them to wait: a calm line saying how long, not an error.</summary>
public sealed class WaitingTests(LowLimitsFixture fx) : IClassFixture<LowLimitsFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task A_buyer_arriving_when_too_many_new_chats_start_at_once_is_asked_calmly_to_wait_and_the_widget_waits()
    {
        await using var first = await fx.NewContextAsync();
        await fx.OpenDemoShopChatAsync(first);

        await using var second = await fx.NewContextAsync();
        var buyer = await second.NewPageAsync();
        await buyer.GotoAsync(fx.Url("/demo-shop"));
        await By(buyer, "kefudesk-launcher").ClickAsync();

        await Expect(By(buyer, "kefudesk-notice")).ToHaveTextAsync(new Regex("^现在咨询的人较多，请稍候再试（约 (9|10) 分钟后自动重试）$"));
        await Expect(By(buyer, "kefudesk-status")).ToHaveAttributeAsync("data-state", "connecting");
        await Expect(By(buyer, "kefudesk-error")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(buyer, "widget-busy");
    }

    [Fact]
    public async Task Too_many_failed_sign_ins_from_one_address_are_answered_with_how_long_to_wait()
    {
        await using var context = await fx.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(fx.Url("/account/sign-in"));
        for (var i = 0; i < 2; i++)
        {
            await page.FillAsync("#username", DemoAccounts.Agent.UserName);
            await page.FillAsync("#password", "wrong-password");
            await page.ClickAsync("[data-testid=sign-in-submit]");
            await Expect(page.Locator("[data-testid=sign-in-error]")).ToHaveTextAsync("账号或密码错误。");
        }

        await page.FillAsync("#username", DemoAccounts.Agent.UserName);
        await page.FillAsync("#password", DemoAccounts.Agent.Password);
        await page.ClickAsync("[data-testid=sign-in-submit]");
        await Expect(page.Locator("[data-testid=sign-in-error]")).ToHaveTextAsync(new Regex("^登录尝试次数过多，请 (9|10) 分钟后再试。$"));
        await BrowserFixture.ScreenshotAsync(page, "sign-in-wait");
    }
}
