using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Phone;
using KefuDesk.Infrastructure.Realtime;
using KefuDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Phone;

/// <summary>Call-backs: opened by missed calls, taken, tried, completed or cancelled; numbers masked for whom need not see them; paging.</summary>
public abstract partial class PhoneTests
{
    private static async Task<CallbackView> CallbackAsync(StaffClient who, Guid taskId, string status = "open")
    {
        var page = await who.Http.GetFromJsonAsync<PhonePage<CallbackView>>($"/api/phone/callbacks?status={status}&limit=200", Json.Options);
        return Assert.Single(page!.Items, t => t.Id == taskId);
    }

    private static Task<HttpResponseMessage> ActAsync(StaffClient who, Guid taskId, string action) =>
        who.Http.PostAsync($"/api/phone/callbacks/{taskId}/{action}", null);

    private CallLogInput CallBack(Guid taskId, string outcome = "answered", int duration = 95) =>
        new(null, "outbound", null, DateTimeOffset.UtcNow, outcome == "answered" ? duration : 0, outcome, "已回电说明换货进度",
            CallbackTaskId: taskId, Record: outcome == "answered" ? new ConsultationRecordInput(fx.World.CategoryId, null, null) : null);

    [Fact]
    public async Task A_missed_call_opens_one_call_back_per_buyer_which_the_screens_hear_about()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var number = NewMobile();
        var heard = new TaskCompletionSource<WorkspaceNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var feed = fx.App.Services.GetRequiredService<WorkspaceFeed>().Subscribe(n =>
        {
            if (n.Kind == WorkspaceNoticeKind.CallbacksChanged)
            {
                heard.TrySetResult(n);
            }

            return Task.CompletedTask;
        });

        var missed = await LogAsync(agent, Missed(number, "语音留言:想问换货进度"));
        var rangAgain = await LogAsync(agent, Missed("+86 " + number));

