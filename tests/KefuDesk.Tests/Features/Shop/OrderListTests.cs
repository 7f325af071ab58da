using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Infrastructure.Spreadsheets;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>The orders list (订单): each staff member's shops only, filters, paging, 导出 Excel, phones masked for agents.</summary>
public abstract class OrderListTests(AppFixture fx) : IAsyncLifetime
{
    private StaffClient _admin = default!;
    private StaffClient _supervisor = default!;
    private StaffClient _agent = default!;
    private StaffClient _jdAgent = default!;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    public async Task InitializeAsync()
    {
        _admin = await fx.SignInAsync(fx.World.Admin);
        _supervisor = await fx.SignInAsync(fx.World.Supervisor);
        _agent = await fx.SignInAsync(fx.World.Agent);
        _jdAgent = await fx.SignInAsync(fx.World.OtherShopAgent);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { _admin, _supervisor, _agent, _jdAgent })
        {
            await client.DisposeAsync();
        }
    }

    private static object Order(string orderNo, string buyer, string name, string status, string created, string phone) => new
    {
        orderNo,
        buyer = new { id = buyer, name },
        status,
        createdAt = created,
        updatedAt = created,
        receiver = new { name = name + "收", phone, address = "浙江省杭州市西湖区文三路 100 号 3 幢" },
        items = new[] { new { sku = "S1", title = "小鹿 智能保温杯", unitPriceFen = 8900, quantity = 2 }, new { sku = "S2", title = "杯套", unitPriceFen = 900, quantity = 1 } },
    };

    /// <summary>Three orders in the main shop and one in the other, numbered with this test's run so filters find only them.</summary>
    private async Task<string> SeedAsync()
    {
        var tag = "L" + _run + Guid.NewGuid().ToString("N")[..4];
        var main = await ShopPlatform.ConnectAsync(fx, _admin);
        await main.SyncAsync(new
        {
            orders = new[]
            {
                Order(tag + "-1", "tb_" + tag + "a", "张三" + tag, "待发货", "2025-11-01 10:00:00", "13911112222"),
                Order(tag + "-2", "tb_" + tag + "b", "李四" + tag, "已发货", "2025-11-05 23:30:00", "13933334444"),
                Order(tag + "-3", "tb_" + tag + "a", "张三" + tag, "待付款", "2025-11-10 09:00:00", "13911112222"),
            },
        });
        var other = await ShopPlatform.ConnectAsync(fx, _admin, fx.World.OtherShop);
        await other.PostAsync(new { orders = new[] { Order(tag + "-9", "jd_" + tag, "王五" + tag, "待发货", "2025-11-02 10:00:00", "13955556666") } },
            shopId: fx.World.OtherShop.Id);
        return tag;
    }

    private async Task<OrderListPage> ListAsync(StaffClient who, string query)
    {
        var response = await who.Http.GetAsync("/api/orders?" + query);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderListPage>(Json.Options))!;
    }

    [Fact]
    public async Task Staff_see_the_orders_of_their_shops_newest_first_with_phones_masked_for_agents()
    {
        var tag = await SeedAsync();

        var mine = await ListAsync(_agent, $"orderNo={tag}");
        Assert.Equal([tag + "-3", tag + "-2", tag + "-1"], mine.Items.Select(o => o.OrderNo));
        var row = mine.Items.Last();
        Assert.Equal(("张三" + tag, OrderStatus.AwaitingShipment, "小鹿 智能保温杯", 3, 18700L), (row.BuyerName, row.Status, row.FirstItem, row.Quantity, row.TotalFen));
        Assert.Equal("139****2222", row.ReceiverPhone);
        Assert.DoesNotContain("100 号", row.Address);

        var jd = await ListAsync(_jdAgent, $"orderNo={tag}");
        Assert.Equal([tag + "-9"], jd.Items.Select(o => o.OrderNo));
        await (await _jdAgent.Http.GetAsync($"/api/orders?shopId={fx.World.Shop.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var all = await ListAsync(_supervisor, $"orderNo={tag}");
        Assert.Equal(4, all.Total);
        Assert.Equal("13911112222", all.Items.Single(o => o.OrderNo == tag + "-1").ReceiverPhone);
    }

    [Fact]
    public async Task Filters_combine_and_pages_follow_each_other()
    {
        var tag = await SeedAsync();

        Assert.Equal([tag + "-2"], (await ListAsync(_supervisor, $"orderNo={tag}&status=shipped")).Items.Select(o => o.OrderNo));
        Assert.Equal([tag + "-2"], (await ListAsync(_supervisor, $"orderNo={tag}&status=已发货")).Items.Select(o => o.OrderNo));
        Assert.Equal([tag + "-3", tag + "-1"], (await ListAsync(_supervisor, $"buyer=张三{tag}")).Items.Select(o => o.OrderNo));
        Assert.Equal(2, (await ListAsync(_supervisor, $"orderNo={tag}&buyer=139 1111 2222")).Total);
        // Shop dates: 23:30 on 11-05 in Shanghai is 11-05, though it is 15:30 UTC.
        Assert.Equal([tag + "-2"], (await ListAsync(_supervisor, $"orderNo={tag}&from=2025-11-05&to=2025-11-05")).Items.Select(o => o.OrderNo));
        Assert.Equal([tag + "-9"], (await ListAsync(_supervisor, $"orderNo={tag}&shopId={fx.World.OtherShop.Id}")).Items.Select(o => o.OrderNo));

        var first = await ListAsync(_supervisor, $"orderNo={tag}&limit=3");
        var second = await ListAsync(_supervisor, $"orderNo={tag}&limit=3&offset=3");
        Assert.Equal((4, 3, 1), (first.Total, first.Items.Count, second.Items.Count));
        Assert.Empty(first.Items.Select(o => o.Id).Intersect(second.Items.Select(o => o.Id)));

        await (await _agent.Http.GetAsync("/api/orders?limit=1000")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        await (await _agent.Http.GetAsync("/api/orders?status=whatever")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await _agent.Http.GetAsync("/api/orders?from=11/05/2025")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
    }

    [Fact]
    public async Task The_list_exports_to_excel_as_filtered_and_masked_for_agents()
    {
        var tag = await SeedAsync();

        var response = await _agent.Http.GetAsync($"/api/orders/export?orderNo={tag}");
        Assert.Equal(Spreadsheet.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = Spreadsheet.Rows(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), "orders.xlsx").ToList();

        Assert.Equal([tag + "-3", tag + "-2", tag + "-1"], rows.Select(r => r["订单编号"]));
        Assert.Equal(("待付款", "139****2222", "187"), (rows[0]["订单状态"], rows[0]["联系手机"], rows[0]["应付金额"]));
        Assert.Equal("2025-11-05 23:30:00", rows[1]["订单创建时间"]);

        var full = Spreadsheet.Rows(new MemoryStream(await _supervisor.Http.GetByteArrayAsync($"/api/orders/export?orderNo={tag}")), "o.xlsx").ToList();
        Assert.Equal(4, full.Count);
        Assert.Contains(full, r => r["联系手机"] == "13911112222");
    }
}

public sealed class OrderListTests_Sqlite(SqliteApp fx) : OrderListTests(fx), IClassFixture<SqliteApp>;

public sealed class OrderListTests_Postgres(PostgresApp fx) : OrderListTests(fx), IClassFixture<PostgresApp>;
