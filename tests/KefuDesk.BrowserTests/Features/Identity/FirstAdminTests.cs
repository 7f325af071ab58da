using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Identity;

/// <summary>The first visit to a fresh install: create the company, the first shop and the admin.</summary>
public sealed class FirstAdminTests(FreshInstallFixture fx) : IClassFixture<FreshInstallFixture>
{
    [Fact]
    public async Task A_fresh_install_asks_for_the_first_admin_and_then_opens_the_workspace()
    {
        await using var context = await fx.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(fx.Url("/workspace"));
        await page.WaitForURLAsync("**/account/sign-in?**");
        await page.ClickAsync("text=创建管理员账号");
        await page.WaitForURLAsync("**/setup");

        await page.FillAsync("#org", "小鹿优选");
        await page.FillAsync("#shop", "小鹿优选旗舰店");
        await page.FillAsync("#name", "林晓");
        await page.FillAsync("#username", "owner");
        await page.FillAsync("#password", "Owner#2026");
        await page.FillAsync("#confirm", "Owner#2027");
        await page.ClickAsync("[data-testid=setup-submit]");
        await Expect(page.Locator("[data-testid=setup-error]")).ToHaveTextAsync("两次输入的密码不一致。");

        await page.FillAsync("#password", "weak");
        await page.FillAsync("#confirm", "weak");
        await page.ClickAsync("[data-testid=setup-submit]");
        await Expect(page.Locator("[data-testid=setup-error]")).ToContainTextAsync("密码太弱");

        await page.FillAsync("#password", "Owner#2026");
        await page.FillAsync("#confirm", "Owner#2026");
        await page.ClickAsync("[data-testid=setup-submit]");
        await page.WaitForURLAsync("**/workspace");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=current-user]")).ToContainTextAsync("林晓");

        // The refused attempts left nothing half-written: one company, one shop.
        await using (var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Organisations.CountAsync());
            Assert.Equal("小鹿优选旗舰店", Assert.Single(await db.Shops.ToListAsync()).Name);
        }

        // Setup is a one-time door: afterwards it leads to the sign-in page.
        await using var other = await fx.NewContextAsync();
        var late = await other.NewPageAsync();
        await late.GotoAsync(fx.Url("/setup"));
        await late.WaitForURLAsync("**/account/sign-in");
        await Expect(late.Locator("text=创建管理员账号")).ToHaveCountAsync(0);
    }
}
