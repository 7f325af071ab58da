using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>Address, remark, cancel, ship from the chat: guarded by state and role, audited, one winner when two act at once.</summary>
public abstract class OrderActionsTests(AppFixture fx)
{
    private static readonly object NewAddress = new { receiverName = "李雷", receiverPhone = "139 0000 1111", address = "上海市浦东新区世纪大道 8 号" };

    [Fact]
    public async Task An_agent_changes_the_address_before_shipping_and_the_change_is_on_record_with_before_and_after()
    {
        var order = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingShipment);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        var changed = await agent.Http.PutAsJsonAsync($"/api/orders/{order.Id}/address", NewAddress, Json.Options);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var seen = (await changed.Content.ReadFromJsonAsync<OrderDetails>(Json.Options))!;
        Assert.Equal("李雷", seen.ReceiverName);
        Assert.Equal("139****1111", seen.ReceiverPhone); // agents see it masked

        var stored = await OrderSeed.ReloadAsync(fx, order.Id);
        Assert.Equal("13900001111", stored.ReceiverPhone);
        Assert.Equal("上海市浦东新区世纪大道 8 号", stored.Address);
        var entry = Assert.Single(await OrderSeed.AuditAsync(fx, order.Id));
        Assert.Equal("order.address_changed", entry.Action);
        Assert.Equal(fx.World.Agent.Id, entry.ActorId);
        Assert.Contains("文三路", entry.Before);
        Assert.Contains("世纪大道", entry.After);

