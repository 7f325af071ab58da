using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Conversations;

/// <summary>
/// An order number the buyer types is a link in the workspace that opens that order beside the chat,
/// also one older than the panel's first page; a phone number or another buyer's order is plain text.
/// </summary>
public sealed class OrderLinkTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_agent_opens_the_order_the_buyer_names_from_the_chat()
    {
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await agent.Locator("[data-testid=filter-unassigned]").ClickAsync();

        var run = Random.Shared.Next(10_000, 99_999);
        var oldest = $"DD2026{run}001";
        var strangers = $"DD2026{run}999";
        var question = $"订单 {oldest} 还没发货吗？电话 13912345678，朋友的单 {strangers} 也一起看下";
        var buyer = await fx.BuyerWritesAsync(fx.Url("/demo-shop"), question);
        await OrdersAsync(question, run);

        await agent.Locator("[data-testid=conversation-item]", new() { HasText = "还没发货吗" }).ClickAsync();
        var message = agent.Locator("[data-testid=message]", new() { HasText = "还没发货吗" });
        var links = message.Locator("[data-testid=order-link]");
        await Expect(links).ToHaveCountAsync(1);
        await Expect(links).ToHaveTextAsync(oldest);

        await links.ClickAsync();
        var opened = agent.Locator($"[data-testid=order][data-order-no={oldest}]");
        await Expect(opened).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("bo-open"));
        await Expect(opened.Locator("[data-testid=order-receiver]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(agent, "workspace-order-link");
        await buyer.Context.CloseAsync();
    }

    /// <summary>Eight orders of the buyer (the panel shows the latest few first), and one of somebody else.</summary>
    private async Task OrdersAsync(string question, int run)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        var conversation = await db.Messages.Where(m => m.Body == question)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (_, c) => c).SingleAsync();
        for (var i = 1; i <= 8; i++)
        {
            var order = new Order(Guid.NewGuid(), conversation.ShopId, conversation.CustomerId, $"DD2026{run}{i:000}", OrderStatus.AwaitingShipment,
                DateTime.UtcNow.AddDays(-30 + i), "王小明", "13812345678", "浙江省杭州市西湖区文三路 100 号");
            order.AddItem(Guid.NewGuid(), null, "CUP-500", "保温杯礼盒装", 38_800, 1);
            order.RecordPayment(38_800, DateTime.UtcNow.AddDays(-30 + i));
            db.Orders.Add(order);
        }

        var someoneElse = await db.Orders.Where(o => o.ShopId == conversation.ShopId && o.CustomerId != conversation.CustomerId)
            .Select(o => o.CustomerId).FirstAsync();
        db.Orders.Add(new Order(Guid.NewGuid(), conversation.ShopId, someoneElse, $"DD2026{run}999", OrderStatus.AwaitingPayment,
            DateTime.UtcNow, "李四", "13700000000", "上海市"));
        await db.SaveChangesAsync();
    }
}
