using System.Text;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Shop;

/// <summary>Import as an admin clicks it: choose the template, upload, read the problems, fix, confirm; then find the orders in 订单.</summary>
public sealed class ShopDataUiTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>Checking and importing run in the background; the page follows them.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Background = new() { Timeout = 30_000 };

    private const string Header = "订单编号,买家会员名,订单状态,订单创建时间,商品标题,商家编码,单价,数量,收货人姓名,联系手机,收货地址\n";

    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private static FilePayload Csv(string name, string rows) =>
        new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Header + rows) };

    [Fact]
    public async Task An_admin_uploads_orders_sees_each_bad_row_fixes_the_file_and_imports_it()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await By(page, "nav-Admin").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "店铺数据" }).ClickAsync();
        await page.Locator("[data-testid=shop-data][data-interactive=true]").WaitForAsync();
        await By(page, "kind-orders").ClickAsync();

        await By(page, "import-file").SetInputFilesAsync(Csv("订单.csv",
            $"UI{run}-1,tb_ui_{run},待发货,2025-11-23 10:05:00,小鹿 智能保温杯,XL-BW-003,89.00,1,韩梅梅,13711112222,四川省成都市武侯区天府大道 99 号\n"
            + $"UI{run}-2,tb_ui_{run}b,发货中,2025-11-23 10:15:00,小鹿 便携榨汁杯,XL-JC-002,0,1,李雷,13733334444,四川省成都市锦江区春熙路 1 号\n"));

        await Expect(By(page, "import-preview")).ToHaveAttributeAsync("data-status", "rejected", Background);
        await Expect(By(page, "import-banner")).ToContainTextAsync("发现 2 处问题");
        await Expect(By(page, "import-problem")).ToHaveCountAsync(2);
        await Expect(By(page, "import-problems")).ToContainTextAsync("单价必须大于 0");
        await Expect(By(page, "import-problems")).ToContainTextAsync("订单状态「发货中」不是订单状态");
        await Expect(By(page, "import-sample").Locator(".ip-bad-cell")).ToHaveCountAsync(2);
        await Expect(By(page, "confirm-import")).ToHaveCountAsync(0); // a file with problems cannot be imported
        await BrowserFixture.ScreenshotAsync(page, "shop-data-problems");

        await By(page, "import-again").ClickAsync();
        await By(page, "import-file").SetInputFilesAsync(Csv("订单-已改.csv",
            $"UI{run}-1,tb_ui_{run},待发货,2025-11-23 10:05:00,小鹿 智能保温杯,XL-BW-003,89.00,1,韩梅梅,13711112222,四川省成都市武侯区天府大道 99 号\n"
            + $"UI{run}-2,tb_ui_{run}b,待发货,2025-11-23 10:15:00,小鹿 便携榨汁杯,XL-JC-002,129.00,1,李雷,13733334444,四川省成都市锦江区春熙路 1 号\n"));

        await Expect(By(page, "import-preview")).ToHaveAttributeAsync("data-status", "ready", Background);
        await Expect(By(page, "import-banner")).ToContainTextAsync("检查通过：2 个订单");
        await By(page, "confirm-import").ClickAsync();
        await Expect(By(page, "import-preview")).ToHaveAttributeAsync("data-status", "imported", Background);
        await Expect(By(page, "recent-imports")).ToContainTextAsync("订单-已改.csv");

        await By(page, "nav-Orders").ClickAsync();
        await page.Locator("[data-testid=orders][data-interactive=true]").WaitForAsync();
        await By(page, "orders-no").FillAsync($"UI{run}");
        await By(page, "orders-search").ClickAsync();
        await Expect(By(page, "order-row")).ToHaveCountAsync(2);
        await Expect(By(page, "orders-table")).ToContainTextAsync("¥129.00");
        await Expect(By(page, "orders-count")).ToContainTextAsync("共 2 个订单");
        await BrowserFixture.ScreenshotAsync(page, "orders-list");
    }
}
