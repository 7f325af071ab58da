using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using KefuDesk.Infrastructure.Spreadsheets;
using KefuDesk.Tests.Features.Conversations;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>The lists (filters, paging), the Excel export, the pages, and the photos a case carries.</summary>
public abstract class CaseListTests(AppFixture fx) : IAsyncLifetime
{
    private StaffClient _agent = default!;
    private StaffClient _agent2 = default!;

    public async Task InitializeAsync()
    {
        _agent = await fx.SignInAsync(fx.World.Agent);
        _agent2 = await fx.SignInAsync(fx.World.Agent2);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _agent2.DisposeAsync();
    }

    private async Task<CasePage> ListAsync(StaffClient staff, string query) =>
        (await staff.Http.GetFromJsonAsync<CasePage>("/api/after-sales/cases?" + query, Json.Options))!;

    private async Task<(TestOrder First, CaseDetails Refund, CaseDetails Exchange, CaseDetails Return)> ThreeCasesOfOneBuyerAsync()
    {
        var first = await CaseDesk.OrderAsync(fx);
        var second = await CaseDesk.OrderAsync(fx, customerId: first.CustomerId);
        var third = await CaseDesk.OrderAsync(fx, customerId: first.CustomerId);
        var refund = await _agent.OpenedAsync(first, "refundOnly", 3_000);
        fx.Clock!.Advance(TimeSpan.FromSeconds(1));
        var exchange = await _agent.OpenedAsync(second, "exchange", 0);
        fx.Clock.Advance(TimeSpan.FromSeconds(1));
        var giveBack = await _agent2.OpenedAsync(third, "returnAndRefund", 8_000, reason: "noReason7Days");
        await _agent.SteppedAsync(refund.Case.Id, "review");
        return (first, refund, exchange, giveBack);
    }

