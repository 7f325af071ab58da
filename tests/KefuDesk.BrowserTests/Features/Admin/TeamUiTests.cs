using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Admin;

/// <summary>
/// The owner runs the team on 系统设置 › 店铺与团队 without the API: adds a member, changes the role,
/// resets the password (the member chooses a new one at sign-in), disables and enables the account;
/// a supervisor does not see the settings at all.
/// </summary>
public sealed class TeamUiTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private const string UserName = "xiaoyu";

    [Fact]
    public async Task The_owner_adds_edits_resets_disables_and_enables_a_member_on_the_page()
    {
        await using var context = await fx.NewContextAsync();
        var admin = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await admin.GotoAsync(fx.Url("/admin"));
        await admin.Locator("[data-testid=admin-settings][data-interactive=true]").WaitForAsync();
        await Expect(admin.Locator("body")).Not.ToContainTextAsync("POST /api/agents");

        // Adding without a name is refused in the form, and nothing is added.
        await By(admin, "add-staff").ClickAsync();
        var form = admin.Locator("[data-testid=staff-form]");
        await form.Locator("[data-testid=staff-username]").FillAsync(UserName);
        await form.Locator("[data-testid=staff-password]").FillAsync("First#Pass1");
        await form.Locator("[data-testid=staff-save]").ClickAsync();
        await Expect(form.Locator("[data-testid=staff-error]")).ToContainTextAsync("成员信息不完整");
        await Expect(Row(admin)).ToHaveCountAsync(0);

        await form.Locator("[data-testid=staff-name]").FillAsync("王小雨");
        await form.Locator("[data-testid=staff-nickname]").FillAsync("小雨");
        await Expect(form).ToContainTextAsync("先选择服务店铺");
        await form.Locator("[data-testid=staff-shop][data-shop=小鹿优选旗舰店]").CheckAsync();
        await form.Locator("[data-testid=staff-group][data-group=售前]").CheckAsync();
        await form.Locator("[data-testid=staff-limit-default]").UncheckAsync();
        await form.Locator("[data-testid=staff-limit]").FillAsync("6");
        await form.Locator("[data-testid=staff-name]").ClickAsync();
        await BrowserFixture.ScreenshotAsync(admin, "team-add");
        await form.Locator("[data-testid=staff-save]").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
        await Expect(Row(admin)).ToContainTextAsync("小雨");
        await Expect(Row(admin)).ToContainTextAsync("客服");
        await Expect(Row(admin).Locator("td").Nth(5)).ToHaveTextAsync("6");

        // Made a supervisor.
        await Row(admin).Locator("[data-testid=edit-staff]").ClickAsync();
        await admin.Locator("[data-testid=staff-form] [data-testid=staff-role-Supervisor]").CheckAsync();
        await admin.Locator("[data-testid=staff-form] [data-testid=staff-save]").ClickAsync();
        await Expect(Row(admin)).ToContainTextAsync("客服主管");

        // A one-time password, shown once; the member replaces it at sign-in and lands in the workspace.
        await Row(admin).Locator("[data-testid=reset-password]").ClickAsync();
        await By(admin, "staff-confirm-yes").ClickAsync();
        var oneTime = (await By(admin, "one-time-value").InnerTextAsync()).Trim();
        Assert.Equal(10, oneTime.Length);
        await Expect(Row(admin).Locator("[data-testid=member-state]")).ToContainTextAsync("待设新密码");
        await By(admin, "team-section").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(admin, "team");
        await By(admin, "one-time-done").ClickAsync();

        await using (var memberContext = await fx.NewContextAsync())
        {
            var member = await SignInFormAsync(memberContext, oneTime);
            await Expect(member.Locator("h1")).ToHaveTextAsync("设置新密码");
            await member.FillAsync("#new-password", "Mine#Pass22");
            await member.FillAsync("#confirm-password", "Mine#Pass23");
            await member.ClickAsync("[data-testid=choose-password-submit]");
            await Expect(member.Locator("[data-testid=sign-in-error]")).ToContainTextAsync("两次输入的新密码不一致");
            await member.FillAsync("#new-password", "Mine#Pass22");
            await member.FillAsync("#confirm-password", "Mine#Pass22");
            await member.ClickAsync("[data-testid=choose-password-submit]");
            await member.WaitForURLAsync("**/workspace", new() { Timeout = 60_000 });
        }

        // Disabled: asked once, then the right password is told the account is off.
        await admin.ReloadAsync();
        await admin.Locator("[data-testid=admin-settings][data-interactive=true]").WaitForAsync();
        await Row(admin).Locator("[data-testid=disable-staff]").ClickAsync();
        await Expect(By(admin, "staff-confirm")).ToContainTextAsync("停用 王小雨");
        await By(admin, "staff-confirm-yes").ClickAsync();
        await Expect(Row(admin).Locator("[data-testid=member-state]")).ToContainTextAsync("已停用");
        await using (var memberContext = await fx.NewContextAsync())
        {
            var member = await SignInFormAsync(memberContext, "Mine#Pass22");
            await Expect(member.Locator("[data-testid=sign-in-error]")).ToContainTextAsync("账号已停用");
        }

        await Row(admin).Locator("[data-testid=enable-staff]").ClickAsync();
        await Expect(Row(admin).Locator("[data-testid=member-state]")).ToContainTextAsync("启用");
        await using (var memberContext = await fx.NewContextAsync())
        {
            await fx.SignInAsync(memberContext, UserName, "Mine#Pass22");
        }

        // The owner cannot switch themselves off: there is no button on their own row.
        await Expect(admin.Locator($"[data-testid=team-member][data-user={DemoAccounts.Admin.UserName}] [data-testid=disable-staff]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_supervisor_does_not_see_the_settings_they_cannot_open()
    {
        await using var context = await fx.NewContextAsync();
        var supervisor = await fx.SignInAsync(context, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await Expect(supervisor.Locator("[data-testid=nav-Board]")).ToBeVisibleAsync();
        await Expect(supervisor.Locator("[data-testid=nav-Admin]")).ToHaveCountAsync(0);

        // Typed in by hand: refused, and told to ask the shop's admin (not a 客服主管, which they are).
        await supervisor.GotoAsync(fx.Url("/admin"));
        await Expect(supervisor.Locator("body")).ToContainTextAsync("请联系店铺管理员");
    }

    private static ILocator Row(IPage page) => page.Locator($"[data-testid=team-member][data-user={UserName}]");

    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private async Task<IPage> SignInFormAsync(IBrowserContext context, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(fx.Url("/account/sign-in"));
        await page.FillAsync("#username", UserName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in-submit]");
        return page;
    }
}
