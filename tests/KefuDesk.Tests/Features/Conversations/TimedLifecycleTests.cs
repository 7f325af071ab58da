using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Details;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>What time does to conversations, on a clock the test moves: reopen window, auto-resolve, recall limit.</summary>
public abstract class TimedLifecycleTests(AppFixture fx)
{
    private ManualClock Clock => fx.Clock!;

    private Task RunHousekeepingAsync() => fx.App.Services.GetRequiredService<ConversationHousekeeping>().RunOnceAsync(CancellationToken.None);

    private async Task ResolveAsync(Scenario s) =>
        Assert.Equal(HttpStatusCode.OK, (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/resolve",
            new ResolveBody(fx.World.CategoryId, "已解答", null), Json.Options)).StatusCode);

    private async Task<ConversationSummary> SummaryAsync(Scenario s, Guid id) =>
        (await s.Agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{id}", Json.Options))!;

    [Fact]
    public async Task Within_the_reopen_window_the_buyer_returns_to_the_same_conversation()
    {
        await using var s = await Scenario.StartAsync(fx);
        await s.AgentSaysAsync("已帮您备注");
        await ResolveAsync(s);

        Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await s.BuyerSaysAsync("还有,能开发票吗?");

        Assert.Equal(s.ConversationId, again.ConversationId);
        var summary = await SummaryAsync(s, s.ConversationId);
        Assert.Equal(ConversationStatus.Open, summary.Status);
        Assert.Equal(fx.World.Agent.Id, summary.AssigneeId);
    }

    [Fact]
    public async Task After_the_window_the_old_conversation_closes_and_a_new_one_starts()
    {
        await using var s = await Scenario.StartAsync(fx);
        await ResolveAsync(s);

        Clock.Advance(TimeSpan.FromMinutes(31));
        var fresh = await s.BuyerSaysAsync("我又来了");

        Assert.NotEqual(s.ConversationId, fresh.ConversationId);
        Assert.Equal(1, fresh.Sequence);
        Assert.Equal(ConversationStatus.Closed, (await SummaryAsync(s, s.ConversationId)).Status);
        var fresher = await SummaryAsync(s, fresh.ConversationId);
        Assert.Equal(ConversationStatus.New, fresher.Status);
        Assert.Null(fresher.AssigneeId);
        var thread = await s.BuyerHub.InvokeAsync<BuyerThread>("GetThread", (long?)null);
        Assert.Equal(fresh.ConversationId, thread.ConversationId);
    }

    [Fact]
    public async Task A_quiet_conversation_resolves_itself_with_the_shops_words_but_never_while_the_buyer_waits()
    {
        await using var answered = await Scenario.StartAsync(fx);
        await answered.AgentSaysAsync("已为您修改地址");
        await using var waiting = await Scenario.StartAsync(fx, opening: "还没人回我吗?");

        Clock.Advance(TimeSpan.FromMinutes(31));
        await RunHousekeepingAsync();

        var closing = await answered.BuyerInbox.NextAsync(m => m.Sender == SenderKind.System && m.Kind == MessageKind.System);
        Assert.Contains("会话已结束", closing.Body, StringComparison.Ordinal);
        Assert.Equal(MessageKind.Survey, (await answered.BuyerInbox.NextAsync(m => m.Kind == MessageKind.Survey)).Kind);
        Assert.Equal(ConversationStatus.Resolved, (await SummaryAsync(answered, answered.ConversationId)).Status);
        var facts = await answered.Agent.Http.GetFromJsonAsync<ConversationFacts>($"/api/conversations/{answered.ConversationId}/facts", Json.Options);
        Assert.True(Assert.Single(facts!.Records).Automatic);
        Assert.Equal(ConversationStatus.Open, (await SummaryAsync(waiting, waiting.ConversationId)).Status);
    }

    [Fact]
    public async Task Housekeeping_closes_resolved_conversations_once_their_window_has_passed()
    {
        await using var s = await Scenario.StartAsync(fx);
        await ResolveAsync(s);

        Clock.Advance(TimeSpan.FromMinutes(29));
        await RunHousekeepingAsync();
        Assert.Equal(ConversationStatus.Resolved, (await SummaryAsync(s, s.ConversationId)).Status);

        Clock.Advance(TimeSpan.FromMinutes(2));
        await RunHousekeepingAsync();
        Assert.Equal(ConversationStatus.Closed, (await SummaryAsync(s, s.ConversationId)).Status);
    }

    [Fact]
    public async Task A_message_can_be_recalled_for_two_minutes_and_not_after()
    {
        await using var s = await Scenario.StartAsync(fx);
        var early = await s.AgentSaysAsync("发早了");
        var late = await s.AgentSaysAsync("发晚了");

        Clock.Advance(TimeSpan.FromSeconds(110));
        Assert.Equal(HttpStatusCode.OK, (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages/{early.Id}/recall", null)).StatusCode);
        Clock.Advance(TimeSpan.FromSeconds(11));
        await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages/{late.Id}/recall", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "recall_too_late");
    }
}

public sealed class TimedLifecycleTests_Sqlite(ClockedSqliteApp fx) : TimedLifecycleTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class TimedLifecycleTests_Postgres(ClockedPostgresApp fx) : TimedLifecycleTests(fx), IClassFixture<ClockedPostgresApp>;
