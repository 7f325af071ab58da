using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Admin;

/// <summary>The admin's team list shows who is locked out, with a button that lets them back in.</summary>
public sealed class UnlockButtonTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_admin_unlocks_a_locked_out_agent_from_the_team_list()
    {
        await using (var scope = fx.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Agent>>();
            var agent = await users.FindByNameAsync(DemoAccounts.AfterSalesAgent.UserName);
            Assert.True((await users.SetLockoutEndDateAsync(agent!, DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
        }

        await using var context = await fx.NewContextAsync();
        var admin = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await admin.GotoAsync(fx.Url("/admin"));
        await admin.Locator("[data-testid=admin-settings][data-interactive=true]").WaitForAsync();
        var row = admin.Locator("[data-testid=team] tr", new() { HasText = DemoAccounts.AfterSalesAgent.UserName });
        await Expect(row).ToContainTextAsync("已锁定");
        await BrowserFixture.ScreenshotAsync(admin, "team-locked");

        await row.Locator("[data-testid=unlock]").ClickAsync();
        await Expect(row).Not.ToContainTextAsync("已锁定");
        await Expect(row.Locator("[data-testid=unlock]")).ToHaveCountAsync(0);

        await using var agentContext = await fx.NewContextAsync();
        await fx.SignInAsync(agentContext, DemoAccounts.AfterSalesAgent.UserName, DemoAccounts.AfterSalesAgent.Password);
    }
}
