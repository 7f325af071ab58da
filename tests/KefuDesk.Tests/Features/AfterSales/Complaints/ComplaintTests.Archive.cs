using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Infrastructure.Spreadsheets;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.AfterSales.Complaints;

/// <summary>投诉归档: archived complaints found by number, buyer, order, words, dates, source and severity; paged; exported.</summary>
public abstract partial class ComplaintTests
{
    private async Task<ComplaintRow> ArchivedAsync(StaffClient agent, StaffClient supervisor, ComplaintInput input, string resolution)
    {
        var c = (await RecordAsync(agent, input)).Complaint;
        await StepAsync(agent, c.Id, "resolve", new ResolveComplaintInput(resolution));
        await StepAsync(agent, c.Id, "return-visit", new ReturnVisitInput("satisfied"));
        return (await StepAsync(supervisor, c.Id, "archive", new ComplaintStepInput())).Complaint;
    }

    [Fact]
    public async Task The_archive_finds_complaints_by_number_buyer_order_words_source_severity_and_date_and_pages_and_exports()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var wang = await ShopBuyers.WithOrderAsync(fx, Shop, "王" + tag);
        var li = await ShopBuyers.WithOrderAsync(fx, Shop, "李" + tag);
        var regulator = await ArchivedAsync(agent, supervisor, Input(wang, source: "regulator", subject: "12315 转办 " + tag), "已向工商说明并退款");
        var platform = await ArchivedAsync(agent, supervisor, Input(li, source: "platform", subject: "平台介入 " + tag,
            description: "买家称快递员态度恶劣,包装破损 " + tag), "补发并道歉");
        var still = (await RecordAsync(agent, Input(li, subject: "仍在处理 " + tag))).Complaint;

        async Task<List<Guid>> FindAsync(string query) =>
            (await ListAsync(agent, "view=archived&limit=100&" + query)).Items.Select(i => i.Id).ToList();

        Assert.Equal([regulator.Id], await FindAsync("q=" + regulator.Number));
        Assert.Equal([regulator.Id], await FindAsync("q=" + regulator.Number.ToLowerInvariant()));
        Assert.Equal([regulator.Id], await FindAsync("q=" + Uri.EscapeDataString("王" + tag)));
        Assert.Equal([platform.Id], await FindAsync("q=" + li.OrderNo));
        Assert.Equal([platform.Id], await FindAsync("q=" + Uri.EscapeDataString("包装破损 " + tag)));
        Assert.Equal([platform.Id, regulator.Id], await FindAsync("q=" + tag)); // latest archived first; the open one is not in the archive
        Assert.Equal([regulator.Id], await FindAsync($"q={tag}&source=regulator"));
        Assert.Equal([regulator.Id], await FindAsync($"q={tag}&severity=highRisk"));
        Assert.Equal([platform.Id], await FindAsync($"q={tag}&severity=normal"));
        var day = KefuDesk.Components.Display.ShopTime(regulator.CreatedAt).ToString("yyyy-MM-dd");
        var dayAfter = KefuDesk.Components.Display.ShopTime(regulator.CreatedAt).AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(2, (await FindAsync($"q={tag}&from={day}&to={day}")).Count);
        Assert.Empty(await FindAsync($"q={tag}&from={dayAfter}"));
        Assert.Contains(still.Id, (await ListAsync(agent, $"view=active&q={tag}")).Items.Select(i => i.Id));

        var first = await ListAsync(agent, $"view=archived&q={tag}&limit=1");
        var second = await ListAsync(agent, $"view=archived&q={tag}&limit=1&offset=1");
        Assert.Equal((2, platform.Id, regulator.Id), (first.Total, first.Items.Single().Id, second.Items.Single().Id));
        await (await agent.Http.GetAsync($"{Api}?view=archived&limit=500")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        await (await agent.Http.GetAsync($"{Api}?view=archived&source=media")).AssertProblemAsync(HttpStatusCode.BadRequest, "complaint_invalid");
        await (await agent.Http.GetAsync($"{Api}?view=archived&from=23/11/2026")).AssertProblemAsync(HttpStatusCode.BadRequest, "complaint_invalid");

        var export = await agent.Http.GetAsync($"{Api}/export?view=archived&q={tag}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(Spreadsheet.XlsxContentType, export.Content.Headers.ContentType?.MediaType);
        var rows = Spreadsheet.Rows(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), "x.xlsx").ToList();
        Assert.Equal([platform.Number, regulator.Number], rows.Select(r => r["投诉编号"]));
        Assert.Equal(["平台", "工商/12315"], rows.Select(r => r["来源"]));
        Assert.Equal(["补发并道歉", "已向工商说明并退款"], rows.Select(r => r["处理结果"]));
        Assert.Equal(["李" + tag, "王" + tag], rows.Select(r => r["买家"]));
        Assert.Equal(["已归档", "已归档"], rows.Select(r => r["状态"]));
    }
}
