using KefuDesk.Features.AfterSales;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>
/// Deadlines on the test's clock: the first review within the shop's service minutes, later steps
/// in calendar time, and the deadline job (run by hand) escalating an overdue case once per step.
/// </summary>
public abstract class CaseDeadlineTests(AppFixture fx)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private ManualClock Clock => fx.Clock!;

    private Task SweepAsync() => fx.App.Services.GetRequiredService<CaseEscalation>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task An_unreviewed_case_is_escalated_once_its_first_review_is_overdue_and_the_next_step_has_its_own_deadline()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var opened = await agent.OpenedAsync(await CaseDesk.OrderAsync(fx), "refundOnly", 1_000);
        Assert.Equal(opened.Case.CreatedAt.AddMinutes(20), opened.Case.DueAt);

        Clock.Advance(TimeSpan.FromMinutes(19));
        await SweepAsync();
        var early = await agent.CaseAsync(opened.Case.Id);
        Assert.False(early.Case.Overdue);
        Assert.Null(early.Case.EscalatedAt);

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await agent.CaseAsync(opened.Case.Id)).Case.Overdue); // red in the list before the job even runs
        await SweepAsync();
        await SweepAsync();
        var late = await agent.CaseAsync(opened.Case.Id);
        Assert.NotNull(late.Case.EscalatedAt);
        var escalation = Assert.Single(late.History, h => h.Action == "case.escalated");
        Assert.Equal("deadline", escalation.ActorName);
        await using (var supervisor = await fx.SignInAsync(fx.World.Supervisor))
        {
            var flagged = await supervisor.Http.GetFromJsonAsync<CasePage>($"/api/after-sales/cases?escalated=true&overdue=true&q={opened.Case.CaseNo}",
                Json.Options);
            Assert.Equal([opened.Case.Id], flagged!.Items.Select(i => i.Id));
        }

        var reviewed = await agent.SteppedAsync(opened.Case.Id, "review");
        Assert.Null(reviewed.Case.EscalatedAt);
        Assert.False(reviewed.Case.Overdue);
        // PostgreSQL keeps microseconds, the clock ticks of 100 ns.
        Assert.InRange((reviewed.Case.DueAt!.Value - (Clock.GetUtcNow().UtcDateTime + CaseDeadlines.Decision)).Duration(), TimeSpan.Zero,
            TimeSpan.FromMilliseconds(1));

        Clock.Advance(CaseDeadlines.Decision + TimeSpan.FromMinutes(1));
        await SweepAsync();
        await using var again = await fx.SignInAsync(fx.World.Agent);
        var undecided = await again.CaseAsync(opened.Case.Id);
        Assert.NotNull(undecided.Case.EscalatedAt);
        Assert.Equal(2, undecided.History.Count(h => h.Action == "case.escalated"));
    }

    [Fact]
    public async Task The_first_review_counts_only_the_shops_service_hours()
    {
        await using (var db = await CaseDesk.Db(fx))
        {
            var shop = await db.Shops.SingleAsync(s => s.Id == fx.World.OtherShop.Id);
            shop.ChangeHours(new BusinessHours([.. Enumerable.Repeat("09:00-18:00", 7)], [], []));
            await db.SaveChangesAsync();
        }

        // 17:50 shop time: ten service minutes today, ten tomorrow from 09:00.
        var local = TimeZoneInfo.ConvertTimeFromUtc(Clock.GetUtcNow().UtcDateTime, China);
        var tenToSix = local.Date.AddDays(1).AddHours(17).AddMinutes(50);
        Clock.Advance(TimeZoneInfo.ConvertTimeToUtc(tenToSix, China) - Clock.GetUtcNow().UtcDateTime);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var opened = await supervisor.OpenedAsync(await CaseDesk.OrderAsync(fx, shopId: fx.World.OtherShop.Id), "returnAndRefund", 2_000);

        var due = TimeZoneInfo.ConvertTimeToUtc(tenToSix.Date.AddDays(1).AddHours(9).AddMinutes(10), China);
        Assert.Equal(due, opened.Case.DueAt);

        Clock.Advance(due - Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Null(await EscalatedAtAsync(opened.Case.Id));
        Clock.Advance(TimeSpan.FromMinutes(2));
        await SweepAsync();
        Assert.NotNull(await EscalatedAtAsync(opened.Case.Id));
    }

    private async Task<DateTime?> EscalatedAtAsync(Guid caseId)
    {
        await using var db = await CaseDesk.Db(fx);
        return await db.Set<AfterSalesCase>().Where(c => c.Id == caseId).Select(c => c.EscalatedAt).SingleAsync();
    }
}

public sealed class CaseDeadlineTests_Sqlite(AfterSalesSqliteApp fx) : CaseDeadlineTests(fx), IClassFixture<AfterSalesSqliteApp>;

public sealed class CaseDeadlineTests_Postgres(AfterSalesPostgresApp fx) : CaseDeadlineTests(fx), IClassFixture<AfterSalesPostgresApp>;