    [Fact]
    public async Task The_list_finds_cases_by_number_order_buyer_and_phone_filters_them_and_pages_newest_first()
    {
        var (first, refund, exchange, giveBack) = await ThreeCasesOfOneBuyerAsync();
        var name = Uri.EscapeDataString(first.BuyerName);
        IEnumerable<Guid> Ids(CasePage page) => page.Items.Select(i => i.Id);

        Assert.Equal([giveBack.Case.Id, exchange.Case.Id, refund.Case.Id], Ids(await ListAsync(_agent, "q=" + name)));
        Assert.Equal(3, (await ListAsync(_agent, "q=" + first.Phone)).Total);
        Assert.Equal([refund.Case.Id], Ids(await ListAsync(_agent, "q=" + first.OrderNo)));
        Assert.Equal([exchange.Case.Id], Ids(await ListAsync(_agent, "q=" + exchange.Case.CaseNo.ToLowerInvariant())));
        Assert.Equal([exchange.Case.Id], Ids(await ListAsync(_agent, $"kind=exchange&q={name}")));
        Assert.Equal([refund.Case.Id], Ids(await ListAsync(_agent, $"status=underReview&q={name}")));
        Assert.Equal([refund.Case.Id], Ids(await ListAsync(_agent, $"owner=me&q={name}")));
        Assert.Equal([refund.Case.Id], Ids(await ListAsync(_agent2, $"owner={fx.World.Agent.Id}&q={name}")));
        Assert.Equal(2, (await ListAsync(_agent, $"owner=none&q={name}")).Total);
        Assert.Equal(3, (await ListAsync(_agent, $"status=open&shopId={fx.World.Shop.Id}&q={name}")).Total);
        Assert.Equal(0, (await ListAsync(_agent, $"status=closed&q={name}")).Total);
        var today = TimeZoneInfo.ConvertTimeFromUtc(fx.Clock!.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        Assert.Equal(3, (await ListAsync(_agent, $"from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&q={name}")).Total);
        Assert.Equal(0, (await ListAsync(_agent, $"to={today.AddDays(-1):yyyy-MM-dd}&q={name}")).Total);

        var page1 = await ListAsync(_agent, $"q={name}&limit=2");
        var page2 = await ListAsync(_agent, $"q={name}&limit=2&offset=2");
        Assert.Equal((3, 2, true), (page1.Total, page1.Items.Count, page1.HasMore));
        Assert.Equal([refund.Case.Id], Ids(page2));
        Assert.False(page2.HasMore);

        foreach (var bad in new[] { "status=lost", "kind=1", "from=2026/11/01", "to=tomorrow", "limit=0", "limit=201", "offset=-1", "owner=bob",
                     "q=" + new string('x', 65) })
        {
            await (await _agent.Http.GetAsync("/api/after-sales/cases?" + bad)).AssertProblemAsync(HttpStatusCode.BadRequest, "case_filter_invalid");
        }
    }

    [Fact]
    public async Task The_export_is_an_excel_sheet_of_the_same_list_in_the_readers_language()
    {
        var (first, refund, exchange, giveBack) = await ThreeCasesOfOneBuyerAsync();

        var response = await _agent.Http.GetAsync("/api/after-sales/cases/export?q=" + Uri.EscapeDataString(first.BuyerName));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Spreadsheet.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        await using var sheet = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = Spreadsheet.Rows(sheet, "cases.xlsx").ToList();

        Assert.Equal([giveBack.Case.CaseNo, exchange.Case.CaseNo, refund.Case.CaseNo], rows.Select(r => r["售后单号"]));
        Assert.Equal(["退货退款", "换货", "仅退款"], rows.Select(r => r["类型"]));
        Assert.Equal(["待受理", "待受理", "审核中"], rows.Select(r => r["状态"]));
        Assert.Equal("30", rows[2]["退款金额（元）"]);
        Assert.Equal(first.BuyerName, rows[0]["买家"]);
        Assert.Equal(first.OrderNo, rows[2]["订单号"]);

        var english = await _agent.Http.GetAsync($"/api/after-sales/cases/export?culture=en&kind=exchange&q={Uri.EscapeDataString(first.BuyerName)}");
        await using var en = new MemoryStream(await english.Content.ReadAsByteArrayAsync());
        var row = Assert.Single(Spreadsheet.Rows(en, "cases.xlsx"));
        Assert.Equal(("Exchange", exchange.Case.CaseNo), (row["Kind"], row["Case no."]));
        await (await _agent.Http.GetAsync("/api/after-sales/cases/export?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest, "case_filter_invalid");
    }

    [Fact]
    public async Task Photos_are_added_to_an_open_case_and_a_file_that_is_not_an_image_is_refused_and_not_kept()
    {
        var opened = await _agent.OpenedAsync(await CaseDesk.OrderAsync(fx), "exchange", 0);

        var added = await _agent.Http.PostAsync($"/api/after-sales/cases/{opened.Case.Id}/evidence", AttachmentTests.File(AttachmentTests.Png, "盖子.png"));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var photo = Assert.Single((await added.Content.ReadFromJsonAsync<CaseDetails>(Json.Options))!.Evidence);
        Assert.Equal(AttachmentTests.Png, await _agent.Http.GetByteArrayAsync(photo.Url));
        int Files(KefuDesk.Infrastructure.Data.KefuDeskDbContext db) => db.Attachments.Count(a => a.ShopId == fx.World.Shop.Id);
        int before;
        await using (var db = await CaseDesk.Db(fx))
        {
            before = Files(db);
        }

        await (await _agent.Http.PostAsync($"/api/after-sales/cases/{opened.Case.Id}/evidence",
                AttachmentTests.File("%PDF-1.4\n% test\n"u8.ToArray(), "退货说明.pdf")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "case_evidence_invalid");
        await (await _agent.Http.PostAsync($"/api/after-sales/cases/{opened.Case.Id}/evidence", new StringContent("x")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await using var jd = await fx.SignInAsync(fx.World.OtherShopAgent);
        await (await jd.Http.PostAsync($"/api/after-sales/cases/{opened.Case.Id}/evidence", AttachmentTests.File(AttachmentTests.Png, "x.png")))
            .AssertProblemAsync(HttpStatusCode.NotFound, "case_not_found");

        Assert.Single((await _agent.CaseAsync(opened.Case.Id)).Evidence);
        await using (var db = await CaseDesk.Db(fx))
        {
            Assert.Equal(before, Files(db));
        }
    }

    [Fact]
    public async Task A_case_opened_from_a_conversation_takes_the_buyers_photo_from_it_as_evidence()
    {
        await using var s = await Scenario.StartAsync(fx);
        var photo = (await (await s.Buyer.Http.PostAsync("/api/widget/attachments", AttachmentTests.File(AttachmentTests.Png, "裂痕.png")))
            .Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options))!;
        await s.BuyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("crack-1", "盖子裂了", null, AttachmentId: photo.Id));
        Guid buyer;
        await using (var db = await CaseDesk.Db(fx))
        {
            buyer = await db.Conversations.Where(c => c.Id == s.ConversationId).Select(c => c.CustomerId).SingleAsync();
        }

        var order = await CaseDesk.OrderAsync(fx, customerId: buyer);
        var strangers = await CaseDesk.OrderAsync(fx);
        var opened = await _agent.OpenedAsync(order, "exchange", 0, conversationId: s.ConversationId, evidenceIds: [photo.Id]);

        Assert.Equal(s.ConversationId, opened.ConversationId);
        Assert.Equal([photo.Id], opened.Evidence.Select(e => e.AttachmentId));
        await (await _agent.OpenAsync(strangers, "exchange", 0, conversationId: s.ConversationId)).AssertProblemAsync(HttpStatusCode.BadRequest, "case_invalid");
        await (await _agent.OpenAsync(await CaseDesk.OrderAsync(fx, customerId: buyer), "exchange", 0, evidenceIds: [photo.Id]))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "case_evidence_invalid"); // the photo belongs to the conversation, not to a case without it
    }

    [Fact]
    public async Task The_pages_show_the_list_and_the_case_to_staff_and_send_strangers_to_sign_in()
    {
        var opened = await _agent.OpenedAsync(await CaseDesk.OrderAsync(fx), "refundOnly", 1_234);

        var list = await _agent.Http.GetStringAsync("/after-sales?q=" + opened.Case.CaseNo);
        var page = await _agent.Http.GetStringAsync($"/after-sales/{opened.Case.Id}");
        Assert.Contains(opened.Case.CaseNo, list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"after-sales-nav\"", list, StringComparison.Ordinal);
        Assert.Contains(opened.Case.CaseNo, page, StringComparison.Ordinal);
        Assert.Contains("¥12.34", page, StringComparison.Ordinal);
        Assert.Contains("待受理", page, StringComparison.Ordinal);
        var (anonymous, _) = Clients.Http(fx.App);
        var redirected = await anonymous.GetAsync("/after-sales");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Contains("/account/sign-in", redirected.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}

public sealed class CaseListTests_Sqlite(AfterSalesSqliteApp fx) : CaseListTests(fx), IClassFixture<AfterSalesSqliteApp>;

public sealed class CaseListTests_Postgres(AfterSalesPostgresApp fx) : CaseListTests(fx), IClassFixture<AfterSalesPostgresApp>;
