using System.Net;
using System.Net.Http.Json;
using System.Text;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Import;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Tests.Infrastructure;
using KefuDesk.Features.Conversations.Attachments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>
/// Import by file over real HTTP: upload, the check's preview (counts and every problem with its
/// row), confirm, import in one transaction; wrong templates and bad rows import nothing;
/// importing again updates instead of duplicating.
/// </summary>
public abstract partial class ShopImportTests(AppFixture fx) : IAsyncLifetime
{
    private StaffClient _admin = default!;
    private StaffClient _supervisor = default!;
    private ShopPlatform _platform = default!;

    public async Task InitializeAsync()
    {
        _admin = await fx.SignInAsync(fx.World.Admin);
        _supervisor = await fx.SignInAsync(fx.World.Supervisor);
        _platform = await ShopPlatform.ConnectAsync(fx, _admin);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _supervisor.DisposeAsync();
    }

    private static string New(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private Task<List<Order>> OrdersAsync(params string[] numbers) =>
        _platform.InDbAsync(db => db.Orders.Include(o => o.Items).AsNoTracking().Where(o => numbers.Contains(o.OrderNo)).ToListAsync());

    [Fact]
    public async Task A_good_order_file_previews_then_imports_with_lines_grouped_by_order_number()
    {
        var (a, b) = (New("TB"), New("TB"));
        var buyer = New("tb_");
        var file = Sheets.Xlsx(
            Sheets.OrderLine(a, buyer, "待发货", "小鹿 智能保温杯", "89.00", "2", sku: "XL-BW-003", discount: "10", shipping: "8", paidAt: "2025-11-20 14:06:00"),
            Sheets.OrderLine(a, "", "", "小鹿 便携榨汁杯", "129", "1", created: "", sku: "XL-JC-002", receiver: "", phone: "", address: ""),
            Sheets.OrderLine(b, New("tb_"), "交易关闭", "小鹿 空气炸锅", "399.00", "1", remark: "买家不要了"));

        var preview = await _platform.CheckAsync("orders", "订单导出.xlsx", file);

        Assert.Equal(ImportStatus.Ready, preview.Status);
        Assert.Equal((3, 2, 0, 0), (preview.Rows, preview.New, preview.Updated, preview.ProblemCount));
        Assert.Equal([2, 3, 4], preview.Sample.Select(r => r.Row));
        Assert.All(preview.Sample, r => Assert.Equal(SyncOutcome.New, r.Outcome));
        Assert.Equal("订单编号", preview.Columns[0]);
        Assert.Empty(await OrdersAsync(a, b)); // the preview writes nothing

        var imported = await _platform.ConfirmAsync(preview.Id);

        Assert.Equal((ImportStatus.Imported, 2, 100), (imported.Status, imported.New, imported.Progress));
        var orders = (await OrdersAsync(a, b)).ToDictionary(o => o.OrderNo);
        var first = orders[a];
        Assert.Equal(["XL-BW-003", "XL-JC-002"], first.Items.OrderBy(i => i.Id).Select(i => i.Sku));
        Assert.Equal((30700L, 1000L, 800L, 30500L, 30500L), (first.GoodsFen, first.DiscountFen, first.ShippingFen, first.TotalFen, first.PaidFen));
        Assert.Equal(OrderStatus.AwaitingShipment, first.Status);
        Assert.Equal(new DateTime(2025, 11, 20, 6, 6, 0, DateTimeKind.Utc), first.PaidAt);
        Assert.Equal((OrderStatus.Closed, 0L, "买家不要了"), (orders[b].Status, orders[b].PaidFen, orders[b].Remark)); // closed before payment
    }

    [Fact]
    public async Task Bad_rows_are_each_named_with_row_number_and_reason_and_nothing_is_imported()
    {
        var (good, bad) = (New("TB"), New("TB"));
        var file = Sheets.Xlsx(
            Sheets.OrderLine(good, New("tb_"), "待发货", "好商品", "10.00", "1"),
            Sheets.OrderLine(bad, New("tb_"), "待发货", "零元商品", "0", "1"),
            Sheets.OrderLine(bad, "", "", "负数量", "5.00", "-2", created: ""),
            Sheets.OrderLine(New("TB"), New("tb_"), "发货中", "状态不对", "5.00", "1", created: "昨天下午"),
            Sheets.OrderLine(New("TB"), New("tb_"), "待发货", "金额不对", "12.345", "1", discount: "-1"));

        var preview = await _platform.CheckAsync("orders", "orders.xlsx", file);

        Assert.Equal(ImportStatus.Rejected, preview.Status);
        var messages = preview.Problems.Select(p => p.Message).ToList();
        Assert.Contains("第 3 行：单价必须大于 0（现为「0」）", messages);
        Assert.Contains("第 4 行：数量必须大于 0（现为「-2」）", messages);
        Assert.Contains(messages, m => m.StartsWith("第 5 行：订单状态「发货中」不是订单状态", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("第 5 行：订单创建时间「昨天下午」不是时间", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("第 6 行：单价「12.345」不是金额", StringComparison.Ordinal));
        Assert.Contains("第 6 行：店铺优惠不能为负数（现为「-1」）", messages);
        Assert.Equal(6, preview.ProblemCount);
        Assert.Equal([3, 4, 5, 5, 6, 6], preview.Problems.Select(p => p.Row).Order());
        Assert.Null(preview.Sample.Single(r => r.Row == 3).Outcome); // the preview marks the bad rows
        Assert.Equal(SyncOutcome.New, preview.Sample.Single(r => r.Row == 2).Outcome);

        await (await _admin.Http.PostAsync($"/api/shop-data/imports/{preview.Id}/confirm", null)).AssertProblemAsync(HttpStatusCode.Conflict, "import_not_ready");
        Assert.Empty(await OrdersAsync(good, bad)); // not even the good order
    }

    [Fact]
    public async Task A_wrong_template_or_file_type_is_refused_at_once_naming_the_missing_columns()
    {
        var products = Sheets.Xlsx(new Dictionary<string, object?> { ["商家编码"] = "A-1", ["商品标题"] = "保温杯", ["价格"] = "89" });
        var problem = await (await _platform.UploadAsync("orders", "商品.xlsx", products)).AssertProblemAsync(HttpStatusCode.BadRequest, "import_columns_missing");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.EndsWith("订单编号、买家会员名、订单状态、订单创建时间、数量", detail);
        Assert.DoesNotContain("商品标题", detail); // there; and 价格 is accepted for 单价

        await (await _platform.UploadAsync("orders", "orders.pdf", "%PDF-1.4"u8.ToArray())).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "import_file_unsupported");
        await (await _platform.UploadAsync("orders", "fake.xlsx", "订单编号,买家会员名"u8.ToArray())).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "import_file_unsupported");
        await (await _platform.UploadAsync("orders", "empty.csv", [])).AssertProblemAsync(HttpStatusCode.BadRequest, "import_columns_missing");
        var headersOnly = await _platform.CheckAsync("products", "空.csv", Sheets.Csv("商家编码,商品标题,价格\n"));
        Assert.Equal((ImportStatus.Rejected, "empty", "文件只有表头，没有数据行"), (headersOnly.Status, headersOnly.Failure, headersOnly.FailureMessage));
        await (await _platform.UploadAsync("nonsense", "a.csv", "x"u8.ToArray())).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        Assert.Empty(await _platform.InDbAsync(db => db.ShopImports.Where(i => i.FileName == "商品.xlsx" || i.FileName == "fake.xlsx").ToListAsync()));
    }

    [Fact]
    public async Task Importing_again_updates_instead_of_duplicating_and_an_older_file_changes_nothing()
    {
        var sku = New("SKU-");
        string Products(string price, string stock, string updated) =>
            $"商家编码,商品标题,价格,库存,属性,更新时间\n{sku},小鹿 智能保温杯,{price},{stock},颜色:白,{updated}\n";

        var first = await _platform.ImportAsync("products", "商品.csv", Sheets.Csv(Products("89.00", "10", "2025-11-20 10:00:00")));
        Assert.Equal(1, first.New);

        var again = await _platform.ImportAsync("products", "商品.csv", Sheets.Csv(Products("89.00", "10", "2025-11-20 10:00:00")));
        Assert.Equal((0, 0, 1), (again.New, again.Updated, again.Unchanged));

        var newer = await _platform.ImportAsync("products", "商品.csv", Sheets.Csv(Products("79.00", "8", "2025-11-21 10:00:00")));
        Assert.Equal(1, newer.Updated);

        var older = await _platform.CheckAsync("products", "商品.csv", Sheets.Csv(Products("99.00", "1", "2025-11-19 10:00:00")));
        Assert.Equal((ImportStatus.Ready, 1), (older.Status, older.Stale));
        await _platform.ConfirmAsync(older.Id);

        var stored = Assert.Single(await _platform.InDbAsync(db => db.Products.AsNoTracking().Where(p => p.Sku == sku).ToListAsync()));
        Assert.Equal((7900L, 8, "颜色:白"), (stored.PriceFen, stored.Stock, stored.Attributes));
        var audit = Assert.Single(await _platform.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.SubjectId == stored.Id).ToListAsync()));
        Assert.Equal(("product.synced", "import", _admin.Me.Nickname), (audit.Action, audit.ActorName, audit.Note));
    }

    [Fact]
    public async Task Order_files_import_again_as_updates_and_a_gbk_csv_from_qianniu_reads_right()
    {
        var orderNo = New("TB");
        var buyer = New("tb_");
        string Csv(string status, string quantity) =>
            "订单编号,买家会员名,订单状态,订单创建时间,宝贝标题,单价,购买数量,联系手机\n"
            + $"{orderNo},{buyer},{status},2025/11/20 14:05,小鹿 智能保温杯,89,{quantity},138****8000\n";
        var gbk = Encoding.GetEncoding("GB18030");

        var first = await _platform.ImportAsync("orders", "ExportOrderList.csv", Sheets.Csv(Csv("买家已付款，等待卖家发货", "1"), gbk));
        Assert.Equal(1, first.New);
        var second = await _platform.ImportAsync("orders", "ExportOrderList.csv", Sheets.Csv(Csv("卖家已发货，等待买家确认", "2"), gbk));
        Assert.Equal(1, second.Updated);

        var order = Assert.Single(await OrdersAsync(orderNo));
        Assert.Equal((OrderStatus.Shipped, 2, "小鹿 智能保温杯", "138****8000"), (order.Status, order.Items.Single().Quantity, order.Items.Single().Title, order.ReceiverPhone));
        Assert.False(await _platform.InDbAsync(db => db.CustomerIdentities.AnyAsync(i => i.CustomerId == order.CustomerId && i.Value.Contains("*"))));
    }

    [Fact]
    public async Task Rows_of_one_order_apart_or_disagreeing_and_duplicate_skus_are_problems()
    {
        var (a, b, c) = (New("TB"), New("TB"), New("TB"));
        var orders = await _platform.CheckAsync("orders", "o.xlsx", Sheets.Xlsx(
            Sheets.OrderLine(a, "tb_a", "待发货", "一", "1", "1"),
            Sheets.OrderLine(b, "tb_b", "待发货", "二", "1", "1"),
            Sheets.OrderLine(a, "tb_a", "待发货", "三", "1", "1"),
            Sheets.OrderLine(b, "tb_someone_else", "待发货", "四", "1", "1"),
            Sheets.OrderLine(c, "tb_c", "待发货", "五", "1", "1"),
            Sheets.OrderLine(c, "tb_x", "", "六", "1", "1", created: "")));
        var messages = orders.Problems.Select(p => p.Message).ToList();
        Assert.Contains("第 7 行：买家会员名「tb_x」与本订单第一行（第 6 行）不一致", messages);
        Assert.Equal(3, orders.ProblemCount);
        Assert.Contains(messages, m => m.StartsWith($"第 4 行：订单「{a}」的商品行不相邻（第 2 行已出现过）", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"第 5 行：订单「{b}」的商品行不相邻", StringComparison.Ordinal));

        var sku = New("S");
        var products = await _platform.CheckAsync("products", "p.csv", Sheets.Csv($"商家编码,商品标题,价格\n{sku},甲,1\n{sku},乙,2\n"));
        Assert.Equal(ImportStatus.Rejected, products.Status);
        Assert.Equal($"第 3 行：商家编码「{sku}」与第 2 行重复", Assert.Single(products.Problems).Message);
    }

    [Fact]
    public async Task Logistics_import_adds_events_once_and_an_unknown_order_is_a_row_problem()
    {
        var orderNo = New("TB");
        await _platform.ImportAsync("orders", "o.xlsx", Sheets.Xlsx(Sheets.OrderLine(orderNo, New("tb_"), "已发货", "保温杯", "89", "1")));
        var file = Sheets.Csv($"订单编号,物流公司,运单号,时间,描述,地点\n{orderNo},中通快递,7531,2025-11-21 09:30:00,快件已揽收,杭州\n"
                              + $"{orderNo},中通快递,7531,2025-11-22 08:00:00,派送中,上海\n");

        var imported = await _platform.ImportAsync("logistics", "物流.csv", file);
        Assert.Equal(2, imported.New);
        var again = await _platform.ImportAsync("logistics", "物流.csv", file);
        Assert.Equal(2, again.Unchanged);
        var order = Assert.Single(await OrdersAsync(orderNo));
        Assert.Equal(2, await _platform.InDbAsync(db => db.LogisticsEvents.CountAsync(e => e.OrderId == order.Id)));
        Assert.Equal(("中通快递", "7531"), (order.Carrier, order.TrackingNo));

        var unknown = await _platform.CheckAsync("logistics", "物流.csv", Sheets.Csv("订单编号,时间,描述\nNO-SUCH,2025-11-21 09:30:00,揽收\n"));
        Assert.Equal("第 2 行：订单编号「NO-SUCH」不存在：请先导入或同步这个订单", Assert.Single(unknown.Problems).Message);
    }

    [Fact]
    public async Task A_check_left_by_a_node_that_died_is_taken_over_and_a_check_nobody_confirms_expires()
    {
        var sku = New("SKU-");
        var clock = fx.Clock!;
        var importId = Guid.CreateVersion7();
        var store = fx.App.Services.GetRequiredService<IAttachmentStore>();
        await store.SaveAsync(importId, new MemoryStream(Encoding.UTF8.GetBytes($"商家编码,商品标题,价格\n{sku},保温杯,89\n")), default);
        await _platform.InDbAsync(async db =>
        {
            // Uploaded on a node that claimed the check and then died (its heartbeat is three minutes old).
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.ShopImports.Add(new ShopImport(importId, await db.Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.OrganisationId).FirstAsync(),
                fx.World.Shop.Id, ImportKind.Products, "p.csv", 40, _admin.Me.Id, "管理员", clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
            var staleBeat = clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(3);
            await db.ShopImports.Where(i => i.Id == importId)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Worker, "a-node-that-died").SetProperty(i => i.HeartbeatAt, staleBeat));
            await transaction.CommitAsync();
            return 0;
        });

        await fx.App.Services.GetRequiredService<ImportRunner>().RunOnceAsync(default);
        ImportView view = default!;
        await Eventually.TrueAsync(async () => (view = await _platform.GetAsync(importId)).Status == ImportStatus.Ready, TimeSpan.FromSeconds(30));
        Assert.Equal(1, view.New);

        clock.Advance(ImportRunner.ReadyFor + TimeSpan.FromMinutes(1));
        await fx.App.Services.GetRequiredService<ImportRunner>().RunOnceAsync(default);

        await using var admin = await fx.SignInAsync(fx.World.Admin); // a week later: yesterday's sign-in has lapsed
        view = (await admin.Http.GetFromJsonAsync<ImportView>($"/api/shop-data/imports/{importId}", Json.Options))!;
        Assert.Equal((ImportStatus.Rejected, "expired"), (view.Status, view.Failure));
        await (await admin.Http.PostAsync($"/api/shop-data/imports/{importId}/confirm", null)).AssertProblemAsync(HttpStatusCode.Conflict, "import_not_ready");
        Assert.Throws<FileNotFoundException>(() => store.OpenRead(importId)); // the file went with it
        Assert.False(await _platform.InDbAsync(db => db.Products.AnyAsync(p => p.Sku == sku)));
    }

    [Fact]
    public async Task Templates_download_with_an_example_that_imports_and_only_admins_import()
    {
        var template = await _admin.Http.GetAsync("/api/shop-data/templates/orders");
        Assert.Equal(KefuDesk.Infrastructure.Spreadsheets.Spreadsheet.XlsxContentType, template.Content.Headers.ContentType?.MediaType);
        var bytes = await template.Content.ReadAsByteArrayAsync();
        var headers = KefuDesk.Infrastructure.Spreadsheets.Spreadsheet.Headers(new MemoryStream(bytes), "t.xlsx");
        Assert.Equal(ImportTemplates.Columns(ImportKind.Orders).Select(c => c.Header), headers);

        // The example (two lines of one order) passes the check as it is.
        var example = await _platform.CheckAsync("orders", "模板.xlsx", bytes);
        Assert.True(example.Status == ImportStatus.Ready, string.Join("\n", example.Problems.Select(p => p.Message)));
        Assert.Equal((2, 1), (example.Rows, example.New + example.Updated + example.Unchanged));

        await (await _platform.UploadAsync("products", "p.csv", Sheets.Csv("商家编码,商品标题,价格\nX,Y,1\n"), by: _supervisor))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _supervisor.Http.GetAsync($"/api/shop-data/imports/{example.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _supervisor.Http.PostAsync($"/api/shop-data/imports/{example.Id}/confirm", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var recent = await _admin.Http.GetFromJsonAsync<List<ImportView>>($"/api/shop-data/{fx.World.Shop.Id}/imports", Json.Options);
        Assert.Contains(recent!, i => i.Id == example.Id);
    }
}

public sealed class ShopImportTests_Sqlite(ClockedSqliteApp fx) : ShopImportTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class ShopImportTests_Postgres(ClockedPostgresApp fx) : ShopImportTests(fx), IClassFixture<ClockedPostgresApp>;