        Assert.Equal(CallbackEffect.Opened, missed.Callback);
        Assert.Equal(ConversationStatus.Resolved, missed.ConversationStatus); // the call-back is the follow-up
        Assert.Equal((CallbackEffect.AlreadyOpen, missed.CallbackTaskId), (rangAgain.Callback, rangAgain.CallbackTaskId));
        var task = await CallbackAsync(agent, missed.CallbackTaskId!.Value);
        Assert.Equal((missed.CustomerId, missed.CallId, missed.ConversationId, CallbackStatus.Open), (task.CustomerId, task.MissedCallId, task.MissedConversationId, task.Status));
        Assert.Equal("语音留言:想问换货进度", task.MissedNotes);
        Assert.Null(task.AssigneeId);
        var line = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{rangAgain.ConversationId}/messages", Json.Options))!
            .Messages.First(m => m.Kind == MessageKind.System);
        Assert.Contains("未接", line.Body, StringComparison.Ordinal);
        Assert.Contains("已在待回电中", line.Body, StringComparison.Ordinal);
        var notice = await heard.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal((missed.CallbackTaskId, Shop), (notice.ConversationId, notice.ShopId));
    }

    [Fact]
    public async Task A_taken_call_back_is_the_takers_until_a_call_reaches_the_buyer()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        var number = NewMobile();
        var taskId = (await LogAsync(colleague, Missed(number))).CallbackTaskId!.Value;

        var taken = await (await ActAsync(agent, taskId, "take")).Content.ReadFromJsonAsync<CallbackView>(Json.Options);

        Assert.Equal((fx.World.Agent.Id, number, false), (taken!.AssigneeId, taken.Number, taken.NumberMasked)); // the taker dials it
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agent, taskId, "take")).StatusCode); // taking it again changes nothing
        await (await ActAsync(colleague, taskId, "take")).AssertProblemAsync(HttpStatusCode.Conflict, "callback_taken");
        await (await PostAsync(colleague, CallBack(taskId))).AssertProblemAsync(HttpStatusCode.Conflict, "callback_taken");
        Assert.Equal((PersonalData.MaskPhone(number), true), ((await CallbackAsync(colleague, taskId)).Number, (await CallbackAsync(colleague, taskId)).NumberMasked));

        // The first try does not reach the buyer: the task stays open, with a failed attempt.
        var tried = await LogAsync(agent, CallBack(taskId, "noAnswer"));
        Assert.Equal((CallbackEffect.StillOpen, taskId), (tried.Callback, tried.CallbackTaskId));
        var stillOpen = await CallbackAsync(agent, taskId);
        Assert.Equal((CallbackStatus.Open, 1), (stillOpen.Status, stillOpen.Attempts));

        // The second does: done, by that call, into the same customer's record.
        var reached = await LogAsync(agent, CallBack(taskId));
        Assert.Equal(CallbackEffect.Done, reached.Callback);
        Assert.Equal(ConversationStatus.Resolved, reached.ConversationStatus);
        var done = await CallbackAsync(agent, taskId, "done");
        Assert.Equal((CallbackStatus.Done, reached.CallId, fx.World.Agent.Id), (done.Status, done.DoneByCallId, done.AssigneeId));
        Assert.NotNull(done.DoneAt);
        Assert.Equal(done.CustomerId, reached.CustomerId);
        var open = await agent.Http.GetFromJsonAsync<PhonePage<CallbackView>>("/api/phone/callbacks?limit=200", Json.Options);
        Assert.DoesNotContain(open!.Items, t => t.Id == taskId);
        var line = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{reached.ConversationId}/messages", Json.Options))!
            .Messages.First(m => m.Kind == MessageKind.System);
        Assert.StartsWith("去电 " + PersonalData.MaskPhone(number), line.Body, StringComparison.Ordinal);
        Assert.Contains("回电完成", line.Body, StringComparison.Ordinal);

        // Done is done.
        await (await PostAsync(agent, CallBack(taskId))).AssertProblemAsync(HttpStatusCode.Conflict, "callback_closed");
        await (await ActAsync(agent, taskId, "take")).AssertProblemAsync(HttpStatusCode.Conflict, "callback_closed");
        await (await ActAsync(agent, taskId, "cancel")).AssertProblemAsync(HttpStatusCode.Conflict, "callback_closed");
    }

    [Fact]
    public async Task Anyone_serving_the_shop_may_answer_an_untaken_call_back_in_one_step()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var taskId = (await LogAsync(agent, Missed(NewMobile()))).CallbackTaskId!.Value;
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);

        var reached = await LogAsync(colleague, CallBack(taskId) with { ShopId = Shop });

        Assert.Equal(CallbackEffect.Done, reached.Callback);
        Assert.Equal(fx.World.Agent2.Id, (await CallbackAsync(colleague, taskId, "done")).AssigneeId);
        var another = (await LogAsync(agent, Missed(NewMobile()))).CallbackTaskId!.Value;
        await (await PostAsync(colleague, CallBack(another) with { ShopId = fx.World.OtherShop.Id }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "call_invalid"); // a call back is for the task's own shop
        Assert.Equal(CallbackStatus.Open, (await CallbackAsync(colleague, another)).Status);
    }

    [Fact]
    public async Task Only_the_taker_or_a_supervisor_cancels_a_call_back_and_other_shops_never_see_it()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await using var otherShop = await fx.SignInAsync(fx.World.OtherShopAgent);
        var untaken = (await LogAsync(agent, Missed(NewMobile()))).CallbackTaskId!.Value;
        var taken = (await LogAsync(agent, Missed(NewMobile()))).CallbackTaskId!.Value;
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agent, taken, "take")).StatusCode);

        await (await ActAsync(agent, untaken, "cancel")).AssertProblemAsync(HttpStatusCode.Forbidden, "callback_not_yours");
        await (await ActAsync(colleague, taken, "cancel")).AssertProblemAsync(HttpStatusCode.Forbidden, "callback_not_yours");
        await (await ActAsync(otherShop, taken, "take")).AssertProblemAsync(HttpStatusCode.NotFound, "callback_not_found");
        await (await ActAsync(otherShop, taken, "cancel")).AssertProblemAsync(HttpStatusCode.NotFound, "callback_not_found");
        await (await ActAsync(agent, Guid.NewGuid(), "take")).AssertProblemAsync(HttpStatusCode.NotFound, "callback_not_found");
        var elsewhere = await otherShop.Http.GetFromJsonAsync<PhonePage<CallbackView>>("/api/phone/callbacks?limit=200", Json.Options);
        Assert.DoesNotContain(elsewhere!.Items, t => t.Id == taken || t.Id == untaken);

        var byTaker = await (await ActAsync(agent, taken, "cancel")).Content.ReadFromJsonAsync<CallbackView>(Json.Options);
        var bySupervisor = await (await ActAsync(supervisor, untaken, "cancel")).Content.ReadFromJsonAsync<CallbackView>(Json.Options);

        Assert.Equal(CallbackStatus.Cancelled, byTaker!.Status);
        Assert.Equal(CallbackStatus.Cancelled, bySupervisor!.Status);
        await (await ActAsync(supervisor, untaken, "cancel")).AssertProblemAsync(HttpStatusCode.Conflict, "callback_closed");
        await (await PostAsync(agent, CallBack(untaken))).AssertProblemAsync(HttpStatusCode.Conflict, "callback_closed");
        Assert.Equal(untaken, (await CallbackAsync(supervisor, untaken, "cancelled")).Id);
    }

    [Fact]
    public async Task Numbers_are_masked_for_agents_who_need_not_see_them()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var number = NewMobile();
        var logged = await LogAsync(agent, Missed(number));

        async Task<PhoneCallView> Seen(StaffClient who) => Assert.Single(
            (await who.Http.GetFromJsonAsync<PhonePage<PhoneCallView>>($"/api/phone/calls?customerId={logged.CustomerId}", Json.Options))!.Items);

        Assert.Equal((number, false), ((await Seen(agent)).Number, (await Seen(agent)).NumberMasked)); // they logged it
        Assert.Equal((PersonalData.MaskPhone(number), true), ((await Seen(colleague)).Number, (await Seen(colleague)).NumberMasked));
        Assert.Equal((number, false), ((await Seen(supervisor)).Number, (await Seen(supervisor)).NumberMasked));
        Assert.Equal((PersonalData.MaskPhone(number), true), ((await CallbackAsync(colleague, logged.CallbackTaskId!.Value)).Number, true));
        Assert.False((await CallbackAsync(supervisor, logged.CallbackTaskId!.Value)).NumberMasked);
        // Colleagues' screens see the customer as the masked number too.
        Assert.Equal(PersonalData.MaskPhone(number), (await Seen(colleague)).CustomerName);
    }

    [Fact]
    public async Task Calls_page_newest_first_and_call_backs_oldest_first()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var number = NewMobile();
        var calls = new List<LoggedCall>();
        for (var i = 0; i < 5; i++)
        {
            calls.Add(await LogAsync(agent, Answered(number) with { StartedAt = DateTimeOffset.UtcNow.AddMinutes(-50 + i) }));
        }

        var customer = calls[0].CustomerId;
        var pages = new List<PhonePage<PhoneCallView>>();
        for (var offset = 0; offset < 6; offset += 2)
        {
            pages.Add((await agent.Http.GetFromJsonAsync<PhonePage<PhoneCallView>>($"/api/phone/calls?customerId={customer}&offset={offset}&limit=2", Json.Options))!);
        }

        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal(Enumerable.Reverse(calls).Select(c => c.CallId), pages.SelectMany(p => p.Items).Select(c => c.Id));

        var tasks = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add((await LogAsync(agent, Missed(NewMobile()))).CallbackTaskId!.Value);
        }

        var all = await agent.Http.GetFromJsonAsync<PhonePage<CallbackView>>("/api/phone/callbacks?limit=200", Json.Options);
        Assert.Equal(tasks, all!.Items.Select(t => t.Id).Where(tasks.Contains));
        Assert.True(all.Items.Zip(all.Items.Skip(1)).All(p => p.First.CreatedAt <= p.Second.CreatedAt));
        var first = await agent.Http.GetFromJsonAsync<PhonePage<CallbackView>>($"/api/phone/callbacks?shopId={Shop}&limit=1", Json.Options);
        Assert.Equal((all.Items[0].Id, true), (Assert.Single(first!.Items).Id, first.HasMore));

        await (await agent.Http.GetAsync("/api/phone/calls?offset=-1")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        await (await agent.Http.GetAsync("/api/phone/calls?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        await (await agent.Http.GetAsync("/api/phone/callbacks?limit=201")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        await (await agent.Http.GetAsync("/api/phone/callbacks?status=later")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await Clients.Http(fx.App).Http.GetAsync("/api/phone/calls")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
