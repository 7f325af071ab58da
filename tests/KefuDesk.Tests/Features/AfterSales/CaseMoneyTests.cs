using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Features.AfterSales;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>
/// Money and who may move it: the paid amount as the ceiling across all cases of an order, the
/// shop's approval limit, simultaneous refunds on one order, and which staff may act on which case.
/// </summary>
public abstract class CaseMoneyTests(AppFixture fx) : IAsyncLifetime
{
    private StaffClient _agent = default!;
    private StaffClient _agent2 = default!;
    private StaffClient _supervisor = default!;
    private StaffClient _otherShop = default!;

    public async Task InitializeAsync()
    {
        _agent = await fx.SignInAsync(fx.World.Agent);
        _agent2 = await fx.SignInAsync(fx.World.Agent2);
        _supervisor = await fx.SignInAsync(fx.World.Supervisor);
        _otherShop = await fx.SignInAsync(fx.World.OtherShopAgent);
    }

    public async Task DisposeAsync()
    {
        foreach (var staff in new[] { _agent, _agent2, _supervisor, _otherShop })
        {
            await staff.DisposeAsync();
        }
    }

    [Fact]
    public async Task Refunds_across_all_cases_of_an_order_never_exceed_what_was_paid()
    {
        var order = await CaseDesk.OrderAsync(fx, paidFen: 20_000);
        var first = await _agent.OpenedAsync(order, "refundOnly", 12_000);
        await (await _agent.OpenAsync(order, "returnAndRefund", 8_001)).AssertProblemAsync(HttpStatusCode.BadRequest, "case_refund_too_large");
        var second = await _agent.OpenedAsync(order, "returnAndRefund", 8_000);
        await (await _agent.OpenAsync(order, "reship", 1)).AssertProblemAsync(HttpStatusCode.BadRequest, "case_refund_too_large");
        Assert.Equal(0, second.Order.RefundableFen);

        await _agent.SteppedAsync(first.Case.Id, "review");
        await _agent.SteppedAsync(first.Case.Id, "reject", new { reason = "与买家协商后改为退货退款" });
        var third = await _agent.OpenedAsync(order, "refundOnly", 12_000);
        foreach (var step in new[] { "review", "approve", "complete-refund" })
        {
            await _agent.SteppedAsync(third.Case.Id, step);
        }

        var row = await CaseDesk.OrderRowAsync(fx, order.Id);
        Assert.Equal((20_000L, 12_000L, 0L), (row.RefundClaimedFen, row.RefundedFen, row.RefundableFen));
        Assert.Equal(3, await CaseDesk.CasesOnAsync(fx, order.Id));
    }

    [Fact]
    public async Task Simultaneous_cases_on_one_order_that_together_exceed_the_paid_amount_let_exactly_one_through()
    {
        for (var round = 0; round < 3; round++)
        {
            var order = await CaseDesk.OrderAsync(fx, paidFen: 10_000);
            var clients = new[] { _agent, _agent2, _supervisor, _agent, _agent2, _supervisor };
            using var start = new SemaphoreSlim(0);
            var attempts = clients.Select(async staff =>
            {
                await start.WaitAsync();
                return await staff.OpenAsync(order, "refundOnly", 6_000);
            }).ToList();
            start.Release(clients.Length);
            var responses = await Task.WhenAll(attempts);

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Contains(problem.GetProperty("code").GetString(), new[] { "case_order_busy", "case_refund_too_large" });
                Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, refused.StatusCode.ToString());
            }

