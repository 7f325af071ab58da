using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Infrastructure.Spreadsheets;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.AfterSales.Reviews;

/// <summary>
/// Reviews over real HTTP and a real database: the import (a good file, bad rows, a wrong template,
/// re-import), 中差评 flagged and assigned by the rule, the JSON API (ReviewTests.Api.cs), follow-up,
/// reply templates, DSR by month and who may do what (ReviewTests.FollowUp.cs).
/// </summary>
public abstract partial class ReviewTests(AppFixture fx)
{
    private const string Api = "/api/after-sales/reviews";

    private Guid Shop => fx.World.Shop.Id;

    private static readonly string[] Columns = ["评价ID", "订单号", "买家昵称", "商品编码", "商品名称", "评分", "描述相符", "服务态度", "物流服务", "评价内容", "评价时间"];

    /// <summary>A row of the template: review id, order no, nick, rating, three DSR scores, text, time (China time as the sheet shows it).</summary>
    private static Dictionary<string, object?> Row(string id, string orderNo, string rating, string text, string at, string dsr = "5,5,5",
        string nick = "t***1") =>
        Columns.Zip(new[] { id, orderNo, nick, "XL-EP-001", "小鹿降噪蓝牙耳机", rating }.Concat(dsr.Split(',')).Concat([text, at]))
            .ToDictionary(p => p.First, p => (object?)p.Second);

    private static async Task<byte[]> XlsxAsync(IEnumerable<Dictionary<string, object?>> rows) =>
        await Spreadsheet.XlsxAsync("评价", rows.Select(r => (IReadOnlyDictionary<string, object?>)r));

