using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Infrastructure.Spreadsheets;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.AfterSales.Reviews;

/// <summary>Working the 中差评: follow-up, reply from a template, reassignment; DSR by month; who may do what.</summary>
public abstract partial class ReviewTests
{
    /// <summary>A bad review pushed for a buyer the given agent served last, so it is theirs to follow up.</summary>
    private async Task<ReviewRow> BadReviewForAsync(StaffClient supervisor, TestStaff agent)
    {
        var buyer = await ShopBuyers.WithOrderAsync(fx, Shop);
        await ShopBuyers.ServedConversationAsync(fx, Shop, buyer.CustomerId, agent.Id, DateTime.UtcNow.AddDays(-3));
        var id = NewId();
        await ImportedAsync(await PushAsync(supervisor, Shop,
            new ReviewInput(id, DateTimeOffset.UtcNow.AddDays(-1), Stars: 2, OrderNo: buyer.OrderNo, BuyerNick: "王**", ProductTitle: "小鹿榨汁杯",
                Text: "杯盖漏水")));
        var stored = (await StoredAsync(id))!;
        Assert.Equal(agent.Id, stored.AssigneeId);
        return (await supervisor.Http.GetFromJsonAsync<ReviewDetails>($"{Api}/{stored.Id}", Json.Options))!.Review;
    }

    [Fact]
    public async Task The_assignee_records_the_follow_up_with_a_reply_from_a_template_and_colleagues_may_not()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        var review = await BadReviewForAsync(supervisor, fx.World.Agent);
        var template = (await (await supervisor.Http.PostAsJsonAsync("/api/after-sales/review-templates",
            new ReplyTemplateInput(Shop, "差评致歉 " + review.Id.ToString("N")[..6], "亲爱的{买家},{商品}给您添麻烦了,已为您补发配件。", "bad"), Json.Options))
            .Content.ReadFromJsonAsync<ReplyTemplateView>(Json.Options))!;
        var reply = ReplyTemplate.Render(template.Body, review.BuyerNick, review.ProductTitle, review.OrderNo, "测试旗舰店");
        Assert.Equal("亲爱的王**,小鹿榨汁杯给您添麻烦了,已为您补发配件。", reply);

