using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Shop;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>
/// Every kind of case walked to its end over real HTTP, with the order's money and the history
/// checked at the end; steps off the path refused with the current state named and nothing changed.
/// </summary>
public abstract class CaseStepsTests(AppFixture fx) : IAsyncLifetime
{
    private StaffClient _agent = default!;
    private StaffClient _supervisor = default!;

    public async Task InitializeAsync()
    {
        _agent = await fx.SignInAsync(fx.World.Agent);
        _supervisor = await fx.SignInAsync(fx.World.Supervisor);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _supervisor.DisposeAsync();
    }

    [Theory]
    [InlineData("returnAndRefund", 12_000, "review,approve,buyer-returned,inspect,complete-refund", "refunded")]
    [InlineData("refundOnly", 5_000, "review,approve,complete-refund", "refunded")]
    [InlineData("exchange", 0, "review,approve,buyer-returned,inspect,fulfil", "completed")]
    [InlineData("repair", 0, "review,approve,buyer-returned,inspect,fulfil", "completed")]
    [InlineData("reship", 0, "review,approve,fulfil", "completed")]
    [InlineData("reship", 2_000, "review,approve,fulfil", "completed")]
    public async Task A_case_walks_its_kinds_path_to_the_end_and_the_money_and_history_follow(string kind, long refund, string steps, string end)
    {
        var order = await CaseDesk.OrderAsync(fx);
        var opened = await _agent.OpenedAsync(order, kind, refund);
        Assert.Matches(@"^SH\d{8}\d{4}$", opened.Case.CaseNo);
        Assert.Equal(CaseStatus.Applied, opened.Case.Status);
        Assert.Equal(refund, (await CaseDesk.OrderRowAsync(fx, order.Id)).RefundClaimedFen);

        var current = opened;
        foreach (var step in steps.Split(','))
        {
            fx.Clock!.Advance(TimeSpan.FromSeconds(1)); // the history is in time order
            current = await _agent.SteppedAsync(opened.Case.Id, step, CaseDesk.BodyFor(step) is { } body ? body : new { version = current.Version });
        }

        Assert.Equal(Enum.Parse<CaseStatus>(end, ignoreCase: true), current.Case.Status);
        Assert.Empty(current.Steps);
        Assert.Null(current.Case.DueAt);
        var row = await CaseDesk.OrderRowAsync(fx, order.Id);
        Assert.Equal((refund, refund), (row.RefundClaimedFen, row.RefundedFen));
        var actions = current.History.Select(h => h.Action).ToList();
        Assert.Equal("case.opened", actions[0]);
        Assert.Equal(steps.Split(',').Length + 1, actions.Count);
        Assert.Equal(CaseStatus.Applied, current.History[1].From);
        Assert.All(current.History.Skip(1), h => Assert.Equal(_agent.Staff.Nickname, h.ActorName));
        Assert.Equal($"{_agent.Me.DisplayName}({_agent.Me.Nickname})", current.Case.OwnerName);
    }

