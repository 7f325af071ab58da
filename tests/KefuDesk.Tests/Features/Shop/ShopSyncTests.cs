using System.Net;
using System.Net.Http.Json;
using System.Text;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>
/// The sync API over real HTTP: a shop platform's signed webhook and an admin's calls upsert
/// products, orders and logistics; retries and out-of-order updates change nothing; every bad
/// request is refused clearly with nothing stored.
/// </summary>
public abstract class ShopSyncTests(AppFixture fx) : IAsyncLifetime
{
    private StaffClient _admin = default!;
    private StaffClient _supervisor = default!;
    private StaffClient _agent = default!;
    private ShopPlatform _platform = default!;

    private ManualClock Clock => fx.Clock!;

    public async Task InitializeAsync()
    {
        _admin = await fx.SignInAsync(fx.World.Admin);
        _supervisor = await fx.SignInAsync(fx.World.Supervisor);
        _agent = await fx.SignInAsync(fx.World.Agent);
        _platform = await ShopPlatform.ConnectAsync(fx, _admin);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _supervisor.DisposeAsync();
        await _agent.DisposeAsync();
    }

    private static string New(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private static object Order(string orderNo, string buyer, string status = "待发货", string updatedAt = "2025-11-20T14:10:00+08:00",
        long unitPriceFen = 8900, int quantity = 2, long discountFen = 1000, long? paidFen = null, string? remark = null, string phone = "") => new
    {
        orderNo,
        buyer = new { id = buyer, name = "小王" },
        status,
        createdAt = "2025-11-20 14:05:00",
        paidAt = status == "待付款" ? null : "2025-11-20 14:06:00",
        updatedAt,
        discountFen,
        shippingFen = 0,
        paidFen,
        receiver = new { name = "王小明", phone, address = "浙江省杭州市西湖区文三路 100 号" },
        remark,
        items = new[] { new { sku = "XL-BW-003", title = "小鹿 智能保温杯", unitPriceFen, quantity } },
    };

    private Task<Order> StoredAsync(string orderNo) =>
        _platform.InDbAsync(db => db.Orders.Include(o => o.Items).AsNoTracking().SingleAsync(o => o.OrderNo == orderNo));

    [Fact]
    public async Task A_signed_batch_creates_products_orders_and_logistics_and_finds_the_buyer_by_platform_id()
    {
        var sku = New("SKU-");
        var orderNo = New("TB");
        var buyer = New("tb_");
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);

        var result = await _platform.SyncAsync(new
        {
            products = new[] { new { sku, title = "小鹿 智能保温杯 500ml", priceFen = 8900, stock = 20, attributes = "颜色:白", updatedAt = "2025-11-20T14:00:00+08:00" } },
            orders = new[]
            {
                new
                {
                    orderNo, buyer = new { id = buyer, name = "小王" }, status = "买家已付款，等待卖家发货", createdAt = "2025-11-20 14:05:00",
                    paidAt = "2025-11-20 14:06:00", updatedAt = "2025-11-20 14:06:00", discountFen = 1000, shippingFen = 800,
                    receiver = new { name = "王小明", phone = $"+86 {phone[..3]}-{phone[3..7]}-{phone[7..]}", address = "浙江省杭州市西湖区文三路 100 号" },
                    items = new[] { new { sku, title = "小鹿 智能保温杯 500ml", unitPriceFen = 8900, quantity = 2 } },
                },
            },
            logistics = new[] { new { orderNo, carrier = "中通快递", trackingNo = "7531234", at = "2025-11-21 09:30:00", description = "快件已揽收", location = "杭州市" } },
        });

        Assert.Equal((1, 1, 1), (result.Products.New, result.Orders.New, result.Logistics.New));
        var order = await StoredAsync(orderNo);
        Assert.Equal(OrderStatus.AwaitingShipment, order.Status);
        Assert.Equal((17800L, 1000L, 800L, 17600L, 17600L), (order.GoodsFen, order.DiscountFen, order.ShippingFen, order.TotalFen, order.PaidFen));
        Assert.Equal(new DateTime(2025, 11, 20, 6, 5, 0, DateTimeKind.Utc), order.CreatedAt); // 14:05 in the shop's zone (UTC+8)
        Assert.Equal(("中通快递", "7531234"), (order.Carrier, order.TrackingNo)); // from the first logistics event
        var product = await _platform.InDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Sku == sku));
        Assert.Equal(product.Id, order.Items.Single().ProductId);

        var identities = await _platform.InDbAsync(db => db.CustomerIdentities.AsNoTracking().Where(i => i.CustomerId == order.CustomerId).ToListAsync());
        Assert.Contains(identities, i => i.Kind == IdentityKind.ShopAccount && i.Value == IdentifyBuyer.IdentityValue(fx.World.Shop.Id, buyer));
        Assert.Contains(identities, i => i.Kind == IdentityKind.Phone && i.Value == phone);
        var customer = await _platform.InDbAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == order.CustomerId));
        Assert.Equal("小王", customer.DisplayName);

        // The same buyer's next order is the same customer.
        await _platform.SyncAsync(new { orders = new[] { Order(New("TB"), buyer, phone: "") } });
        Assert.Equal(1, await _platform.InDbAsync(db => db.CustomerIdentities.CountAsync(i => i.Value == IdentifyBuyer.IdentityValue(fx.World.Shop.Id, buyer))));
    }

    [Fact]
    public async Task The_same_batch_twice_changes_nothing_and_an_older_update_is_ignored()
    {
        var orderNo = New("TB");
        var buyer = New("tb_");
        var batch = new { orders = new[] { Order(orderNo, buyer, "已发货", "2025-11-21T10:00:00+08:00", remark: "送小礼品") } };
        Assert.Equal(1, (await _platform.SyncAsync(batch)).Orders.New);
        var first = await StoredAsync(orderNo);

        var again = await _platform.SyncAsync(batch);
        Assert.Equal(1, again.Orders.Unchanged);
        var second = await StoredAsync(orderNo);
        Assert.Equal(first.Version, second.Version); // not even touched
        Assert.Equal(first.Items.Single().Id, second.Items.Single().Id);

        // A late retry of an earlier state (待发货 at 09:00) must not undo 已发货 at 10:00.
        var older = await _platform.SyncAsync(new { orders = new[] { Order(orderNo, buyer, "待发货", "2025-11-21T09:00:00+08:00", quantity: 5) } });
        Assert.Equal(1, older.Orders.Stale);
        var afterOlder = await StoredAsync(orderNo);
        Assert.Equal((OrderStatus.Shipped, 2, first.Version), (afterOlder.Status, afterOlder.Items.Single().Quantity, afterOlder.Version));

        // A newer one applies: lines replaced, money recomputed, status and money changes audited.
        var newer = await _platform.SyncAsync(new { orders = new[] { Order(orderNo, buyer, "交易成功", "2025-11-25T10:00:00+08:00", quantity: 3, discountFen: 0) } });
        Assert.Equal(1, newer.Orders.Updated);
        var updated = await StoredAsync(orderNo);
        Assert.Equal((OrderStatus.Completed, 3, 26700L, 26700L, "送小礼品"),
            (updated.Status, updated.Items.Single().Quantity, updated.TotalFen, updated.PaidFen, updated.Remark)); // a blank remark keeps the stored one
        Assert.True(updated.Version > first.Version);
        var audit = await _platform.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.SubjectId == updated.Id).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(("order.synced", "sync", null), (entry.Action, entry.ActorName, entry.ActorId));
        Assert.Contains("\"status\":\"shipped\"", entry.Before);
        Assert.Contains("\"status\":\"completed\"", entry.After);
        Assert.Contains("\"totalFen\":26700", entry.After);
    }

    [Fact]
    public async Task A_logistics_event_reported_twice_is_one_event()
    {
        var orderNo = New("TB");
        await _platform.SyncAsync(new { orders = new[] { Order(orderNo, New("tb_"), "已发货") } });
        var batch = new { logistics = new[] { new { orderNo, at = "2025-11-21 09:30:00", description = "【杭州】快件已揽收", location = "杭州" } } };

        Assert.Equal(1, (await _platform.SyncAsync(batch)).Logistics.New);
        Assert.Equal(1, (await _platform.SyncAsync(batch)).Logistics.Unchanged);

        var order = await StoredAsync(orderNo);
        Assert.Equal(1, await _platform.InDbAsync(db => db.LogisticsEvents.CountAsync(e => e.OrderId == order.Id)));
    }

    [Fact]
    public async Task A_bad_or_missing_signature_or_a_stale_timestamp_is_refused_and_changes_nothing()
    {
        var orderNo = New("TB");
        var batch = new { orders = new[] { Order(orderNo, New("tb_")) } };

        await (await _platform.PostAsync(batch, withSecret: "0123456789abcdef0123456789abcdef")).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        await (await _platform.PostRawAsync(Encoding.UTF8.GetBytes("{}"), sign: false)).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        await (await _platform.PostAsync(batch, at: Clock.GetUtcNow().AddMinutes(-6))).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        await (await _platform.PostAsync(batch, at: Clock.GetUtcNow().AddMinutes(6))).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        await (await _platform.PostAsync(batch, shopId: Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound, "shop_not_found");
        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, $"/api/shop-sync/{fx.World.Shop.Id}/webhook") { Content = JsonContent.Create(batch) })
        {
            unsigned.Headers.Add("X-KefuDesk-Timestamp", Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            await (await Clients.Http(fx.App).Http.SendAsync(unsigned)).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        }

        // A signature made for one body does not cover another; one made for one time does not cover another.
        var signedBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, Json.Options);
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = KefuDesk.Features.Channels.ImBridge.WebhookSignature.Sign(_platform.Secret, timestamp, signedBody);
        foreach (var (body, at) in new[] { (Encoding.UTF8.GetBytes("{\"orders\":[]}"), timestamp), (signedBody, timestamp - 1) })
        {
            using var tampered = new HttpRequestMessage(HttpMethod.Post, $"/api/shop-sync/{fx.World.Shop.Id}/webhook") { Content = new ByteArrayContent(body) };
            tampered.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            tampered.Headers.Add("X-KefuDesk-Timestamp", at.ToString(System.Globalization.CultureInfo.InvariantCulture));
            tampered.Headers.Add("X-KefuDesk-Signature", signature);
            await (await Clients.Http(fx.App).Http.SendAsync(tampered)).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        }

        Assert.False(await _platform.InDbAsync(db => db.Orders.AnyAsync(o => o.OrderNo == orderNo)));
    }

    [Fact]
    public async Task A_batch_with_a_zero_or_negative_price_is_refused_whole_naming_each_item()
    {
        var good = New("SKU-");
        var orderNo = New("TB");
        var response = await _platform.PostAsync(new
        {
            products = new object[]
            {
                new { sku = good, title = "好商品", priceFen = 100, updatedAt = "2025-11-20 14:00:00" },
                new { sku = New("SKU-"), title = "零元商品", priceFen = 0, updatedAt = "2025-11-20 14:00:00" },
                new { sku = New("SKU-"), title = "负价商品", priceFen = -500, updatedAt = "2025-11-20 14:00:00" },
            },
            orders = new[] { Order(orderNo, New("tb_"), unitPriceFen: -1) },
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "sync_items_invalid");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("products[1].priceFen", detail);
        Assert.Contains("products[2].priceFen", detail);
        Assert.Contains("orders[0].items[0].unitPriceFen", detail);
        Assert.Contains("必须大于 0", detail);
        Assert.DoesNotContain("products[0]", detail);
        Assert.False(await _platform.InDbAsync(db => db.Products.AnyAsync(p => p.Sku == good))); // the good item is not stored either
        Assert.False(await _platform.InDbAsync(db => db.Orders.AnyAsync(o => o.OrderNo == orderNo)));
    }

    [Fact]
    public async Task Other_bad_values_are_refused_with_the_item_and_the_reason()
    {
        async Task<string> Refused(object batch)
        {
            var problem = await (await _platform.PostAsync(batch)).AssertProblemAsync(HttpStatusCode.BadRequest, "sync_items_invalid");
            return problem.GetProperty("detail").GetString()!;
        }

        Assert.Contains("orders[0].status", await Refused(new { orders = new[] { Order(New("TB"), New("tb_"), status: "shipped-ish") } }));
        Assert.Contains("orders[0].paidFen", await Refused(new { orders = new[] { Order(New("TB"), New("tb_"), paidFen: 999_999) } }));
        Assert.Contains("orders[0].discountFen", await Refused(new { orders = new[] { Order(New("TB"), New("tb_"), discountFen: 999_999) } }));
        var same = New("TB");
        Assert.Contains("orders[1].orderNo", await Refused(new { orders = new[] { Order(same, "a"), Order(same, "b") } }));
        Assert.Contains("logistics[0].orderNo", await Refused(new { logistics = new[] { new { orderNo = "NO-SUCH-ORDER", at = "2025-11-21 09:30:00", description = "揽收" } } }));
        Assert.Contains("products[0].updatedAt", await Refused(new { products = new[] { new { sku = New("S"), title = "t", priceFen = 1, updatedAt = "昨天" } } }));
        Assert.Contains("products[0].imageUrl", await Refused(new { products = new[] { new { sku = New("S"), title = "t", priceFen = 1, imageUrl = "javascript:alert(1)", updatedAt = "2025-11-20 14:00:00" } } }));
        Assert.Contains("products[0] ", await Refused(new { products = new object?[] { null } }));
        Assert.Contains("orders[0].items[1].title", await Refused(new { orders = new[] { new
        {
            orderNo = New("TB"), buyer = new { id = "tb_x" }, status = "待付款", createdAt = "2025-11-20 14:05:00", updatedAt = "2025-11-20 14:05:00",
            items = new object?[] { new { title = "杯子", unitPriceFen = 100, quantity = 1 }, null },
        } } }));
        await (await _platform.PostRawAsync(Encoding.UTF8.GetBytes("{\"orders\": [1, 2"))).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
    }

    [Fact]
    public async Task Admins_sync_with_their_sign_in_and_other_roles_may_not()
    {
        var sku = New("SKU-");
        var item = new[] { new { sku, title = "主管不能同步", priceFen = 1990, stock = 3, updatedAt = "2025-11-20 14:00:00" } };

        await (await _agent.Http.PostAsJsonAsync($"/api/shop-sync/{fx.World.Shop.Id}/products", item, Json.Options)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _supervisor.Http.PostAsJsonAsync($"/api/shop-sync/{fx.World.Shop.Id}/products", item, Json.Options)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _agent.Http.GetAsync($"/api/admin/shops/{fx.World.Shop.Id}/sync-secret")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Clients.Http(fx.App).Http.PostAsJsonAsync($"/api/shop-sync/{fx.World.Shop.Id}/products", item, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.False(await _platform.InDbAsync(db => db.Products.AnyAsync(p => p.Sku == sku)));

        var created = await _admin.Http.PostAsJsonAsync($"/api/shop-sync/{fx.World.Shop.Id}/products", item, Json.Options);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(1, (await created.Content.ReadFromJsonAsync<SyncCounts>(Json.Options))!.New);

        // A price change is audited with the admin's name as the note.
        var cheaper = new[] { new { sku, title = "主管不能同步", priceFen = 990, stock = 3, updatedAt = "2025-11-21 14:00:00" } };
        Assert.Equal(1, (await (await _admin.Http.PostAsJsonAsync($"/api/shop-sync/{fx.World.Shop.Id}/products", cheaper, Json.Options))
            .Content.ReadFromJsonAsync<SyncCounts>(Json.Options))!.Updated);
        var product = await _platform.InDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Sku == sku));
        var entry = await _platform.InDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.SubjectId == product.Id));
        Assert.Equal(("product.synced", "{\"priceFen\":1990}", "{\"priceFen\":990}"), (entry.Action, entry.Before, entry.After));
        Assert.Equal(_admin.Me.Nickname, entry.Note);
    }

    [Fact]
    public async Task A_rotated_secret_replaces_the_old_one_at_once()
    {
        var rotated = await (await _admin.Http.PostAsync($"/api/admin/shops/{fx.World.OtherShop.Id}/sync-secret", null))
            .Content.ReadFromJsonAsync<SyncSecretView>(Json.Options);
        var other = await ShopPlatform.ConnectAsync(fx, _admin, fx.World.OtherShop);
        Assert.Equal(rotated!.SyncSecret, other.Secret);
        Assert.EndsWith($"/api/shop-sync/{fx.World.OtherShop.Id}/webhook", rotated.WebhookUrl);

        var batch = new { products = new[] { new { sku = New("JD-"), title = "京东店商品", priceFen = 100, updatedAt = "2025-11-20 14:00:00" } } };
        await (await _platform.PostAsync(batch, shopId: fx.World.OtherShop.Id)).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsync(batch, shopId: fx.World.OtherShop.Id)).StatusCode);
    }
}

public sealed class ShopSyncTests_Sqlite(ClockedSqliteApp fx) : ShopSyncTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class ShopSyncTests_Postgres(ClockedPostgresApp fx) : ShopSyncTests(fx), IClassFixture<ClockedPostgresApp>;
