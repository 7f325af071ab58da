using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Shop;

/// <summary>店铺设置 as an admin fills it in: the 待回复 thresholds, checked before anything is saved.</summary>
public sealed class ShopSettingsUiTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task An_admin_sets_the_waiting_thresholds_and_a_red_before_amber_is_refused_with_nothing_saved()
    {
        await using var context = await fx.NewContextAsync();
        var admin = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await admin.GotoAsync(fx.Url("/admin/shops"));
        await admin.Locator("[data-testid=shop-settings][data-interactive=true]").WaitForAsync();
        var warn = admin.Locator("input[data-testid=reply-warn]");
        var late = admin.Locator("input[data-testid=reply-late]");
        await Expect(warn).ToHaveValueAsync("60");
        await Expect(late).ToHaveValueAsync("180");

        // Red before amber: refused with the reason, nothing saved.
        await warn.FillAsync("90");
        await late.FillAsync("30");
        await late.BlurAsync();
        await By(admin, "save-shop").ClickAsync();
        await Expect(admin.Locator(".mud-snackbar", new() { HasText = "待回复变红须晚于变黄" })).ToBeVisibleAsync();

        await warn.FillAsync("45");
        await late.FillAsync("120");
        await late.BlurAsync();
        await By(admin, "save-shop").ClickAsync();
        await Expect(admin.Locator(".mud-snackbar", new() { HasText = "设置已保存" })).ToBeVisibleAsync();

        await admin.ReloadAsync();
        await Expect(admin.Locator("input[data-testid=reply-warn]")).ToHaveValueAsync("45");
        await Expect(admin.Locator("input[data-testid=reply-late]")).ToHaveValueAsync("120");
        await admin.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(admin, "shop-settings");
    }
}