    private static async Task<HttpResponseMessage> UploadAsync(StaffClient who, Guid shopId, byte[] file, string fileName, bool dryRun = false)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return await who.Http.PostAsync($"{Api}/import?shopId={shopId}&dryRun={dryRun.ToString().ToLowerInvariant()}", form);
    }

    private static async Task<ReviewImportReport> ImportedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReviewImportReport>(Json.Options))!;
    }

    private async Task<Review?> StoredAsync(string platformId)
    {
        await using var db = await ShopBuyers.DbAsync(fx);
        return await db.Set<Review>().AsNoTracking().SingleOrDefaultAsync(r => r.ShopId == Shop && r.PlatformReviewId == platformId);
    }

    private static string NewId() => "R" + Guid.NewGuid().ToString("N")[..12];

    private static string ShopTimeText(DateTime utc) => KefuDesk.Components.Display.ShopTime(utc).ToString("yyyy-MM-dd HH:mm:ss");

    [Fact]
    public async Task A_good_file_is_previewed_then_imported_and_its_bad_and_neutral_reviews_are_flagged_and_assigned()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var buyer = await ShopBuyers.WithOrderAsync(fx, Shop);
        var (good, neutral, bad) = (NewId(), NewId(), NewId());
        var file = await XlsxAsync([
            Row(good, buyer.OrderNo, "5", "音质很好,物流也快", "2026-11-01 10:21:00"),
            Row(neutral, "", "中评", "一般般", "2026-11-02 11:00", "3,4,3"),
            Row(bad, buyer.OrderNo, "1星", "用了两天就断连,客服也不回", "2026/11/3 8:05", "1,2,"),
        ]);

        var preview = await ImportedAsync(await UploadAsync(supervisor, Shop, file, "reviews.xlsx", dryRun: true));
        Assert.Equal((3, 3, 0, 0, 2, false), (preview.Rows, preview.Created, preview.Updated, preview.Unchanged, preview.Flagged, preview.Imported));
        Assert.Null(await StoredAsync(good)); // a preview stores nothing

        var report = await ImportedAsync(await UploadAsync(supervisor, Shop, file, "reviews.xlsx"));

        Assert.Equal((3, 3, 2, true), (report.Rows, report.Created, report.Flagged, report.Imported));
        var g = (await StoredAsync(good))!;
        Assert.Equal((5, ReviewRating.Good, false, FollowUpStatus.None, (Guid?)null), (g.Stars!.Value, g.Rating, g.Flagged, g.FollowUp, g.AssigneeId));
        Assert.Equal((buyer.OrderId, buyer.CustomerId), (g.OrderId, g.CustomerId)); // matched by order number
        Assert.Equal(new DateTime(2026, 11, 1, 2, 21, 0, DateTimeKind.Utc), g.ReviewedAt); // China time in the sheet
        var n = (await StoredAsync(neutral))!;
        Assert.Equal(((int?)null, ReviewRating.Neutral, true, FollowUpStatus.Pending), (n.Stars, n.Rating, n.Flagged, n.FollowUp));
        Assert.Equal((3, 4, 3), (n.DescriptionScore!.Value, n.ServiceScore!.Value, n.LogisticsScore!.Value));
        var b = (await StoredAsync(bad))!;
        Assert.Equal((1, ReviewRating.Bad, true), (b.Stars!.Value, b.Rating, b.Flagged));
        Assert.Equal((1, 2, (int?)null), (b.DescriptionScore!.Value, b.ServiceScore!.Value, b.LogisticsScore));
        Assert.Contains(b.AssigneeId, new Guid?[] { fx.World.Agent.Id, fx.World.Agent2.Id }); // the shop's agents take turns
        var history = (await supervisor.Http.GetFromJsonAsync<ReviewDetails>($"{Api}/{b.Id}", Json.Options))!.History;
        Assert.Equal("review.imported", Assert.Single(history).Action);
        Assert.Contains("\"flagged\":true", history[0].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_row_is_named_by_row_number_and_column_and_nothing_of_the_file_is_imported()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var ids = Enumerable.Range(0, 6).Select(_ => NewId()).ToArray();
        var file = await XlsxAsync([
            Row(ids[0], "", "5", "好", "2026-11-01 10:00:00"),
            Row(ids[1], "", "六星", "?", "2026-11-01 10:00:00"),
            Row("", "", "5", "没有评价ID", "2026-11-01 10:00:00"),
            Row(ids[3], "", "4", "打分越界", "2026-11-01 10:00:00", "5,6,4.5"),
            Row(ids[4], "", "3", "时间不对", "11月1日"),
            Row(ids[5], "", "3", "未来的时间", "2099-01-01 00:00:00"),
            Row(ids[0], "", "5", "重复", "2026-11-01 10:00:00"),
        ]);

        var response = await UploadAsync(supervisor, Shop, file, "reviews.xlsx");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "review_import_rows");
        var errors = problem.GetProperty("errors").Deserialize<List<ReviewRowError>>(Json.Options)!;
        Assert.Equal([(3, "评分"), (4, "评价ID"), (5, "服务态度"), (5, "物流服务"), (6, "评价时间"), (7, "评价时间"), (8, "评价ID")],
            errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("好评", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("第 2 行", errors[^1].Message, StringComparison.Ordinal);
        Assert.Contains("6 行有错", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await StoredAsync(ids[0])); // the good first row was not imported either
    }

    [Fact]
    public async Task A_file_with_the_wrong_columns_names_them_and_imports_nothing()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var id = NewId();
        var rows = new[] { Row(id, "", "5", "好", "2026-11-01 10:00:00") }.Select(r =>
        {
            r.Remove("物流服务");
            r.Remove("评价时间");
            r["追评"] = "";
            return r;
        });

        var problem = await (await UploadAsync(supervisor, Shop, await XlsxAsync(rows), "reviews.xlsx"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "review_import_header");

        Assert.Equal(["物流服务", "评价时间"], problem.GetProperty("missing").Deserialize<List<string>>());
        Assert.Equal(["追评"], problem.GetProperty("unknown").Deserialize<List<string>>());
        Assert.Contains("缺少的列：物流服务、评价时间", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await StoredAsync(id));

        foreach (var (bytes, name) in new[] { (Encoding.UTF8.GetBytes("hello"), "reviews.txt"), (Array.Empty<byte>(), "reviews.csv"),
                     (Encoding.UTF8.GetBytes(string.Join(',', Columns) + "\n"), "reviews.csv") })
        {
            await (await UploadAsync(supervisor, Shop, bytes, name)).AssertProblemAsync(HttpStatusCode.BadRequest, "review_import_file");
        }
    }

    [Fact]
    public async Task Importing_the_same_reviews_again_updates_them_and_never_duplicates()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var (a, b) = (NewId(), NewId());
        var first = await XlsxAsync([Row(a, "", "2", "盖子漏水", "2026-11-05 09:00:00", "2,3,4"), Row(b, "", "5", "好", "2026-11-05 09:10:00")]);
        await ImportedAsync(await UploadAsync(supervisor, Shop, first, "r.xlsx"));
        var flaggedTo = (await StoredAsync(a))!.AssigneeId;

        var again = await ImportedAsync(await UploadAsync(supervisor, Shop, first, "r.xlsx"));
        Assert.Equal((0, 0, 2, 0), (again.Created, again.Updated, again.Unchanged, again.Flagged));

        // The buyer revised: 2 stars became 4, with an appended comment; the follow-up stays with its agent.
        var revised = await XlsxAsync([Row(a, "", "4", "盖子漏水。追评:客服补发了新盖子,满意", "2026-11-05 09:00:00", "4,5,4"),
            Row(b, "", "5", "好", "2026-11-05 09:10:00")]);
        var update = await ImportedAsync(await UploadAsync(supervisor, Shop, revised, "r.xlsx"));

        Assert.Equal((0, 1, 1, 0), (update.Created, update.Updated, update.Unchanged, update.Flagged));
        var review = (await StoredAsync(a))!;
        Assert.Equal((4, ReviewRating.Good, 4, true, flaggedTo), (review.Stars!.Value, review.Rating, review.DescriptionScore!.Value, review.Flagged,
            review.AssigneeId));
        Assert.EndsWith("满意", review.Text, StringComparison.Ordinal);
        await using var db = await ShopBuyers.DbAsync(fx);
        Assert.Equal(1, await db.Set<Review>().CountAsync(r => r.PlatformReviewId == a));
        var actions = (await supervisor.Http.GetFromJsonAsync<ReviewDetails>($"{Api}/{review.Id}", Json.Options))!.History.Select(h => h.Action);
        Assert.Equal(["review.imported", "review.updated"], actions);
    }

    [Fact]
    public async Task A_csv_export_of_the_platform_imports_the_same_way()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var id = NewId();
        var csv = "\uFEFF" + string.Join(',', Columns) + "\n" + $"{id},,小明,XL-EP-001,小鹿降噪蓝牙耳机,差评,2,2,3,\"发错颜色,要换\",2026-11-06 20:00:00\n";

        var report = await ImportedAsync(await UploadAsync(supervisor, Shop, Encoding.UTF8.GetBytes(csv), "export.csv"));

        Assert.Equal((1, 1), (report.Created, report.Flagged));
        var review = (await StoredAsync(id))!;
        Assert.Equal((ReviewRating.Bad, "发错颜色,要换", "小明"), (review.Rating, review.Text, review.BuyerNick));
    }

    [Fact]
    public async Task A_buyer_served_before_is_followed_up_by_that_agent_and_the_others_go_in_turns()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var served = await ShopBuyers.WithOrderAsync(fx, Shop);
        await ShopBuyers.ServedConversationAsync(fx, Shop, served.CustomerId, fx.World.Agent.Id, DateTime.UtcNow.AddDays(-10));
        await ShopBuyers.ServedConversationAsync(fx, Shop, served.CustomerId, fx.World.Agent2.Id, DateTime.UtcNow.AddDays(-2)); // the latest

        async Task<Dictionary<Guid, int>> PendingAsync()
        {
            await using var db = await ShopBuyers.DbAsync(fx);
            var agents = new[] { fx.World.Agent.Id, fx.World.Agent2.Id };
            return agents.ToDictionary(a => a, a => db.Set<Review>().Count(r => r.ShopId == Shop && r.AssigneeId == a && r.FollowUp == FollowUpStatus.Pending));
        }

        var before = await PendingAsync();
        var servedReview = NewId();
        var others = Enumerable.Range(0, Math.Abs(before.Values.First() - before.Values.Last()) + 4).Select(_ => NewId()).ToList();
        var at = ShopTimeText(DateTime.UtcNow.AddDays(-1));
        await ImportedAsync(await UploadAsync(supervisor, Shop,
            await XlsxAsync(others.Select(id => Row(id, "", "2", "不好", at)).Prepend(Row(servedReview, served.OrderNo, "1", "很差", at))), "r.xlsx"));

        Assert.Equal(fx.World.Agent2.Id, (await StoredAsync(servedReview))!.AssigneeId);
        var after = await PendingAsync();
        Assert.Equal(before.Values.Sum() + others.Count + 1, after.Values.Sum());
        Assert.InRange(Math.Abs(after[fx.World.Agent.Id] - after[fx.World.Agent2.Id]), 0, 1); // the turns even the load out
        Assert.DoesNotContain(fx.World.Supervisor.Id, await Task.WhenAll(others.Select(async id => (await StoredAsync(id))!.AssigneeId ?? Guid.Empty)));
    }
}

public sealed class ReviewTests_Sqlite(SqliteApp fx) : ReviewTests(fx), IClassFixture<SqliteApp>;

public sealed class ReviewTests_Postgres(PostgresApp fx) : ReviewTests(fx), IClassFixture<PostgresApp>;
