using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Identity;

public sealed class SignInTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_wrong_password_is_explained_and_the_right_one_opens_the_workspace()
    {
        await using var context = await fx.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(fx.Url("/workspace"));
        await page.WaitForURLAsync("**/account/sign-in?**");

        await page.FillAsync("#username", DemoAccounts.Supervisor.UserName);
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("[data-testid=sign-in-submit]");
        await Expect(page.Locator("[data-testid=sign-in-error]")).ToHaveTextAsync("账号或密码错误。");

        await page.FillAsync("#username", DemoAccounts.Supervisor.UserName);
        await page.FillAsync("#password", DemoAccounts.Supervisor.Password);
        await page.ClickAsync("[data-testid=sign-in-submit]");
        await page.WaitForURLAsync("**/workspace");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=current-user]")).ToContainTextAsync("王芳");
        await Expect(page.Locator("[data-testid=filter-all]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_workspace_switches_to_english_and_back()
    {
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await Expect(page.Locator("[data-testid=filter-mine]")).ToContainTextAsync("我的会话");

        await page.ClickAsync("[data-testid=culture-switch]");
        await Expect(page.Locator("[data-testid=filter-mine]")).ToContainTextAsync("Mine");
        await BrowserFixture.WaitUntilInteractiveAsync(page);

        await page.ClickAsync("[data-testid=culture-switch]");
        await Expect(page.Locator("[data-testid=filter-mine]")).ToContainTextAsync("我的会话");
    }

    [Fact]
    public async Task Areas_not_built_yet_say_so_plainly()
    {
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);

        await page.ClickAsync("[data-testid=nav-Reports]");

        await Expect(page.Locator("[data-testid=coming-soon]")).ToContainTextAsync("此功能尚未上线");
    }
}
