using System.Net;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>
/// The moment two refunds meet, made to happen on purpose: another writer holds the order changed
/// but not yet committed while a case is opened on it; once that writer commits, the case's save
/// finds the order's version moved and is refused as case_order_busy (409), not a 500, and leaves
/// nothing behind. PostgreSQL only: its row locks let the test see the request waiting; on SQLite,
/// with one writer, the parallel-request tests of CaseMoneyTests cover the same rule.
/// </summary>
public sealed class OrderLockTests_Postgres(AfterSalesPostgresApp fx) : IClassFixture<AfterSalesPostgresApp>
{
    [Fact]
    public async Task A_case_saved_while_another_refund_holds_the_order_is_refused_as_busy_and_stores_nothing()
    {
        var order = await CaseDesk.OrderAsync(fx, paidFen: 10_000);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var other = await CaseDesk.Db(fx);
        await using var hold = await other.Database.BeginTransactionAsync();
        var row = await other.Orders.SingleAsync(o => o.Id == order.Id);
        row.ClaimRefund(Guid.NewGuid(), 3_000, DateTime.UtcNow);
        await other.SaveChangesAsync(); // the row stays locked until the commit below

        var opening = agent.OpenAsync(order, "refundOnly", 2_000);
        await WaitUntilARequestWaitsOnALockAsync();
        await hold.CommitAsync();

        await (await opening).AssertProblemAsync(HttpStatusCode.Conflict, "case_order_busy");
        Assert.Equal(0, await CaseDesk.CasesOnAsync(fx, order.Id));
        Assert.Equal(3_000, (await CaseDesk.OrderRowAsync(fx, order.Id)).RefundClaimedFen);
        Assert.Equal(201, (int)(await agent.OpenAsync(order, "refundOnly", 2_000)).StatusCode); // trying again works
    }

    /// <summary>Polls PostgreSQL's own view of sessions until one waits on a row lock (failure after 15 s).</summary>
    private async Task WaitUntilARequestWaitsOnALockAsync()
    {
        await using var db = await CaseDesk.Db(fx);
        var give = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < give)
        {
            var waiting = await db.Database.SqlQuery<int>(
                $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync();
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The case's save never waited on the order's row lock.");
    }
}
