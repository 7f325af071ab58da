using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.AfterSales.Complaints;

/// <summary>Every legal step of a complaint, every illegal one refused with nothing changed, and the deadline job.</summary>
public abstract partial class ComplaintTests
{
    [Fact]
    public async Task A_complaint_is_resolved_visited_and_archived_and_then_leaves_the_working_list_for_the_archive()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var c = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)))).Complaint;

        var resolved = await StepAsync(agent, c.Id, "resolve", new ResolveComplaintInput("已补发新杯子并退运费 10 元,买家同意。", c.Version));
        Assert.Equal(ComplaintStatus.Resolved, resolved.Complaint.Status);
        Assert.Equal("已补发新杯子并退运费 10 元,买家同意。", resolved.Resolution);
        Assert.NotNull(resolved.Complaint.ResolvedAt);

        var visited = await StepAsync(agent, c.Id, "return-visit", new ReturnVisitInput("satisfied", null, resolved.Complaint.Version));
        Assert.Equal((ComplaintStatus.ReturnVisited, ReturnVisitResult.Satisfied), (visited.Complaint.Status, visited.Complaint.ReturnVisit));

        var archived = await StepAsync(supervisor, c.Id, "archive", new ComplaintStepInput(visited.Complaint.Version));
        Assert.Equal(ComplaintStatus.Archived, archived.Complaint.Status);
        Assert.NotNull(archived.Complaint.ArchivedAt);
        Assert.Equal(["complaint.recorded", "complaint.resolved", "complaint.return_visited", "complaint.archived"],
            archived.History.Select(h => h.Action));
        Assert.Equal(["小美", "小美", "小美", "主管"], archived.History.Select(h => h.ActorName));
        Assert.DoesNotContain((await ListAsync(agent, "view=active&limit=100")).Items, i => i.Id == c.Id);
        Assert.Contains((await ListAsync(agent, "view=archived&limit=100")).Items, i => i.Id == c.Id);
    }

    [Fact]
    public async Task An_unhappy_buyer_reopens_the_complaint_with_a_fresh_deadline_and_an_unreachable_one_is_tried_again()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var c = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)))).Complaint;
        await StepAsync(agent, c.Id, "resolve", new ResolveComplaintInput("已退款"));
        var unhappy = await StepAsync(agent, c.Id, "return-visit", new ReturnVisitInput("notSatisfied", "买家觉得赔偿太少"));
        Assert.Equal(ReturnVisitResult.NotSatisfied, unhappy.Complaint.ReturnVisit);
        Clock.Advance(TimeSpan.FromHours(2));

        var reopened = await StepAsync(agent, c.Id, "reopen", new ReopenComplaintInput("回访不满意,需要再沟通赔偿"));

        Assert.Equal(ComplaintStatus.Open, reopened.Complaint.Status);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime + TimeSpan.FromHours(24), reopened.Complaint.Deadline, TimeSpan.FromMilliseconds(1));
        Assert.Equal("回访不满意,需要再沟通赔偿", reopened.History[^1].Note);
        await StepAsync(agent, c.Id, "resolve", new ResolveComplaintInput("追加 10 元无门槛券"));
        var again = await StepAsync(agent, c.Id, "reopen", new ReopenComplaintInput("买家来电说券不能用")); // straight from 已解决 too
        Assert.Equal(ComplaintStatus.Open, again.Complaint.Status);
        await StepAsync(agent, c.Id, "resolve", new ResolveComplaintInput("改为追加 20 元无门槛券"));
        var unreachable = await StepAsync(agent, c.Id, "return-visit", new ReturnVisitInput("unreachable", "11-24 10:00 电话未接"));
        var reached = await StepAsync(agent, c.Id, "return-visit", new ReturnVisitInput("satisfied"));
        Assert.Equal(ReturnVisitResult.Unreachable, unreachable.Complaint.ReturnVisit);
        Assert.Equal(ReturnVisitResult.Satisfied, reached.Complaint.ReturnVisit);
    }

    [Fact]
    public async Task Steps_out_of_order_are_refused_clearly_and_change_nothing()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var c = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)))).Complaint;

        async Task RefusedAsync(StaffClient who, string step, object body, HttpStatusCode status, string code)
        {
            var version = (await GetAsync(agent, c.Id)).Complaint.Version;
            var entries = await AuditCountAsync(c.Id);
            await (await who.Http.PostAsJsonAsync($"{Api}/{c.Id}/{step}", body, Json.Options)).AssertProblemAsync(status, code);
            Assert.Equal(version, (await GetAsync(agent, c.Id)).Complaint.Version);
            Assert.Equal(entries, await AuditCountAsync(c.Id));
        }

        // Open
        await RefusedAsync(agent, "return-visit", new ReturnVisitInput("satisfied"), HttpStatusCode.Conflict, "complaint_not_resolved");
        await RefusedAsync(supervisor, "archive", new ComplaintStepInput(), HttpStatusCode.Conflict, "complaint_not_visited");
        await RefusedAsync(agent, "reopen", new ReopenComplaintInput("再看看"), HttpStatusCode.Conflict, "complaint_already_open");
        await RefusedAsync(agent, "resolve", new ResolveComplaintInput(""), HttpStatusCode.BadRequest, "complaint_invalid");
        await RefusedAsync(agent, "resolve", new ResolveComplaintInput("已处理", Version: c.Version + 7), HttpStatusCode.Conflict, "complaint_changed");

        // Resolved
        await StepAsync(agent, c.Id, "resolve", new ResolveComplaintInput("已退款"));
        await RefusedAsync(agent, "resolve", new ResolveComplaintInput("再次处理"), HttpStatusCode.Conflict, "complaint_not_open");
        await RefusedAsync(agent, "severity", new SeverityInput("highRisk"), HttpStatusCode.Conflict, "complaint_not_open");
        await RefusedAsync(supervisor, "archive", new ComplaintStepInput(), HttpStatusCode.Conflict, "complaint_not_visited");
        await RefusedAsync(agent, "return-visit", new ReturnVisitInput("unreachable"), HttpStatusCode.BadRequest, "complaint_invalid"); // needs a note
        await RefusedAsync(agent, "return-visit", new ReturnVisitInput("happy"), HttpStatusCode.BadRequest, "complaint_invalid");

        // Visited, then archived: nothing changes an archived complaint.
        await StepAsync(agent, c.Id, "return-visit", new ReturnVisitInput("satisfied"));
        await RefusedAsync(agent, "archive", new ComplaintStepInput(), HttpStatusCode.Forbidden, "complaint_supervisor_only");
        await StepAsync(supervisor, c.Id, "archive", new ComplaintStepInput());
        await RefusedAsync(supervisor, "archive", new ComplaintStepInput(), HttpStatusCode.Conflict, "complaint_archived");
        await RefusedAsync(supervisor, "reopen", new ReopenComplaintInput("再看看"), HttpStatusCode.Conflict, "complaint_archived");
        await RefusedAsync(supervisor, "return-visit", new ReturnVisitInput("satisfied"), HttpStatusCode.Conflict, "complaint_archived");
        await RefusedAsync(supervisor, "resolve", new ResolveComplaintInput("x"), HttpStatusCode.Conflict, "complaint_archived");
        await RefusedAsync(supervisor, "reassign", new ReassignComplaintInput(fx.World.Agent2.Id), HttpStatusCode.Conflict, "complaint_archived");
    }

    [Fact]
    public async Task Only_the_owner_or_a_supervisor_works_a_complaint_and_only_a_supervisor_hands_it_over()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var c = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)))).Complaint;

        await (await colleague.Http.PostAsJsonAsync($"{Api}/{c.Id}/resolve", new ResolveComplaintInput("我来处理"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "complaint_not_yours");
        await (await agent.Http.PostAsJsonAsync($"{Api}/{c.Id}/reassign", new ReassignComplaintInput(fx.World.Agent2.Id), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "complaint_supervisor_only");
        await (await supervisor.Http.PostAsJsonAsync($"{Api}/{c.Id}/reassign", new ReassignComplaintInput(fx.World.OtherShopAgent.Id), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "complaint_invalid"); // not on this shop's team

        var handed = await StepAsync(supervisor, c.Id, "reassign", new ReassignComplaintInput(fx.World.Agent2.Id));

        Assert.Equal((fx.World.Agent2.Id, "小丽(全名)"), (handed.Complaint.OwnerId, handed.Complaint.OwnerName));
        await StepAsync(colleague, c.Id, "resolve", new ResolveComplaintInput("已联系买家并补发"));
        await (await agent.Http.PostAsJsonAsync($"{Api}/{c.Id}/return-visit", new ReturnVisitInput("satisfied"), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "complaint_not_yours");
        Assert.Equal(ComplaintStatus.ReturnVisited,
            (await StepAsync(supervisor, c.Id, "return-visit", new ReturnVisitInput("satisfied"))).Complaint.Status);
    }

    [Fact]
    public async Task The_deadline_job_escalates_open_complaints_past_their_deadline_once_and_leaves_the_others()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var late = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)))).Complaint;
        var resolvedInTime = (await RecordAsync(agent, Input(await ShopBuyers.WithOrderAsync(fx, Shop)))).Complaint;
        await StepAsync(agent, resolvedInTime.Id, "resolve", new ResolveComplaintInput("已处理"));
        var job = fx.App.Services.GetRequiredService<ComplaintDeadlines>();

        Clock.Advance(TimeSpan.FromHours(23));
        await job.RunOnceAsync(CancellationToken.None);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        Assert.False((await GetAsync(supervisor, late.Id)).Complaint.Escalated);

        Clock.Advance(TimeSpan.FromHours(2));
        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None); // a second pass finds nothing new

        await using var later = await fx.SignInAsync(fx.World.Supervisor);
        var escalated = await GetAsync(later, late.Id);
        Assert.True(escalated.Complaint.Escalated);
        Assert.Equal(EscalationReason.Overdue, escalated.Complaint.EscalatedFor);
        Assert.True(escalated.Complaint.Overdue);
        Assert.Equal(["complaint.recorded", "complaint.overdue", "complaint.escalated"], escalated.History.Select(h => h.Action));
        Assert.Equal("deadline", escalated.History[1].ActorName);
        var resolved = await GetAsync(later, resolvedInTime.Id);
        Assert.False(resolved.Complaint.Escalated);
        Assert.False(resolved.Complaint.Overdue);
        await using var db = await ShopBuyers.DbAsync(fx);
        Assert.NotNull((await db.Set<Complaint>().SingleAsync(x => x.Id == late.Id)).OverdueAt);
    }
}
