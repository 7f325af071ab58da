using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Shop;

/// <summary>
/// An agent ticks the day's orders waiting to ship on the orders list, across two pages, and prints
/// their labels as one batch; an order closed meanwhile stops the batch with its number named.
/// </summary>
public sealed class BatchLabelsTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private readonly string _prefix = "LB" + Random.Shared.Next(1000, 9999);

    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task An_agent_ticks_orders_across_pages_and_prints_their_labels_as_one_batch()
    {
        var (waiting, unpaid) = await SeedOrdersAsync(waitingToShip: 23);
        await using var context = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(context, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await agent.GotoAsync(fx.Url("/orders"));
        await Expect(By(agent, "orders")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(By(agent, "orders-labels")).ToContainTextAsync("一次打印一批面单");

        // Unpaid orders have no box to tick.
        await Expect(agent.Locator($"[data-testid=order-row][data-order-no={unpaid}] [data-testid=order-tick]")).ToHaveCountAsync(0);

        // 待发货 only: the whole first page, then one on the second.
        await By(agent, "orders-status").SelectOptionAsync("AwaitingShipment");
        await By(agent, "orders-search").ClickAsync();
        await Expect(By(agent, "orders-count")).ToContainTextAsync("23");
        var rowTop = (await By(agent, "order-row").First.BoundingBoxAsync())!.Y;
        await By(agent, "orders-tick-page").CheckAsync();
        await Expect(By(agent, "orders-labels")).ToContainTextAsync("已选 20 个订单");
        Assert.Equal(rowTop, (await By(agent, "order-row").First.BoundingBoxAsync())!.Y); // the print controls appear without moving the rows
        await By(agent, "orders-next").ClickAsync();
        await Expect(By(agent, "order-row")).ToHaveCountAsync(3);
        await By(agent, "order-tick").First.CheckAsync();
        await Expect(By(agent, "orders-labels")).ToContainTextAsync("已选 21 个订单");
        await By(agent, "orders-label-format").SelectOptionAsync("A4");
        await BrowserFixture.ScreenshotAsync(agent, "orders-batch-labels");

        var labels = await context.RunAndWaitForPageAsync(() => By(agent, "orders-print-labels").ClickAsync());
        await Expect(By(labels, "label")).ToHaveCountAsync(21);
        await Expect(By(labels, "label").First).ToContainTextAsync(_prefix + "0000"); // by order number
        await Expect(By(labels, "labels-record")).ToContainTextAsync("A4");
        await Expect(By(labels, "labels-record")).ToContainTextAsync("小美");
        await BrowserFixture.ScreenshotAsync(labels, "orders-labels-a4");

        // The barcodes scan: the carrier's number where there is one (all digits, and letters and
        // digits), else the order number.
        foreach (var (nth, expected) in new[] { (0, "75312345678901"), (1, "SF1234567890"), (2, _prefix + "0002") })
        {
            var barcode = By(labels, "label-barcode").Nth(nth);
            await Expect(barcode).ToHaveAttributeAsync("data-code", expected);
            Assert.Equal(expected, await Barcodes.ScanAsync(barcode));
        }
        await Expect(By(agent, "orders-labels")).ToContainTextAsync("一次打印一批面单"); // the ticks are cleared once printed
        Assert.Equal(21, await LabelsPrintedAsync(waiting));

        // One of two ticked orders is closed meanwhile (the buyer cancelled on the platform): nothing is printed.
        await By(agent, "order-tick").Nth(0).CheckAsync();
        await By(agent, "order-tick").Nth(1).CheckAsync();
        var closed = await agent.Locator("[data-testid=order-row]").Nth(1).GetAttributeAsync("data-order-no");
        await CloseAsync(closed!);
        await By(agent, "orders-print-labels").ClickAsync();
        await Expect(By(agent, "orders-label-error")).ToContainTextAsync($"订单 {closed} 现在不能打印面单");
        await Expect(By(agent, "orders-labels")).ToContainTextAsync("已选 2 个订单");
        Assert.Equal(21, await LabelsPrintedAsync(waiting));
    }

    private async Task<(List<Guid> Waiting, string Unpaid)> SeedOrdersAsync(int waitingToShip)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        var shop = await db.Shops.OrderBy(s => s.CreatedAt).FirstAsync();
        var buyer = await db.Customers.FirstAsync(c => c.DisplayName == "陈晨");
        var now = DateTime.UtcNow;
        var waiting = new List<Guid>();
        for (var i = 0; i < waitingToShip; i++)
        {
            var order = new Order(Guid.NewGuid(), shop.Id, buyer.Id, $"{_prefix}{i:D4}", OrderStatus.AwaitingShipment, now.AddMinutes(-i - 5),
                "陈晨", "13812345678", $"上海市浦东新区张江路 88 弄 {i + 1} 号");
            order.AddItem(Guid.NewGuid(), null, "CUP-500", "保温杯礼盒装", 12_800, 1 + (i % 2));
            order.RecordPayment(order.TotalFen, now.AddMinutes(-i - 4));
            db.Orders.Add(order);
            waiting.Add(order.Id);
        }

        var unpaid = new Order(Guid.NewGuid(), shop.Id, buyer.Id, $"{_prefix}U001", OrderStatus.AwaitingPayment, now.AddMinutes(-1),
            "陈晨", "13812345678", "上海市浦东新区张江路 88 弄 6 号");
        unpaid.AddItem(Guid.NewGuid(), null, "EAR-1", "降噪耳机", 29_900, 1);
        db.Orders.Add(unpaid);
        await db.SaveChangesAsync();

        // Two already have a carrier's number (assigned on the platform, not yet shipped).
        foreach (var (no, carrier, tracking) in new[] { ($"{_prefix}0000", "中通快递", "75312345678901"), ($"{_prefix}0001", "顺丰速运", "SF1234567890") })
        {
            await db.Orders.Where(o => o.OrderNo == no).ExecuteUpdateAsync(u => u.SetProperty(o => o.Carrier, carrier).SetProperty(o => o.TrackingNo, tracking));
        }

        return (waiting, unpaid.OrderNo);
    }

    private async Task<int> LabelsPrintedAsync(List<Guid> orders)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await db.LabelPrints.CountAsync(p => orders.Contains(p.OrderId));
    }

    private async Task CloseAsync(string orderNo)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        await db.Orders.Where(o => o.OrderNo == orderNo).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OrderStatus.Closed));
    }
}
