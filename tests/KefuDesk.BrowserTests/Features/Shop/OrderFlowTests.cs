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
/// A buyer asks about two orders; the agent sends one as a card, corrects its address, asks a
/// supervisor to approve a price cut beyond her limit on the other, and opens a refund case on the
/// first that only a supervisor may approve; the supervisor approves both.
/// </summary>
public sealed class OrderFlowTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task An_agent_sends_an_order_card_changes_the_address_and_opens_a_refund_case_a_supervisor_approves()
    {
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await By(agent, "filter-unassigned").ClickAsync();

        // A buyer on the demo shop asks about a wrong address.
        await using var buyerContext = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(buyerContext);
        const string question = "地址填错了,能帮我改一下吗?另外那单能便宜点吗";
        await BrowserFixture.AskAsync(buyer, question);
        var waiting = agent.Locator("[data-testid=conversation-item]", new() { HasText = "地址填错了" });
        await Expect(waiting).ToHaveCountAsync(1);

        // The shop platform knows two orders of this buyer: one paid and waiting to ship, one unpaid.
        var (paid, unpaid) = await OrdersForAsync(question);

        await waiting.ClickAsync();
        var paidCard = agent.Locator("[data-testid=order]", new() { HasText = paid });
        await Expect(paidCard).ToHaveCountAsync(1);

        // The order card reaches the buyer's widget.
        await paidCard.Locator("[data-testid=send-order-card]").ClickAsync();
        await Expect(buyer.Locator("[data-testid=kefudesk-order]", new() { HasText = paid })).ToHaveCountAsync(1);

        // The address changes before shipping; the agent sees the phone masked, the record keeps it whole.
        await paidCard.Locator("[data-testid=order-open]").ClickAsync();
        await paidCard.Locator("[data-testid=order-action-address]").ClickAsync();
        await paidCard.Locator("[data-testid=address-name]").FillAsync("李雷");
        await paidCard.Locator("[data-testid=address-phone]").FillAsync("13900001111");
        await paidCard.Locator("[data-testid=address-text]").FillAsync("上海市浦东新区世纪大道 8 号");
        await paidCard.Locator("[data-testid=order-action-save]").ClickAsync();
        await Expect(paidCard.Locator("[data-testid=order-receiver]")).ToContainTextAsync("李雷 139****1111");
        await paidCard.Locator("[data-testid=order-history] summary").ClickAsync();
        await Expect(paidCard.Locator("[data-testid=order-history]")).ToContainTextAsync("修改收货地址");
        await BrowserFixture.ScreenshotAsync(agent, "order-address-changed");

        // A ¥50 cut on the unpaid order is beyond her ¥20 limit: it waits for a supervisor.
        var unpaidCard = agent.Locator("[data-testid=order]", new() { HasText = unpaid });
        await unpaidCard.Locator("[data-testid=order-open]").ClickAsync();
        await unpaidCard.Locator("[data-testid=order-action-adjustPrice]").ClickAsync();
        await unpaidCard.Locator("[data-testid=price-new]").FillAsync("50");
        await unpaidCard.Locator("[data-testid=reason]").FillAsync("买家第一次购买,送个见面礼");
        await unpaidCard.Locator("[data-testid=order-action-save]").ClickAsync();
        await Expect(unpaidCard.Locator("[data-testid=order-pending-price]")).ToContainTextAsync("¥50.00");

        await using var supervisorContext = await fx.NewContextAsync();
        var supervisor = await fx.SignInAsync(supervisorContext, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await supervisor.GotoAsync(fx.Url("/orders"));
        await Expect(By(supervisor, "orders")).ToHaveAttributeAsync("data-interactive", "true");
        await By(supervisor, "orders-nav-approvals").ClickAsync();
        var request = supervisor.Locator("[data-testid=approval]", new() { HasText = unpaid });
        await Expect(request).ToContainTextAsync("买家第一次购买");
        await BrowserFixture.ScreenshotAsync(supervisor, "order-price-approvals");
        await request.Locator("[data-testid=approve]").ClickAsync();
        await Expect(By(supervisor, "approvals-empty")).ToBeVisibleAsync();

        // Back in the chat: the gift box arrived scratched; ¥300 back is above the shop's ¥200 approval line.
        await paidCard.Locator("[data-testid=order-open]").ClickAsync();
        await paidCard.Locator("[data-testid=order-open-case]").ClickAsync();
        await By(agent, "new-case-kind-RefundOnly").ClickAsync();
        await By(agent, "new-case-reason").SelectOptionAsync("QualityProblem");
        await By(agent, "new-case-refund").FillAsync("300");
        await By(agent, "new-case-description").FillAsync("礼盒外包装划痕,买家同意部分退款不退货");
        await By(agent, "new-case-submit").ClickAsync();
        await Expect(agent.Locator(".mud-snackbar", new() { HasText = "售后单" })).ToBeVisibleAsync();

        await supervisor.GotoAsync(fx.Url("/after-sales"));
        await Expect(supervisor.Locator("[data-testid=case-list][data-interactive=true]")).ToBeVisibleAsync();
        var caseRow = supervisor.Locator("[data-testid=case-row]", new() { HasText = paid });
        await caseRow.Locator("[data-testid=case-link]").ClickAsync();
        await Expect(supervisor.Locator("[data-testid=case-page][data-interactive=true]")).ToBeVisibleAsync();
        await By(supervisor, "case-step-Review").ClickAsync();
        await Expect(By(supervisor, "case-awaiting-supervisor")).ToBeVisibleAsync();
        await By(supervisor, "case-step-Approve").ClickAsync();
        await Expect(By(supervisor, "case-status").First).ToHaveTextAsync("已同意");
        await BrowserFixture.ScreenshotAsync(supervisor, "order-refund-case-approved");

        Assert.Equal(5_000, (await OrderAsync(unpaid)).TotalFen);
        Assert.Equal(30_000, (await OrderAsync(paid)).RefundClaimedFen);
        Assert.Equal("13900001111", (await OrderAsync(paid)).ReceiverPhone);
    }

    private async Task<(string Paid, string Unpaid)> OrdersForAsync(string question)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        var conversation = await db.Messages.Where(m => m.Body == question)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (_, c) => c).SingleAsync();
        var paid = new Order(Guid.NewGuid(), conversation.ShopId, conversation.CustomerId, "BT" + Random.Shared.Next(100000, 999999), OrderStatus.AwaitingShipment,
            DateTime.UtcNow.AddHours(-2), "王小明", "13812345678", "浙江省杭州市西湖区文三路 100 号");
        paid.AddItem(Guid.NewGuid(), null, "CUP-500", "保温杯礼盒装", 38_800, 1);
        paid.RecordPayment(38_800, DateTime.UtcNow.AddHours(-2));
        var unpaid = new Order(Guid.NewGuid(), conversation.ShopId, conversation.CustomerId, "BT" + Random.Shared.Next(100000, 999999), OrderStatus.AwaitingPayment,
            DateTime.UtcNow.AddHours(-1), "王小明", "13812345678", "浙江省杭州市西湖区文三路 100 号");
        unpaid.AddItem(Guid.NewGuid(), null, "EAR-1", "降噪耳机", 10_000, 1);
        db.Orders.AddRange(paid, unpaid);
        await db.SaveChangesAsync();
        return (paid.OrderNo, unpaid.OrderNo);
    }

    private async Task<Order> OrderAsync(string orderNo)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        return await db.Orders.AsNoTracking().SingleAsync(o => o.OrderNo == orderNo);
    }
}