        await (await colleague.Http.PostAsJsonAsync($"{Api}/{review.Id}/follow-up", new FollowUpInput("explained"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "review_not_yours");
        await (await agent.Http.PostAsJsonAsync($"{Api}/{review.Id}/follow-up", new FollowUpInput("happy"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "review_invalid");
        await (await agent.Http.PostAsJsonAsync($"{Api}/{review.Id}/follow-up", new FollowUpInput("explained", Version: review.Version + 3), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "review_changed");

        var done = (await (await agent.Http.PostAsJsonAsync($"{Api}/{review.Id}/follow-up",
            new FollowUpInput("explained", "电话联系买家,已说明补发安排", reply, review.Version), Json.Options)).Content.ReadFromJsonAsync<ReviewDetails>(Json.Options))!;

        Assert.Equal((FollowUpStatus.Done, FollowUpOutcome.Explained, reply), (done.Review.FollowUp, done.Review.Outcome, done.Review.Reply));
        Assert.Equal(["review.imported", "review.followed_up"], done.History.Select(h => h.Action));
        Assert.Equal(("小美", "电话联系买家,已说明补发安排"), (done.History[1].ActorName, done.History[1].Note));
        var mine = (await agent.Http.GetFromJsonAsync<ReviewPage>($"{Api}?followUp=done&assigneeId={fx.World.Agent.Id}&limit=100", Json.Options))!;
        Assert.Contains(mine.Items, r => r.Id == review.Id);
    }

    [Fact]
    public async Task Only_a_supervisor_reassigns_a_follow_up_imports_or_writes_templates_and_good_reviews_need_no_follow_up()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var review = await BadReviewForAsync(supervisor, fx.World.Agent);

        await (await agent.Http.PostAsJsonAsync($"{Api}/{review.Id}/reassign", new ReviewReassignInput(fx.World.Agent2.Id), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "review_supervisor_only");
        await (await supervisor.Http.PostAsJsonAsync($"{Api}/{review.Id}/reassign", new ReviewReassignInput(fx.World.OtherShopAgent.Id), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "review_invalid");
        var moved = (await (await supervisor.Http.PostAsJsonAsync($"{Api}/{review.Id}/reassign", new ReviewReassignInput(fx.World.Agent2.Id), Json.Options))
            .Content.ReadFromJsonAsync<ReviewDetails>(Json.Options))!;
        Assert.Equal(fx.World.Agent2.Id, moved.Review.AssigneeId);

        await (await PushAsync(agent, Shop, new ReviewInput(NewId(), DateTimeOffset.UtcNow, Stars: 1)))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "review_supervisor_only");
        await (await UploadAsync(agent, Shop, await XlsxAsync([Row(NewId(), "", "1", "差", "2026-11-01 10:00:00")]), "r.xlsx"))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "review_supervisor_only");
        await (await agent.Http.PostAsJsonAsync("/api/after-sales/review-templates", new ReplyTemplateInput(Shop, "x", "谢谢"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "review_supervisor_only");
        var templates = await agent.Http.GetFromJsonAsync<List<ReplyTemplateView>>($"/api/after-sales/review-templates?shopId={Shop}", Json.Options);
        Assert.NotNull(templates); // agents read them to reply

        var goodId = NewId();
        await ImportedAsync(await PushAsync(supervisor, Shop, new ReviewInput(goodId, DateTimeOffset.UtcNow, Stars: 5)));
        var good = (await StoredAsync(goodId))!;
        await (await agent.Http.PostAsJsonAsync($"{Api}/{good.Id}/follow-up", new FollowUpInput("explained"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "review_not_flagged");
        await using var jd = await fx.SignInAsync(fx.World.OtherShopAgent);
        await (await jd.Http.GetAsync($"{Api}/{good.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "review_not_found");
    }

    [Fact]
    public async Task A_template_with_an_unknown_variable_or_a_taken_name_is_refused_and_templates_change_and_go()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var name = "感谢好评 " + NewId();

        var typo = await (await supervisor.Http.PostAsJsonAsync("/api/after-sales/review-templates",
            new ReplyTemplateInput(Shop, name, "谢谢{买家名}的好评"), Json.Options)).AssertProblemAsync(HttpStatusCode.BadRequest, "review_template_invalid");
        Assert.Contains("{买家名}", typo.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var created = (await (await supervisor.Http.PostAsJsonAsync("/api/after-sales/review-templates",
            new ReplyTemplateInput(Shop, name, "谢谢{买家}的好评,欢迎再来{店铺}!", "good"), Json.Options)).Content.ReadFromJsonAsync<ReplyTemplateView>(Json.Options))!;
        await (await supervisor.Http.PostAsJsonAsync("/api/after-sales/review-templates", new ReplyTemplateInput(Shop, name, "另一个"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "review_template_invalid");

        var changed = await supervisor.Http.PutAsJsonAsync($"/api/after-sales/review-templates/{created.Id}",
            new ReplyTemplateInput(Shop, name, "谢谢{买家}!"), Json.Options);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.Http.DeleteAsync($"/api/after-sales/review-templates/{created.Id}")).StatusCode);
        Assert.DoesNotContain((await supervisor.Http.GetFromJsonAsync<List<ReplyTemplateView>>($"/api/after-sales/review-templates?shopId={Shop}",
            Json.Options))!, t => t.Id == created.Id);
    }

    [Fact]
    public async Task The_dsr_trend_averages_each_dimension_by_the_shops_month_for_the_last_twelve_months()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await using var db = await ShopBuyers.DbAsync(fx);
        var shopId = fx.World.OtherShop.Id; // reviews of this test only
        var today = ShopDay.Of(DateTime.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        DateTimeOffset Day(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8));

        await ImportedAsync(await PushAsync(supervisor, shopId,
            new ReviewInput(NewId(), Day(thisMonth.AddMonths(-2), 10), Stars: 5, Description: 5, Service: 4, Logistics: 5),
            new ReviewInput(NewId(), Day(thisMonth.AddMonths(-2).AddDays(3), 10), Stars: 2, Description: 4, Service: 3),
            new ReviewInput(NewId(), Day(thisMonth.AddMonths(-1), 0), Stars: 5, Description: 5, Service: 5, Logistics: 5), // 00:00 China time: last month, not the one before in UTC
            new ReviewInput(NewId(), Day(thisMonth.AddMonths(-13), 9), Stars: 1, Description: 1, Service: 1, Logistics: 1))); // too old for the trend

        var trend = (await supervisor.Http.GetFromJsonAsync<List<DsrMonth>>($"{Api}/dsr?shopId={shopId}", Json.Options))!;

        Assert.Equal(12, trend.Count);
        Assert.Equal(thisMonth.ToString("yyyy-MM"), trend[^1].Month);
        var twoAgo = trend[^3];
        Assert.Equal((thisMonth.AddMonths(-2).ToString("yyyy-MM"), 2, 4.5m, 3.5m, 5m, 0.5m),
            (twoAgo.Month, twoAgo.Reviews, twoAgo.Description, twoAgo.Service, twoAgo.Logistics, twoAgo.BadShare));
        Assert.Equal((1, 5m, 0m), (trend[^2].Reviews, trend[^2].Description!.Value, trend[^2].BadShare));
        Assert.Equal((0, (decimal?)null), (trend[^1].Reviews, trend[^1].Service));
        Assert.Equal(3, trend.Sum(m => m.Reviews));
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await (await agent.Http.GetAsync($"{Api}/dsr?shopId={shopId}")).AssertProblemAsync(HttpStatusCode.BadRequest, "review_invalid"); // not their shop

        var export = await supervisor.Http.GetAsync($"{Api}/export?shopId={shopId}&rating=neutralOrBad");
        var rows = Spreadsheet.Rows(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), "x.xlsx").ToList();
        Assert.Equal(["2", "1"], rows.Select(r => r["评分"]));
        Assert.All(rows, r => Assert.Equal("待跟进", r["跟进状态"]));
    }

    [Fact]
    public void Every_complaint_and_review_error_has_its_message_in_both_languages()
    {
        var zh = System.Xml.Linq.XDocument.Load(Path.Combine(Repository.Root(), "src", "KefuDesk.Web", "Resources", "SharedResource.resx"))
            .Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
        var errors = new[] { typeof(ComplaintErrors), typeof(ReviewErrors) }
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Select(f => (KefuDesk.Infrastructure.Errors.KefuDeskError)f.GetValue(null)!).ToList();

        Assert.Equal(22, errors.Count);
        Assert.All(errors, e => Assert.Contains(e.ResourceKey, zh));
    }
}
