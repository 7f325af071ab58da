using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Shop;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Widget;

/// <summary>GET /api/widget/orders: the buyer's own orders for the widget's picker, a page at a time.</summary>
public abstract class WidgetOrdersTests(AppFixture fx)
{
    private static readonly DateTime Start = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A buyer who has written once, so the shop knows them as a customer (orders belong to customers).</summary>
    private async Task<BuyerClient> BuyerWhoWroteAsync(TestShop? shop = null)
    {
        var buyer = await fx.NewBuyerAsync(shop);
        (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body = "你好" }))
            .EnsureSuccessStatusCode();
        return buyer;
    }

    private static async Task<BuyerOrderPage> OrdersAsync(BuyerClient buyer, string query = "")
    {
        var response = await buyer.Http.GetAsync("/api/widget/orders" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BuyerOrderPage>(Json.Options))!;
    }

    [Fact]
    public async Task A_buyer_sees_only_their_own_orders_in_this_shop_newest_first()
    {
        using var buyer = await BuyerWhoWroteAsync();
        using var stranger = await BuyerWhoWroteAsync();
        var older = await OrderSeed.AddAsync(fx, buyer.Session.CustomerId, OrderStatus.Completed, createdAt: Start);
        var newer = await OrderSeed.AddAsync(fx, buyer.Session.CustomerId, OrderStatus.AwaitingPayment, unitPriceFen: 1_990, quantity: 1,
            createdAt: Start.AddDays(3));
        var strangers = await OrderSeed.AddAsync(fx, stranger.Session.CustomerId, OrderStatus.Shipped, createdAt: Start.AddDays(1));
        var otherShop = await OrderSeed.AddAsync(fx, buyer.Session.CustomerId, OrderStatus.Shipped, shopId: fx.World.OtherShop.Id,
            createdAt: Start.AddDays(2));

        var page = await OrdersAsync(buyer);

        Assert.Equal([newer.Id, older.Id], page.Orders.Select(o => o.OrderId));
        Assert.False(page.HasMore);
        var first = page.Orders[0];
        Assert.Equal((newer.OrderNo, OrderStatus.AwaitingPayment, 1_990L, "保温杯 500ml"), (first.OrderNo, first.Status, first.TotalFen, first.Summary));
        Assert.Equal(Start.AddDays(3), first.CreatedAt);
        Assert.Null(first.ImageUrl); // the seeded item names no product
        Assert.DoesNotContain(page.Orders, o => o.OrderId == strangers.Id || o.OrderId == otherShop.Id);
        Assert.Equal([strangers.Id], (await OrdersAsync(stranger)).Orders.Select(o => o.OrderId));
    }

    [Fact]
    public async Task The_list_says_what_the_order_card_will_say_and_shows_the_first_items_picture()
    {
        using var buyer = await BuyerWhoWroteAsync();
        Guid orderId;
        await using (var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext())
        {
            var product = new Product(Guid.NewGuid(), fx.World.Shop.Id, "P-" + Guid.NewGuid().ToString("N")[..8], "小鹿无线降噪蓝牙耳机 Pro", 39_900, 10,
                "/demo/products/earphones.svg", DateTime.UtcNow);
            var order = new Order(Guid.NewGuid(), fx.World.Shop.Id, buyer.Session.CustomerId, "T" + Guid.NewGuid().ToString("N")[..12],
                OrderStatus.Shipped, Start, "王小明", "13812345678", "浙江省杭州市西湖区文三路 100 号");
            order.AddItem(Guid.NewGuid(), product.Id, product.Sku, product.Title, product.PriceFen, 1);
            order.AddItem(Guid.NewGuid(), null, "CASE-1", "耳机保护套", 2_900, 2);
            db.AddRange(product, order);
            await db.SaveChangesAsync();
            orderId = order.Id;
        }

        var listed = Assert.Single((await OrdersAsync(buyer)).Orders);
        var sent = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), body = "", orderId })).Content.ReadFromJsonAsync<MessageView>(Json.Options);

        Assert.Equal("/demo/products/earphones.svg", listed.ImageUrl);
        Assert.Equal(45_700, listed.TotalFen);
        Assert.Equal(MessageKind.OrderCard, sent!.Kind);
        Assert.Equal(sent.Order!.Summary, listed.Summary);
        Assert.Equal((sent.Order.OrderNo, sent.Order.Status, sent.Order.TotalFen), (listed.OrderNo, listed.Status, listed.TotalFen));
        Assert.Contains("等 3 件", listed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_come_a_page_at_a_time_each_once_even_when_they_were_placed_at_the_same_moment()
    {
        using var buyer = await BuyerWhoWroteAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            // Pairs placed in the same second: the page boundary must not lose or repeat one of them.
            ids.Add((await OrderSeed.AddAsync(fx, buyer.Session.CustomerId, OrderStatus.Completed, createdAt: Start.AddMinutes(i / 2))).Id);
        }

        var first = await OrdersAsync(buyer);
        var second = await OrdersAsync(buyer, $"?before={first.Orders[^1].OrderId}");
        var third = await OrdersAsync(buyer, $"?before={second.Orders[^1].OrderId}");
        var all = await OrdersAsync(buyer, $"?limit={WidgetOrders.MaxLimit}");

        Assert.Equal((10, true), (first.Orders.Count, first.HasMore));
        Assert.Equal((10, true), (second.Orders.Count, second.HasMore));
        Assert.Equal((3, false), (third.Orders.Count, third.HasMore));
        var paged = first.Orders.Concat(second.Orders).Concat(third.Orders).ToList();
        Assert.Equal(23, paged.Select(o => o.OrderId).Distinct().Count());
        Assert.Equal(ids.ToHashSet(), paged.Select(o => o.OrderId).ToHashSet());
        Assert.Equal(paged.OrderByDescending(o => o.CreatedAt).Select(o => o.CreatedAt), paged.Select(o => o.CreatedAt));
        Assert.Equal((20, true), (all.Orders.Count, all.HasMore));
        Assert.Equal(paged.Take(20).Select(o => o.OrderId), all.Orders.Select(o => o.OrderId));
    }

    [Fact]
    public async Task A_new_visitor_without_orders_gets_an_empty_list()
    {
        using var visitor = await fx.NewBuyerAsync();

        var page = await OrdersAsync(visitor);

        Assert.Empty(page.Orders);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task Bad_paging_and_another_buyers_order_as_the_cursor_are_refused_clearly()
    {
        using var buyer = await BuyerWhoWroteAsync();
        using var stranger = await BuyerWhoWroteAsync();
        await OrderSeed.AddAsync(fx, buyer.Session.CustomerId, OrderStatus.Completed);
        var strangers = await OrderSeed.AddAsync(fx, stranger.Session.CustomerId, OrderStatus.Completed);

        await (await buyer.Http.GetAsync("/api/widget/orders?limit=21")).AssertProblemAsync(HttpStatusCode.BadRequest, "widget_orders_paging_invalid");
        await (await buyer.Http.GetAsync("/api/widget/orders?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "widget_orders_paging_invalid");
        await (await buyer.Http.GetAsync("/api/widget/orders?before=not-an-id")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await buyer.Http.GetAsync($"/api/widget/orders?before={strangers.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "order_not_found");
        await (await buyer.Http.GetAsync($"/api/widget/orders?before={Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "order_not_found");
        var (anonymous, _) = Clients.Http(fx.App);
        await (await anonymous.GetAsync("/api/widget/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task The_picker_endpoint_is_in_the_openapi_document()
    {
        var (http, _) = Clients.Http(fx.App);

        var document = await http.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/widget/orders\"", document, StringComparison.Ordinal);
        Assert.Contains("GetBuyerOrders", document, StringComparison.Ordinal);
    }
}

public sealed class WidgetOrdersTests_Sqlite(SqliteApp fx) : WidgetOrdersTests(fx), IClassFixture<SqliteApp>;

public sealed class WidgetOrdersTests_Postgres(PostgresApp fx) : WidgetOrdersTests(fx), IClassFixture<PostgresApp>;