    [Fact]
    public async Task A_step_off_the_path_is_refused_naming_the_current_state_and_changes_nothing()
    {
        var order = await CaseDesk.OrderAsync(fx);
        var opened = await _agent.OpenedAsync(order, "returnAndRefund", 9_000);
        await _agent.SteppedAsync(opened.Case.Id, "review");
        var rejected = await _agent.SteppedAsync(opened.Case.Id, "reject", new { reason = "超过七天无理由期限" });
        var audit = await CaseDesk.AuditCountAsync(fx, opened.Case.Id);

        var zh = await (await _agent.StepAsync(opened.Case.Id, "approve")).AssertProblemAsync(HttpStatusCode.Conflict, "case_step_not_allowed");
        var en = await (await _agent.Http.PostAsJsonAsync($"/api/after-sales/cases/{opened.Case.Id}/complete-refund?culture=en", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "case_step_not_allowed");
        await (await _agent.StepAsync(opened.Case.Id, "buyer-returned", CaseDesk.BodyFor("buyer-returned")))
            .AssertProblemAsync(HttpStatusCode.Conflict, "case_step_not_allowed");

        Assert.Contains("已拒绝", zh.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Rejected", en.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await _agent.CaseAsync(opened.Case.Id);
        Assert.Equal((CaseStatus.Rejected, rejected.Version), (after.Case.Status, after.Version));
        Assert.Equal(audit, await CaseDesk.AuditCountAsync(fx, opened.Case.Id));
        Assert.Equal("超过七天无理由期限", after.ClosingNote);
        Assert.Equal((0L, 0L), ((await CaseDesk.OrderRowAsync(fx, order.Id)).RefundClaimedFen, (await CaseDesk.OrderRowAsync(fx, order.Id)).RefundedFen));
    }

    [Fact]
    public async Task Failed_inspection_rejects_the_case_and_gives_the_claim_back_and_a_withdrawal_does_too()
    {
        var order = await CaseDesk.OrderAsync(fx, paidFen: 20_000);
        var returned = await _agent.OpenedAsync(order, "returnAndRefund", 8_000);
        var withdrawn = await _agent.OpenedAsync(order, "refundOnly", 7_000);
        foreach (var step in new[] { "review", "approve", "buyer-returned" })
        {
            await _agent.SteppedAsync(returned.Case.Id, step, CaseDesk.BodyFor(step));
        }

        await (await _agent.StepAsync(returned.Case.Id, "inspect", new { passed = false })).AssertProblemAsync(HttpStatusCode.BadRequest, "case_invalid");
        var failed = await _agent.SteppedAsync(returned.Case.Id, "inspect", new { passed = false, note = "商品已使用,影响二次销售" });
        var gone = await _agent.SteppedAsync(withdrawn.Case.Id, "withdraw", new { note = "买家说不退了" });

        Assert.Equal(CaseStatus.Rejected, failed.Case.Status);
        Assert.Equal(CaseStatus.Withdrawn, gone.Case.Status);
        Assert.Equal(0, (await CaseDesk.OrderRowAsync(fx, order.Id)).RefundClaimedFen);
        Assert.Equal("SF1234567890", failed.ReturnTrackingNo);
    }

    [Fact]
    public async Task A_stale_screen_cannot_act_the_case_changed_in_between()
    {
        var order = await CaseDesk.OrderAsync(fx);
        var opened = await _agent.OpenedAsync(order, "refundOnly", 3_000);
        await _agent.SteppedAsync(opened.Case.Id, "review", new { version = opened.Version });

        await (await _agent.StepAsync(opened.Case.Id, "reject", new { reason = "重复申请", version = opened.Version }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "case_changed");
        Assert.Equal(CaseStatus.UnderReview, (await _agent.CaseAsync(opened.Case.Id)).Case.Status);
    }

    [Fact]
    public async Task Bad_input_is_refused_clearly_and_nothing_is_stored()
    {
        var order = await CaseDesk.OrderAsync(fx, paidFen: 30_000);
        var unpaid = await CaseDesk.OrderAsync(fx, status: OrderStatus.AwaitingPayment);
        var unshipped = await CaseDesk.OrderAsync(fx, status: OrderStatus.AwaitingShipment);
        var elsewhere = await CaseDesk.OrderAsync(fx, shopId: fx.World.OtherShop.Id);

        async Task Refused(HttpResponseMessage response, HttpStatusCode status, string code) => await response.AssertProblemAsync(status, code);
        await Refused(await _agent.Http.PostAsJsonAsync("/api/after-sales/cases", new { orderId = order.Id, reason = "other", refundFen = 100 }),
            HttpStatusCode.BadRequest, "case_invalid");
        await Refused(await _agent.Http.PostAsJsonAsync("/api/after-sales/cases", new { orderId = order.Id, kind = "swap", reason = "other" }),
            HttpStatusCode.BadRequest, "payload_invalid");
        await Refused(await _agent.OpenAsync(order, "refundOnly", 0), HttpStatusCode.BadRequest, "case_invalid");
        await Refused(await _agent.OpenAsync(order, "exchange", -1), HttpStatusCode.BadRequest, "case_invalid");
        await Refused(await _agent.OpenAsync(order, "exchange", 0, description: new string('长', 501)), HttpStatusCode.BadRequest, "case_invalid");
        var tooMuch = await (await _agent.OpenAsync(order, "refundOnly", 30_001)).AssertProblemAsync(HttpStatusCode.BadRequest, "case_refund_too_large");
        Assert.Contains("¥300.00", tooMuch.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Refused(await _agent.OpenAsync(unpaid, "refundOnly", 100), HttpStatusCode.Conflict, "case_order_not_eligible");
        await Refused(await _agent.OpenAsync(unshipped, "exchange", 0), HttpStatusCode.Conflict, "case_order_not_eligible");
        await Refused(await _agent.OpenAsync(elsewhere, "refundOnly", 100), HttpStatusCode.NotFound, "order_not_found");
        await Refused(await _agent.OpenAsync(order with { Id = Guid.NewGuid() }, "refundOnly", 100), HttpStatusCode.NotFound, "order_not_found");
        await Refused(await _agent.OpenAsync(order, "exchange", 0, evidenceIds: [Guid.NewGuid()]), HttpStatusCode.BadRequest, "case_evidence_invalid");
        await Refused(await _agent.OpenAsync(order, "exchange", 0, conversationId: Guid.NewGuid()), HttpStatusCode.BadRequest, "case_invalid");

        Assert.Equal(0, await CaseDesk.CasesOnAsync(fx, order.Id));
        Assert.Equal(0, (await CaseDesk.OrderRowAsync(fx, order.Id)).RefundClaimedFen);
        Assert.Equal(0, await CaseDesk.CasesOnAsync(fx, unshipped.Id));

        var opened = await _agent.OpenedAsync(order, "returnAndRefund", 1_000);
        await _agent.SteppedAsync(opened.Case.Id, "review");
        await Refused(await _agent.StepAsync(opened.Case.Id, "reject", new { reason = "  " }), HttpStatusCode.BadRequest, "case_invalid");
        await _agent.SteppedAsync(opened.Case.Id, "approve");
        await Refused(await _agent.StepAsync(opened.Case.Id, "buyer-returned", new { carrier = "顺丰", trackingNo = "SF 12<>" }),
            HttpStatusCode.BadRequest, "case_invalid");
        await Refused(await _agent.StepAsync(opened.Case.Id, "buyer-returned", new { carrier = "", trackingNo = "SF123456" }),
            HttpStatusCode.BadRequest, "case_invalid");
        Assert.Equal(CaseStatus.AwaitingBuyerReturn, (await _agent.CaseAsync(opened.Case.Id)).Case.Status);
    }

    [Fact]
    public async Task Every_case_action_is_in_the_audit_log_with_who_and_the_status_before_and_after()
    {
        var order = await CaseDesk.OrderAsync(fx);
        var opened = await _agent.OpenedAsync(order, "refundOnly", 4_000);
        foreach (var step in new[] { "review", "approve", "complete-refund" })
        {
            fx.Clock!.Advance(TimeSpan.FromSeconds(1));
            await _agent.SteppedAsync(opened.Case.Id, step);
        }

        await using var db = await CaseDesk.Db(fx);
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.SubjectId == opened.Case.Id).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync();
        Assert.Equal(["case.opened", "case.reviewed", "case.approved", "case.refunded"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((AuditSubjects.AfterSalesCase, opened.Case.CaseNo, fx.World.Agent.Id), (e.Subject, e.SubjectRef, e.ActorId!.Value)));
        var refunded = entries[^1];
        Assert.Contains("\"status\":\"approved\"", refunded.Before, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"refunded\"", refunded.After, StringComparison.Ordinal);
        Assert.Contains("\"refundedFen\":4000", refunded.After, StringComparison.Ordinal);
    }
}

public sealed class CaseStepsTests_Sqlite(AfterSalesSqliteApp fx) : CaseStepsTests(fx), IClassFixture<AfterSalesSqliteApp>;

public sealed class CaseStepsTests_Postgres(AfterSalesPostgresApp fx) : CaseStepsTests(fx), IClassFixture<AfterSalesPostgresApp>;
