using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Audit;
using KefuDesk.Infrastructure.Realtime;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.AfterSales.Complaints;

/// <summary>
/// Complaints over real HTTP and a real database: recording, escalation of high-risk ones at once,
/// every step and every refused one (ComplaintTests.Steps.cs), the deadline job on a clock the test
/// moves, and the archive's search (ComplaintTests.Archive.cs).
/// </summary>
public abstract partial class ComplaintTests(AppFixture fx)
{
    private const string Api = "/api/after-sales/complaints";

    private Guid Shop => fx.World.Shop.Id;

    private ManualClock Clock => fx.Clock!;

    private ComplaintInput Input(ShopBuyer buyer, string severity = "normal", string source = "buyer", string subject = "收到的榨汁杯漏水",
        string description = "买家说杯底漏水,客服答应换货后三天没有消息,要求退款并赔偿。") =>
        new(Shop, source, severity, "quality", subject, description, OrderNo: buyer.OrderNo);

    private static async Task<ComplaintDetails> RecordAsync(StaffClient who, ComplaintInput input)
    {
        var response = await who.Http.PostAsJsonAsync(Api, input, Json.Options);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ComplaintDetails>(Json.Options))!;
    }

    /// <summary>A step a minute after the last, as people work (the history lists steps by time).</summary>
    private async Task<ComplaintDetails> StepAsync(StaffClient who, Guid id, string step, object body)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var response = await who.Http.PostAsJsonAsync($"{Api}/{id}/{step}", body, Json.Options);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ComplaintDetails>(Json.Options))!;
    }

    private static async Task<ComplaintDetails> GetAsync(StaffClient who, Guid id) =>
        (await who.Http.GetFromJsonAsync<ComplaintDetails>($"{Api}/{id}", Json.Options))!;

    private static async Task<ComplaintPage> ListAsync(StaffClient who, string query) =>
        (await who.Http.GetFromJsonAsync<ComplaintPage>($"{Api}?{query}", Json.Options))!;

    private async Task<int> AuditCountAsync(Guid complaintId)
    {
        await using var db = await ShopBuyers.DbAsync(fx);
        return await db.AuditEntries.CountAsync(e => e.SubjectId == complaintId && e.Subject == AuditSubjects.Complaint);
    }

    [Fact]
    public async Task An_agent_records_a_complaint_by_order_number_and_owns_it_with_a_24_hour_deadline()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var buyer = await ShopBuyers.WithOrderAsync(fx, Shop, "周女士");
        var before = Clock.GetUtcNow().UtcDateTime;

        var recorded = await RecordAsync(agent, Input(buyer));

        var c = recorded.Complaint;
        Assert.Matches(new Regex(@"^TS\d{8}\d{3}$"), c.Number);
        Assert.Equal(KefuDesk.Components.Display.ShopTime(before).ToString("yyyyMMdd"), c.Number[2..10]);
        Assert.Equal((buyer.CustomerId, buyer.OrderId, buyer.OrderNo, "周女士"), (c.CustomerId, c.OrderId, c.OrderNo, c.BuyerName));
        Assert.Equal((ComplaintStatus.Open, ComplaintSeverity.Normal, ComplaintSource.Buyer, ComplaintCategory.Quality),
            (c.Status, c.Severity, c.Source, c.Category));
        Assert.Equal(fx.World.Agent.Id, c.OwnerId);
        Assert.Equal(c.CreatedAt + TimeSpan.FromHours(24), c.Deadline);
        Assert.False(c.Escalated);
        var step = Assert.Single(recorded.History);
        Assert.Equal(("complaint.recorded", "小美"), (step.Action, step.ActorName));
        Assert.Contains("\"status\":\"open\"", step.After, StringComparison.Ordinal);

        // The next one of the day takes the next number.
        var next = await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)));
        Assert.Equal(long.Parse(c.Number[2..]) + 1, long.Parse(next.Complaint.Number[2..]));
    }

    [Fact]
    public async Task A_high_risk_complaint_is_escalated_at_once_and_supervisors_see_it_first_with_a_notice()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        using var notices = new NoticeLog(fx.App);
        await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)));

        var risky = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop), severity: "highRisk",
            subject: "买家称要向媒体曝光"))).Complaint;

        Assert.True(risky.Escalated);
        Assert.Equal(EscalationReason.HighRisk, risky.EscalatedFor);
        Assert.Equal(risky.CreatedAt, risky.EscalatedAt);
        Assert.Equal(risky.CreatedAt + TimeSpan.FromHours(4), risky.Deadline);
        // Above every complaint that is not escalated (escalated ones come first, the nearest deadline first).
        var list = (await ListAsync(supervisor, "view=active&limit=100")).Items.ToList();
        var at = list.FindIndex(i => i.Id == risky.Id);
        Assert.True(at >= 0);
        Assert.All(list.Take(at), i => Assert.True(i.Escalated && i.Status == ComplaintStatus.Open));
        Assert.DoesNotContain(list.Skip(at + 1), i => i.Escalated && i.Status == ComplaintStatus.Open && i.Deadline < risky.Deadline);
        var history = (await GetAsync(supervisor, risky.Id)).History;
        Assert.Equal(["complaint.recorded", "complaint.escalated"], history.Select(h => h.Action));
        Assert.Equal("escalation", history[1].ActorName);
        await notices.SeenAsync(n => n.Kind == WorkspaceNoticeKind.ComplaintsChanged && n.ConversationId == risky.Id && n.On && n.ByName == risky.Number);
    }

    [Fact]
    public async Task A_regulators_complaint_is_high_risk_whatever_was_chosen_and_cannot_be_lowered()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        var c = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop), severity: "normal", source: "regulator",
            subject: "12315 转来的投诉"))).Complaint;

        Assert.Equal((ComplaintSeverity.HighRisk, true), (c.Severity, c.Escalated));
        var lowered = await supervisor.Http.PostAsJsonAsync($"{Api}/{c.Id}/severity", new SeverityInput("normal"), Json.Options);
        await lowered.AssertProblemAsync(HttpStatusCode.Conflict, "complaint_regulator_high_risk");
        Assert.Equal(ComplaintSeverity.HighRisk, (await GetAsync(agent, c.Id)).Complaint.Severity);
    }

    [Fact]
    public async Task Raising_to_high_risk_escalates_and_brings_the_deadline_forward_and_only_a_supervisor_lowers_it()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var c = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)))).Complaint;
        Clock.Advance(TimeSpan.FromHours(1));

        var raised = (await StepAsync(agent, c.Id, "severity", new SeverityInput("highRisk", c.Version))).Complaint;

        Assert.Equal((ComplaintSeverity.HighRisk, true, EscalationReason.HighRisk), (raised.Severity, raised.Escalated, raised.EscalatedFor));
        Assert.Equal(c.CreatedAt + TimeSpan.FromHours(5) + TimeSpan.FromMinutes(1), raised.Deadline); // raised 1 h 1 min in: 4 h from then
        await (await agent.Http.PostAsJsonAsync($"{Api}/{c.Id}/severity", new SeverityInput("normal"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "complaint_supervisor_only");
        var lowered = (await StepAsync(supervisor, c.Id, "severity", new SeverityInput("normal"))).Complaint;
        Assert.Equal(ComplaintSeverity.Normal, lowered.Severity);
        Assert.Equal(raised.Deadline, lowered.Deadline); // lowering does not give more time
        Assert.True(lowered.Escalated); // what happened stays on record
        var actions = (await GetAsync(agent, c.Id)).History.Select(h => h.Action).ToList();
        Assert.Equal(["complaint.recorded", "complaint.severity_changed", "complaint.escalated", "complaint.severity_changed"], actions);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_reason_and_nothing_is_stored()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var buyer = await ShopBuyers.WithOrderAsync(fx, Shop);
        var other = await ShopBuyers.WithOrderAsync(fx, Shop);
        var jdBuyer = await ShopBuyers.WithOrderAsync(fx, fx.World.OtherShop.Id);
        await using var db = await ShopBuyers.DbAsync(fx);
        var before = await db.Set<Complaint>().CountAsync();

        foreach (var (input, says) in new (ComplaintInput, string)[]
                 {
                     (Input(buyer) with { Subject = " " }, "主题"),
                     (Input(buyer) with { Subject = new string('长', 101) }, "主题"),
                     (Input(buyer) with { Description = "" }, "投诉内容"),
                     (Input(buyer) with { Source = "media" }, "来源"),
                     (Input(buyer) with { Severity = "1" }, "级别"),
                     (Input(buyer) with { Category = "" }, "分类"),
                     (Input(buyer) with { OrderNo = null }, "买家"),
                     (Input(buyer) with { OrderNo = jdBuyer.OrderNo }, "订单"),
                     (Input(buyer) with { CustomerId = other.CustomerId }, "不同的买家"),
                     (Input(buyer) with { ShopId = fx.World.OtherShop.Id }, "店铺"),
                 })
        {
            var problem = await (await agent.Http.PostAsJsonAsync(Api, input, Json.Options)).AssertProblemAsync(HttpStatusCode.BadRequest,
                "complaint_invalid");
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // An agent records complaints for themself; handing one to a colleague is a supervisor's call.
        await (await agent.Http.PostAsJsonAsync(Api, Input(buyer) with { OwnerId = fx.World.Agent2.Id }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "complaint_supervisor_only");
        Assert.Equal(before, await db.Set<Complaint>().CountAsync());
    }

    [Fact]
    public async Task A_supervisor_records_a_complaint_for_a_colleague_by_conversation_and_staff_of_other_shops_never_see_it()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await using var jdAgent = await fx.SignInAsync(fx.World.OtherShopAgent);
        var buyer = await ShopBuyers.WithOrderAsync(fx, Shop);
        var conversationId = await ShopBuyers.ServedConversationAsync(fx, Shop, buyer.CustomerId, fx.World.Agent2.Id, DateTime.UtcNow.AddHours(-2));

        var c = (await RecordAsync(supervisor, new ComplaintInput(Shop, "platform", "normal", "service", "平台介入:客服态度差", "买家在平台投诉客服回复敷衍。",
            ConversationId: conversationId, OwnerId: fx.World.Agent2.Id))).Complaint;

        Assert.Equal((buyer.CustomerId, fx.World.Agent2.Id, (Guid?)null), (c.CustomerId, c.OwnerId, c.OrderId));
        Assert.Equal(conversationId, (await GetAsync(supervisor, c.Id)).ConversationId);
        await (await jdAgent.Http.GetAsync($"{Api}/{c.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "complaint_not_found");
        Assert.DoesNotContain((await ListAsync(jdAgent, "view=active&limit=100")).Items, i => i.Id == c.Id);
        await (await jdAgent.Http.PostAsJsonAsync($"{Api}/{c.Id}/resolve", new ResolveComplaintInput("已处理"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "complaint_not_found");
    }
}

public sealed class ComplaintTests_Sqlite(ClockedSqliteApp fx) : ComplaintTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class ComplaintTests_Postgres(ClockedPostgresApp fx) : ComplaintTests(fx), IClassFixture<ClockedPostgresApp>;