            Assert.Equal(1, await CaseDesk.CasesOnAsync(fx, order.Id));
            Assert.Equal(6_000, (await CaseDesk.OrderRowAsync(fx, order.Id)).RefundClaimedFen);
        }
    }

    [Fact]
    public async Task Simultaneous_refunds_on_one_order_never_lose_one_a_refused_one_succeeds_on_retry()
    {
        var order = await CaseDesk.OrderAsync(fx, paidFen: 10_000);
        var cases = new List<Guid>();
        foreach (var staff in new[] { _agent, _agent2 })
        {
            var opened = await staff.OpenedAsync(order, "refundOnly", 4_000);
            await staff.SteppedAsync(opened.Case.Id, "review");
            await staff.SteppedAsync(opened.Case.Id, "approve");
            cases.Add(opened.Case.Id);
        }

        using var start = new SemaphoreSlim(0);
        var refunds = cases.Zip([_agent, _agent2]).Select(async pair =>
        {
            await start.WaitAsync();
            return (Case: pair.First, Staff: pair.Second, Response: await pair.Second.StepAsync(pair.First, "complete-refund"));
        }).ToList();
        start.Release(2);
        foreach (var (id, staff, response) in await Task.WhenAll(refunds))
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await response.AssertProblemAsync(HttpStatusCode.Conflict, "case_order_busy");
                await staff.SteppedAsync(id, "complete-refund");
            }
        }

        var row = await CaseDesk.OrderRowAsync(fx, order.Id);
        Assert.Equal((8_000L, 8_000L), (row.RefundClaimedFen, row.RefundedFen));
    }

    [Fact]
    public async Task Two_writers_of_one_order_cannot_both_save_the_version_token_stops_the_second()
    {
        var order = await CaseDesk.OrderAsync(fx, paidFen: 10_000);
        await using var first = await CaseDesk.Db(fx);
        await using var second = await CaseDesk.Db(fx);
        var a = await first.Orders.SingleAsync(o => o.Id == order.Id);
        var b = await second.Orders.SingleAsync(o => o.Id == order.Id);

        a.ClaimRefund(Guid.NewGuid(), 6_000, DateTime.UtcNow);
        b.ClaimRefund(Guid.NewGuid(), 6_000, DateTime.UtcNow);
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal(6_000, (await CaseDesk.OrderRowAsync(fx, order.Id)).RefundClaimedFen);
    }

    [Fact]
    public async Task Above_the_shops_limit_an_agents_approval_is_refused_the_case_waits_for_a_supervisor_who_approves_it()
    {
        var order = await CaseDesk.OrderAsync(fx, paidFen: 50_000);
        var opened = await _agent.OpenedAsync(order, "refundOnly", 20_001);
        await _agent.SteppedAsync(opened.Case.Id, "review");

        var refused = await (await _agent.StepAsync(opened.Case.Id, "approve")).AssertProblemAsync(HttpStatusCode.Forbidden, "case_needs_supervisor");
        Assert.Contains("¥200.01", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var waiting = await _agent.CaseAsync(opened.Case.Id);
        Assert.True(waiting.Case.AwaitingSupervisor);
        Assert.DoesNotContain(CaseStep.Approve, waiting.Steps);
        Assert.Equal(CaseStatus.UnderReview, waiting.Case.Status);
        var queue = await _supervisor.Http.GetFromJsonAsync<CasePage>("/api/after-sales/cases?awaitingSupervisor=true&q=" + order.OrderNo, Json.Options);
        Assert.Equal([opened.Case.Id], queue!.Items.Select(i => i.Id));
        Assert.Contains(CaseStep.Approve, (await _supervisor.CaseAsync(opened.Case.Id)).Steps);

        var approved = await _supervisor.SteppedAsync(opened.Case.Id, "approve");
        Assert.Equal(CaseStatus.Approved, approved.Case.Status);
        Assert.False(approved.Case.AwaitingSupervisor);
        Assert.Equal(fx.World.Supervisor.Nickname, approved.History.Single(h => h.Action == "case.approved").ActorName);

        var small = await _agent.OpenedAsync(await CaseDesk.OrderAsync(fx), "refundOnly", 20_000);
        await _agent.SteppedAsync(small.Case.Id, "review");
        Assert.Equal(CaseStatus.Approved, (await _agent.SteppedAsync(small.Case.Id, "approve")).Case.Status);
    }

    [Fact]
    public async Task Staff_act_only_on_cases_of_their_shops_and_a_colleagues_case_only_if_they_supervise()
    {
        var order = await CaseDesk.OrderAsync(fx);
        var opened = await _agent.OpenedAsync(order, "returnAndRefund", 5_000);
        await _agent.SteppedAsync(opened.Case.Id, "review");

        await (await _otherShop.Http.GetAsync($"/api/after-sales/cases/{opened.Case.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        await (await _otherShop.StepAsync(opened.Case.Id, "approve")).AssertProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        await (await _otherShop.OpenAsync(order, "refundOnly", 100)).AssertProblemAsync(HttpStatusCode.NotFound, "order_not_found");
        var theirList = await _otherShop.Http.GetFromJsonAsync<CasePage>("/api/after-sales/cases?q=" + opened.Case.CaseNo, Json.Options);
        Assert.Empty(theirList!.Items);
        await (await _agent2.StepAsync(opened.Case.Id, "reject", new { reason = "我来拒绝" })).AssertProblemAsync(HttpStatusCode.Forbidden, "case_not_yours");
        Assert.Empty((await _agent2.CaseAsync(opened.Case.Id)).Steps);

        var (anonymous, _) = Clients.Http(fx.App);
        await (await anonymous.GetAsync("/api/after-sales/cases")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await anonymous.PostAsJsonAsync($"/api/after-sales/cases/{opened.Case.Id}/approve", new { }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        var byBoss = await _supervisor.SteppedAsync(opened.Case.Id, "approve");
        Assert.Equal(CaseStatus.AwaitingBuyerReturn, byBoss.Case.Status);
        Assert.Equal(fx.World.Agent.Id, byBoss.Case.OwnerId);
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        Assert.Equal(CaseStatus.Withdrawn, (await admin.SteppedAsync(opened.Case.Id, "withdraw")).Case.Status);
    }
}

public sealed class CaseMoneyTests_Sqlite(AfterSalesSqliteApp fx) : CaseMoneyTests(fx), IClassFixture<AfterSalesSqliteApp>;

public sealed class CaseMoneyTests_Postgres(AfterSalesPostgresApp fx) : CaseMoneyTests(fx), IClassFixture<AfterSalesPostgresApp>;
