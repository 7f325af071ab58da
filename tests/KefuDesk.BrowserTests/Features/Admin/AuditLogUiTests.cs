using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Admin;

/// <summary>The owner reads 操作日志: who did what to which record, filtered, with an empty state and an export of the same filter.</summary>
public sealed class AuditLogUiTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_owner_filters_the_audit_log_and_exports_what_is_shown()
    {
        await using var context = await fx.NewContextAsync();
        var admin = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await admin.GotoAsync(fx.Url("/admin"));
        await admin.Locator("a.admin-tab", new() { HasText = "操作日志" }).ClickAsync();
        await admin.Locator("[data-testid=audit-log][data-interactive=true]").WaitForAsync();
        var rows = admin.Locator("[data-testid=audit-row]");
        await Expect(rows.First).ToBeVisibleAsync();

        // After-sales cases only: every row is a case, and its number opens the case.
        var everything = await admin.Locator("[data-testid=audit-count]").InnerTextAsync();
        await admin.Locator("[data-testid=audit-subject]").SelectOptionAsync(new SelectOptionValue { Label = "售后单" });
        await admin.Locator("[data-testid=audit-search]").ClickAsync();
        // The filtered page has replaced the first one (its total differs) before the rows are counted.
        await Expect(admin.Locator("[data-testid=audit-count]")).Not.ToHaveTextAsync(everything);
        var count = await rows.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await Expect(rows.Nth(i).Locator(".al-subject")).ToHaveTextAsync("售后单");
        }

        await Expect(rows.First.Locator("a[href^='/after-sales/']")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-testid=audit-export]")).ToHaveAttributeAsync("href", "/api/audit/export?subject=after_sales_case");
        await Expect(admin.Locator("body")).Not.ToContainTextAsync("Audit.");
        await BrowserFixture.ScreenshotAsync(admin, "audit-log");

        var download = await admin.RunAndWaitForDownloadAsync(() => admin.Locator("[data-testid=audit-export]").ClickAsync());
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path!);
        Assert.StartsWith("\"时间\"", csv.TrimStart('\uFEFF'));
        Assert.Contains("\"售后单\"", csv);
        Assert.DoesNotContain("\"投诉\"", csv);

        // Nothing matches: said so, with the filters still there to change.
        await admin.Locator("[data-testid=audit-record]").FillAsync("不存在的单号");
        await admin.Locator("[data-testid=audit-search]").ClickAsync();
        await Expect(admin.Locator("[data-testid=audit-empty]")).ToContainTextAsync("没有符合条件的记录");
    }
}
