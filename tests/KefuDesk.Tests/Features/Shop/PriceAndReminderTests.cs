using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>改价 within and above the agent's limit, supervisor decisions, 催付 caps, shipping label batches.</summary>
public abstract class PriceAndReminderTests(AppFixture fx)
{
    private static readonly Guid Friendly = PaymentReminders.BuiltIn[0].Id;

    [Fact]
    public async Task A_price_cut_within_the_agents_limit_applies_at_once_and_is_booked_as_a_discount()
    {
        var order = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingPayment); // ¥100
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        var response = await agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/price", new { newTotalFen = 8_000, reason = "老客优惠" }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<PriceChangeResult>(Json.Options))!;
        Assert.True(result.Applied);
        Assert.Equal(8_000, result.Order.TotalFen);
        Assert.Equal(2_000, result.Order.DiscountFen);
        var entry = Assert.Single(await OrderSeed.AuditAsync(fx, order.Id));
        Assert.Equal("order.price_adjusted", entry.Action);
        Assert.Contains("10000", entry.Before);
        Assert.Contains("8000", entry.After);
        Assert.Equal("老客优惠", entry.Note);
    }

    [Fact]
    public async Task A_bigger_cut_waits_for_a_supervisor_who_approves_it_and_only_one_request_waits_per_order()
    {
        var order = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingPayment);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        var response = await agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/price", new { newTotalFen = 5_000, reason = "质量瑕疵补偿" }, Json.Options);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var waiting = (await response.Content.ReadFromJsonAsync<PriceChangeResult>(Json.Options))!;
        Assert.False(waiting.Applied);
        Assert.Equal(10_000, (await OrderSeed.ReloadAsync(fx, order.Id)).TotalFen);
        Assert.Equal(5_000, (await agent.Http.GetFromJsonAsync<OrderDetails>($"/api/orders/{order.Id}", Json.Options))!.PendingAdjustment!.ToTotalFen);

        await (await agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/price", new { newTotalFen = 9_000, reason = "再改" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_adjustment_pending");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.PostAsync($"/api/orders/price-adjustments/{waiting.Adjustment!.Id}/approve", null)).StatusCode);

        var list = (await supervisor.Http.GetFromJsonAsync<AdjustmentPage>("/api/orders/price-adjustments?status=pending", Json.Options))!;
        Assert.Contains(list.Rows, r => r.Id == waiting.Adjustment.Id && r.RequestedByName == fx.World.Agent.Nickname);
        var approved = await supervisor.Http.PostAsync($"/api/orders/price-adjustments/{waiting.Adjustment.Id}/approve", null);
        Assert.Equal(AdjustmentStatus.Approved, (await approved.Content.ReadFromJsonAsync<AdjustmentRow>(Json.Options))!.Status);
        Assert.Equal(5_000, (await OrderSeed.ReloadAsync(fx, order.Id)).TotalFen);
        await (await supervisor.Http.PostAsync($"/api/orders/price-adjustments/{waiting.Adjustment.Id}/approve", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_adjustment_decided");

        var audit = await OrderSeed.AuditAsync(fx, order.Id);
        Assert.Equal(fx.World.Agent.Id, audit.Single(e => e.Action == "order.price_adjustment_requested").ActorId);
        Assert.Equal(fx.World.Supervisor.Id, audit.Single(e => e.Action == "order.price_adjusted").ActorId);
    }

    [Fact]
    public async Task A_rejected_request_changes_nothing_and_one_approved_after_payment_lapses()
    {
        var buyer = await OrderSeed.BuyerAsync(fx);
        var order = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingPayment);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        var first = (await (await agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/price", new { newTotalFen = 1_000, reason = "买家砍价" }, Json.Options))
            .Content.ReadFromJsonAsync<PriceChangeResult>(Json.Options))!;
        var rejected = await supervisor.Http.PostAsJsonAsync($"/api/orders/price-adjustments/{first.Adjustment!.Id}/reject", new { note = "折扣过大" }, Json.Options);
        Assert.Equal(AdjustmentStatus.Rejected, (await rejected.Content.ReadFromJsonAsync<AdjustmentRow>(Json.Options))!.Status);
        Assert.Equal(10_000, (await OrderSeed.ReloadAsync(fx, order.Id)).TotalFen);

        var second = (await (await agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/price", new { newTotalFen = 6_000, reason = "买家砍价" }, Json.Options))
            .Content.ReadFromJsonAsync<PriceChangeResult>(Json.Options))!;
        // The buyer pays before the supervisor looks: the old request no longer applies.
        await using (var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDesk.Infrastructure.Data.KefuDeskDbContext>>().CreateDbContext())
        {
            await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OrderStatus.AwaitingShipment));
        }

        await (await supervisor.Http.PostAsync($"/api/orders/price-adjustments/{second.Adjustment!.Id}/approve", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        var rows = (await supervisor.Http.GetFromJsonAsync<AdjustmentPage>("/api/orders/price-adjustments", Json.Options))!.Rows;
        Assert.Equal(AdjustmentStatus.Lapsed, rows.Single(r => r.Id == second.Adjustment.Id).Status);
        Assert.Equal(10_000, (await OrderSeed.ReloadAsync(fx, order.Id)).TotalFen);
    }

    [Fact]
    public async Task Prices_must_be_positive_and_only_unpaid_orders_are_repriced()
    {
        var buyer = await OrderSeed.BuyerAsync(fx);
        var unpaid = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingPayment);
        var paid = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingShipment);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        foreach (var bad in new[] { 0L, -100L, 10_000L })
        {
            await (await supervisor.Http.PostAsJsonAsync($"/api/orders/{unpaid.Id}/price", new { newTotalFen = bad, reason = "试试" }, Json.Options))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "order_price_invalid");
        }

        await (await supervisor.Http.PostAsJsonAsync($"/api/orders/{paid.Id}/price", new { newTotalFen = 100, reason = "试试" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        Assert.Empty(await OrderSeed.AuditAsync(fx, unpaid.Id));
        Assert.Empty(await OrderSeed.AuditAsync(fx, paid.Id));

        // Supervisors have no limit of their own.
        var big = await supervisor.Http.PostAsJsonAsync($"/api/orders/{unpaid.Id}/price", new { newTotalFen = 100, reason = "清仓" }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
    }

    [Fact]
    public async Task Payment_reminders_go_into_the_buyers_conversation_three_a_day_at_most()
    {
        await using var s = await Scenario.StartAsync(fx);
        var order = await OrderSeed.AddAsync(fx, s.Buyer.Session.CustomerId, OrderStatus.AwaitingPayment);
        var paid = await OrderSeed.AddAsync(fx, s.Buyer.Session.CustomerId, OrderStatus.AwaitingShipment);

        for (var i = 0; i < 3; i++)
        {
            var sent = await s.Agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/remind", new { conversationId = s.ConversationId, templateId = Friendly }, Json.Options);
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            var reminder = (await sent.Content.ReadFromJsonAsync<ReminderSent>(Json.Options))!;
            Assert.Contains(order.OrderNo, reminder.Message.Body);
            Assert.Contains("¥100.00", reminder.Message.Body);
            Assert.Equal(2 - i, reminder.Order.RemindersLeftToday);
            Assert.Contains(order.OrderNo, (await s.BuyerInbox.NextAsync(m => m.Id == reminder.Message.Id)).Body);
        }

        await (await s.Agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/remind", new { conversationId = s.ConversationId, templateId = Friendly }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "order_reminders_used_up");
        await (await s.Agent.Http.PostAsJsonAsync($"/api/orders/{paid.Id}/remind", new { conversationId = s.ConversationId, templateId = Friendly }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        Assert.Equal(3, (await OrderSeed.AuditAsync(fx, order.Id)).Count(e => e.Action == "order.payment_reminded"));

        fx.Clock!.Advance(TimeSpan.FromHours(24.1));
        await using var nextShift = await fx.SignInAsync(fx.World.Agent); // yesterday's sign-in has expired
        var nextDay = await nextShift.Http.PostAsJsonAsync($"/api/orders/{order.Id}/remind", new { conversationId = s.ConversationId, templateId = Friendly }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);
    }

    [Fact]
    public async Task A_reminder_needs_the_buyers_own_conversation_and_a_known_template()
    {
        await using var s = await Scenario.StartAsync(fx);
        var strangersOrder = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingPayment);
        var order = await OrderSeed.AddAsync(fx, s.Buyer.Session.CustomerId, OrderStatus.AwaitingPayment);
        await (await s.Agent.Http.PostAsJsonAsync($"/api/orders/{strangersOrder.Id}/remind", new { conversationId = s.ConversationId, templateId = Friendly }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_no_conversation");
        await (await s.Agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/remind", new { conversationId = s.ConversationId, templateId = Guid.NewGuid() }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "order_template_not_found");
        Assert.Empty(await OrderSeed.AuditAsync(fx, order.Id));
    }

    [Fact]
    public async Task Supervisors_write_the_shops_own_reminder_wording_and_agents_use_it()
    {
        await using var s = await Scenario.StartAsync(fx);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var shop = fx.World.Shop.Id;
        await (await s.Agent.Http.PostAsJsonAsync($"/api/shops/{shop}/reminder-templates", new { name = "我的", text = "快付款" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await supervisor.Http.PostAsJsonAsync($"/api/shops/{shop}/reminder-templates", new { name = "", text = "" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "order_template_invalid");
        var added = (await (await supervisor.Http.PostAsJsonAsync($"/api/shops/{shop}/reminder-templates",
            new { name = "双十一", text = "{买家}，订单{订单号}待付{金额}，今晚截止哦" }, Json.Options)).Content.ReadFromJsonAsync<ReminderTemplateView>(Json.Options))!;
        var listed = (await s.Agent.Http.GetFromJsonAsync<List<ReminderTemplateView>>($"/api/shops/{shop}/reminder-templates", Json.Options))!;
        Assert.Contains(listed, t => t.Id == added.Id && !t.BuiltIn);
        Assert.Contains(listed, t => t.BuiltIn);

        var order = await OrderSeed.AddAsync(fx, s.Buyer.Session.CustomerId, OrderStatus.AwaitingPayment);
        var sent = (await (await s.Agent.Http.PostAsJsonAsync($"/api/orders/{order.Id}/remind", new { conversationId = s.ConversationId, templateId = added.Id }, Json.Options))
            .Content.ReadFromJsonAsync<ReminderSent>(Json.Options))!;
        Assert.EndsWith($"订单{order.OrderNo}待付¥100.00，今晚截止哦", sent.Message.Body);
    }

    [Fact]
    public async Task Printing_labels_records_who_printed_which_paid_orders_and_the_batch_page_has_full_addresses()
    {
        var buyer = await OrderSeed.BuyerAsync(fx);
        var one = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingShipment);
        var two = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingShipment);
        var unpaid = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingPayment);
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        await (await agent.Http.PostAsJsonAsync("/api/orders/labels", new { orderIds = new[] { one.Id, unpaid.Id }, format = "thermal" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        await (await agent.Http.PostAsJsonAsync("/api/orders/labels", new { orderIds = Array.Empty<Guid>(), format = "a4" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "order_labels_invalid");
        Assert.Empty(await OrderSeed.AuditAsync(fx, one.Id));

        var created = (await (await agent.Http.PostAsJsonAsync("/api/orders/labels", new { orderIds = new[] { one.Id, two.Id }, format = "thermal" }, Json.Options))
            .Content.ReadFromJsonAsync<LabelBatchCreated>(Json.Options))!;
        var batch = (await agent.Http.GetFromJsonAsync<LabelBatchView>($"/api/orders/labels/{created.BatchId}", Json.Options))!;
        Assert.Equal(LabelFormat.Thermal, batch.Format);
        Assert.Equal(fx.World.Agent.Nickname, batch.PrintedBy);
        Assert.Equal(new[] { one.OrderNo, two.OrderNo }.Order(), batch.Labels.Select(l => l.OrderNo).Order());
        Assert.All(batch.Labels, l => Assert.Equal("13812345678", l.ReceiverPhone));
        Assert.Equal("order.label_printed", Assert.Single(await OrderSeed.AuditAsync(fx, one.Id)).Action);

        await using var stranger = await fx.SignInAsync(fx.World.OtherShopAgent);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/orders/labels/{created.BatchId}")).StatusCode);
    }
}

public sealed class PriceAndReminderTests_Sqlite(ClockedSqliteApp fx) : PriceAndReminderTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class PriceAndReminderTests_Postgres(ClockedPostgresApp fx) : PriceAndReminderTests(fx), IClassFixture<ClockedPostgresApp>;
