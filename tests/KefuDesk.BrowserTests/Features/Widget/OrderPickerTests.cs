using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Widget;

/// <summary>The buyer picks one of their orders in the widget (订单), and it reaches the agent as an order card.</summary>
public sealed class OrderPickerTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    /// <summary>The buyer's orders, as the shop platform's sync would put them: the newest is a pair of earphones, shipped.</summary>
    private async Task<List<Order>> OrdersForAsync(Guid customerId, int count)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        var shop = await db.Shops.Where(s => s.WidgetKey == DemoAccounts.ShopKey).Select(s => s.Id).SingleAsync();
        var earphones = await db.Products.SingleAsync(p => p.ShopId == shop && p.Sku == "XL-EP-001");
        var orders = new List<Order>();
        for (var i = 0; i < count; i++)
        {
            var order = new Order(Guid.CreateVersion7(), shop, customerId, $"PK{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}",
                i == 0 ? OrderStatus.Shipped : OrderStatus.Completed, DateTime.UtcNow.AddDays(-i), "陈晨", "13812345678", "上海市浦东新区张江路 88 弄 6 号 502");
            order.AddItem(Guid.CreateVersion7(), earphones.Id, earphones.Sku, earphones.Title, earphones.PriceFen, 1);
            order.RecordPayment(order.TotalFen, order.CreatedAt.AddMinutes(3));
            orders.Add(order);
        }

        db.Orders.AddRange(orders);
        await db.SaveChangesAsync();
        return orders;
    }

    [Fact]
    public async Task The_buyer_opens_the_picker_sees_their_orders_picks_one_and_the_card_shows_in_the_widget_and_the_workspace()
    {
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);

        // A buyer says hello from the demo shop; the shop knows them from their orders.
        await using var buyerContext = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(buyerContext);
        var hello = "你好,我的耳机到哪了?" + Guid.NewGuid().ToString("N")[..6];
        await BrowserFixture.AskAsync(buyer, hello);
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        var conversation = await db.Messages.Where(m => m.Body == hello)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (_, c) => new { c.Id, c.CustomerId }).SingleAsync();
        var orders = await OrdersForAsync(conversation.CustomerId, 12);

        // 订单: the newest ten, 加载更多 for the rest.
        var toggle = By(buyer, "kefudesk-orders-toggle");
        await Expect(toggle).ToHaveAttributeAsync("aria-label", "选择订单咨询");
        await toggle.ClickAsync();
        var picker = By(buyer, "kefudesk-orders");
        var options = By(buyer, "kefudesk-order-option");
        await Expect(options).ToHaveCountAsync(10);
        await Expect(options.First).ToContainTextAsync(orders[0].OrderNo);
        await Expect(options.First).ToContainTextAsync("已发货");
        await Expect(options.First).ToContainTextAsync("小鹿 无线降噪蓝牙耳机 Pro");
        await Expect(options.First).ToContainTextAsync("¥299.00");
        await Expect(options.First.Locator("img")).ToHaveAttributeAsync("src", fx.Url("/demo/products/earphones.svg"));
        await By(buyer, "kefudesk-orders-more").ClickAsync();
        await Expect(options).ToHaveCountAsync(12);
        await Expect(options.Last).ToContainTextAsync(orders[11].OrderNo);
        await Expect(By(buyer, "kefudesk-orders-more")).ToBeHiddenAsync();

        // Esc closes it, and so does a click elsewhere in the chat.
        await buyer.Keyboard.PressAsync("Escape");
        await Expect(picker).ToBeHiddenAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Expect(options).ToHaveCountAsync(10);
        await By(buyer, "kefudesk-messages").ClickAsync(new() { Position = new() { X = 20, Y = 20 } });
        await Expect(picker).ToBeHiddenAsync();

        // The buyer picks the shipped earphones: the list closes and the card is in the thread, sent once.
        await toggle.ClickAsync();
        await BrowserFixture.ScreenshotAsync(buyer, "widget-order-picker");
        await options.Filter(new() { HasText = orders[0].OrderNo }).ClickAsync();
        await Expect(picker).ToBeHiddenAsync();
        var card = buyer.Locator("[data-testid=kefudesk-message][data-kind=orderCard]");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator("[data-testid=kefudesk-order]")).ToContainTextAsync(orders[0].OrderNo);
        await Expect(card).ToContainTextAsync("已发货");
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == conversation.Id && m.Kind == KefuDesk.Features.Conversations.MessageKind.OrderCard));

        // The agent sees the same card in the workspace.
        await agent.ClickAsync("[data-testid=filter-unassigned]");
        await agent.Locator($"[data-testid=conversation-item][data-conversation='{conversation.Id}']").ClickAsync();
        var agentCard = agent.Locator("[data-testid=message] [data-testid=order-card]");
        await Expect(agentCard).ToContainTextAsync(orders[0].OrderNo);
        await Expect(agentCard).ToContainTextAsync("小鹿 无线降噪蓝牙耳机 Pro");
        await BrowserFixture.ScreenshotAsync(agent, "workspace-order-card-from-widget");
    }

    [Fact]
    public async Task An_order_picked_while_the_connection_is_down_waits_across_a_reload_and_is_stored_once()
    {
        await using var context = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(context);
        var hello = "在吗?" + Guid.NewGuid().ToString("N")[..6];
        await BrowserFixture.AskAsync(buyer, hello);
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        var conversation = await db.Messages.Where(m => m.Body == hello)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (_, c) => new { c.Id, c.CustomerId }).SingleAsync();
        var order = (await OrdersForAsync(conversation.CustomerId, 1))[0];
        await By(buyer, "kefudesk-orders-toggle").ClickAsync();
        await Expect(By(buyer, "kefudesk-order-option")).ToHaveCountAsync(1);

        // The line goes down as the buyer picks: the card waits, 发送中, kept in the browser.
        await context.SetOfflineAsync(true);
        await By(buyer, "kefudesk-order-option").ClickAsync();
        var pending = buyer.Locator("[data-pending]");
        await Expect(pending).ToContainTextAsync(order.OrderNo);
        await Expect(pending).ToContainTextAsync("发送中");
        Assert.Contains(order.Id.ToString(), await buyer.EvaluateAsync<string>("() => localStorage.getItem('kefudesk:demo:outbox')"),
            StringComparison.OrdinalIgnoreCase);

        // Back online, the page reloaded: it goes (again, with the same id) and is stored once.
        await context.SetOfflineAsync(false);
        await buyer.ReloadAsync();
        await By(buyer, "kefudesk-launcher").ClickAsync();
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-kind=orderCard]")).ToHaveCountAsync(1);
        await Expect(pending).ToHaveCountAsync(0);
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == conversation.Id && m.Kind == KefuDesk.Features.Conversations.MessageKind.OrderCard));
    }

    [Fact]
    public async Task A_visitor_without_orders_is_told_so_and_a_failed_load_can_be_tried_again()
    {
        await using var context = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(context);

        // The network fails once: the picker says so and offers 重试.
        await buyer.RouteAsync("**/api/widget/orders**", route => route.AbortAsync());
        await By(buyer, "kefudesk-orders-toggle").ClickAsync();
        await Expect(By(buyer, "kefudesk-orders-status")).ToHaveTextAsync("订单加载失败，请检查网络");
        await buyer.UnrouteAsync("**/api/widget/orders**");
        await By(buyer, "kefudesk-orders-more").ClickAsync();

        await Expect(By(buyer, "kefudesk-orders-status")).ToHaveTextAsync("暂无订单");
        await Expect(By(buyer, "kefudesk-order-option")).ToHaveCountAsync(0);
        await Expect(By(buyer, "kefudesk-orders-more")).ToBeHiddenAsync();
    }
}