        var history = (await supervisor.Http.GetFromJsonAsync<OrderDetails>($"/api/orders/{order.Id}", Json.Options))!.History;
        Assert.Contains("文三路", Assert.Single(history).Before);
        Assert.Null(Assert.Single((await agent.Http.GetFromJsonAsync<OrderDetails>($"/api/orders/{order.Id}", Json.Options))!.History).Before);
    }

    [Fact]
    public async Task Bad_addresses_and_shipped_orders_are_refused_and_nothing_changes()
    {
        var buyer = await OrderSeed.BuyerAsync(fx);
        var open = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingPayment);
        var shipped = await OrderSeed.AddAsync(fx, buyer, OrderStatus.Shipped);
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        await (await agent.Http.PutAsJsonAsync($"/api/orders/{open.Id}/address", new { receiverName = "李雷", receiverPhone = "12345", address = "上海市浦东新区" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "order_address_invalid");
        await (await agent.Http.PutAsJsonAsync($"/api/orders/{open.Id}/address", new { receiverName = "", receiverPhone = "13900001111", address = "上海市浦东新区" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "order_address_invalid");
        await (await agent.Http.PutAsJsonAsync($"/api/orders/{shipped.Id}/address", NewAddress, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        await (await agent.Http.PutAsJsonAsync($"/api/orders/{shipped.Id}/remark", new { remark = "加急" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        await (await agent.Http.PutAsJsonAsync($"/api/orders/{open.Id}/remark", new { remark = new string('字', 501) }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "order_remark_too_long");

        Assert.Equal("浙江省杭州市西湖区文三路 100 号", (await OrderSeed.ReloadAsync(fx, open.Id)).Address);
        Assert.Equal("浙江省杭州市西湖区文三路 100 号", (await OrderSeed.ReloadAsync(fx, shipped.Id)).Address);
        Assert.Null((await OrderSeed.ReloadAsync(fx, open.Id)).Remark);
        Assert.Empty(await OrderSeed.AuditAsync(fx, open.Id));
        Assert.Empty(await OrderSeed.AuditAsync(fx, shipped.Id));
    }

    [Fact]
    public async Task The_remark_changes_before_shipping()
    {
        var order = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingShipment);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var changed = await agent.Http.PutAsJsonAsync($"/api/orders/{order.Id}/remark", new { remark = " 买家要求顺丰 " }, Json.Options);
        Assert.Equal("买家要求顺丰", (await changed.Content.ReadFromJsonAsync<OrderDetails>(Json.Options))!.Remark);
        Assert.Equal("order.remark_changed", Assert.Single(await OrderSeed.AuditAsync(fx, order.Id)).Action);
    }

    [Fact]
    public async Task Agents_cancel_unpaid_orders_supervisors_also_paid_ones_and_nobody_a_shipped_one()
    {
        var buyer = await OrderSeed.BuyerAsync(fx);
        var unpaid = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingPayment);
        var paid = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingShipment);
        var shipped = await OrderSeed.AddAsync(fx, buyer, OrderStatus.Shipped);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        await (await agent.Http.PostAsJsonAsync($"/api/orders/{unpaid.Id}/cancel", new { reason = "" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "order_reason_required");
        var cancelled = await agent.Http.PostAsJsonAsync($"/api/orders/{unpaid.Id}/cancel", new { reason = "买家拍错了" }, Json.Options);
        Assert.Equal(OrderStatus.Closed, (await cancelled.Content.ReadFromJsonAsync<OrderDetails>(Json.Options))!.Status);
        Assert.Equal("买家拍错了", Assert.Single(await OrderSeed.AuditAsync(fx, unpaid.Id)).Note);

        await (await agent.Http.PostAsJsonAsync($"/api/orders/{paid.Id}/cancel", new { reason = "缺货" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "order_cancel_paid_needs_supervisor");
        Assert.Equal(OrderStatus.AwaitingShipment, (await OrderSeed.ReloadAsync(fx, paid.Id)).Status);
        var refunded = (await (await supervisor.Http.PostAsJsonAsync($"/api/orders/{paid.Id}/cancel", new { reason = "缺货" }, Json.Options))
            .Content.ReadFromJsonAsync<OrderDetails>(Json.Options))!;
        Assert.Equal(OrderStatus.Closed, refunded.Status);
        Assert.Equal(paid.PaidFen, refunded.RefundedFen);

        await (await supervisor.Http.PostAsJsonAsync($"/api/orders/{shipped.Id}/cancel", new { reason = "不要了" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        Assert.Equal(OrderStatus.Shipped, (await OrderSeed.ReloadAsync(fx, shipped.Id)).Status);
    }

    [Fact]
    public async Task Marking_shipped_needs_a_paid_order_a_carrier_and_a_tracking_number_and_adds_a_logistics_step()
    {
        var buyer = await OrderSeed.BuyerAsync(fx);
        var paid = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingShipment);
        var unpaid = await OrderSeed.AddAsync(fx, buyer, OrderStatus.AwaitingPayment);
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        await (await agent.Http.PostAsJsonAsync($"/api/orders/{paid.Id}/ship", new { carrier = "顺丰速运", trackingNo = "SF 123" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "order_shipment_invalid");
        await (await agent.Http.PostAsJsonAsync($"/api/orders/{unpaid.Id}/ship", new { carrier = "顺丰速运", trackingNo = "SF1234567890" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "order_state_forbids");
        var shipped = (await (await agent.Http.PostAsJsonAsync($"/api/orders/{paid.Id}/ship", new { carrier = "顺丰速运", trackingNo = "SF1234567890" }, Json.Options))
            .Content.ReadFromJsonAsync<OrderDetails>(Json.Options))!;
        Assert.Equal(OrderStatus.Shipped, shipped.Status);
        Assert.Equal("SF1234567890", shipped.TrackingNo);
        Assert.Contains("SF1234567890", Assert.Single(shipped.Logistics).Description);
        Assert.DoesNotContain(OrderActionNames.Ship, shipped.Actions);
    }

    [Fact]
    public async Task Two_agents_acting_at_once_on_one_order_only_one_succeeds()
    {
        var order = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingShipment);
        await using var one = await fx.SignInAsync(fx.World.Agent);
        await using var two = await fx.SignInAsync(fx.World.Agent2);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? one : two).Http.PostAsJsonAsync($"/api/orders/{order.Id}/ship", new { carrier = "中通快递", trackingNo = $"ZT00000000{i}" }, Json.Options)));

        Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(await OrderSeed.AuditAsync(fx, order.Id));
        var stored = await OrderSeed.ReloadAsync(fx, order.Id);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task Staff_of_another_shop_cannot_see_or_touch_the_order()
    {
        var order = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingShipment);
        await using var stranger = await fx.SignInAsync(fx.World.OtherShopAgent);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/orders/{order.Id}")).StatusCode);
        await (await stranger.Http.PutAsJsonAsync($"/api/orders/{order.Id}/address", NewAddress, Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "order_not_found");
        Assert.Equal("王小明", (await OrderSeed.ReloadAsync(fx, order.Id)).ReceiverName);
    }

    [Fact]
    public async Task A_buyer_with_many_orders_is_read_a_page_at_a_time_newest_first()
    {
        var buyer = await OrderSeed.BuyerAsync(fx);
        var start = DateTime.UtcNow.AddDays(-60);
        for (var i = 0; i < 45; i++)
        {
            await OrderSeed.AddAsync(fx, buyer, OrderStatus.Completed, createdAt: start.AddDays(i));
        }

        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var first = (await agent.Http.GetFromJsonAsync<OrderPage>($"/api/customers/{buyer}/orders?shopId={fx.World.Shop.Id}&page=1&pageSize=20", Json.Options))!;
        var last = (await agent.Http.GetFromJsonAsync<OrderPage>($"/api/customers/{buyer}/orders?shopId={fx.World.Shop.Id}&page=3&pageSize=20", Json.Options))!;
        Assert.Equal(45, first.Total);
        Assert.Equal(20, first.Orders.Count);
        Assert.Equal(5, last.Orders.Count);
        Assert.True(first.Orders[0].CreatedAt > first.Orders[19].CreatedAt);
        Assert.True(first.Orders[19].CreatedAt > last.Orders[0].CreatedAt);
        await (await agent.Http.GetAsync($"/api/customers/{buyer}/orders?shopId={fx.World.Shop.Id}&page=1&pageSize=500"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
    }
}

public sealed class OrderActionsTests_Sqlite(SqliteApp fx) : OrderActionsTests(fx), IClassFixture<SqliteApp>;

public sealed class OrderActionsTests_Postgres(PostgresApp fx) : OrderActionsTests(fx), IClassFixture<PostgresApp>;
