using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>The staff REST API over a real node and database.</summary>
public abstract class ConversationsApiTests(AppFixture fx)
{
    private async Task<MessageView> BuyerOpensAsync(string text = "在吗?", TestShop? shop = null)
    {
        using var buyer = await fx.NewBuyerAsync(shop);
        var response = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body = text });
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    [Fact]
    public async Task A_new_buyer_waits_in_the_unassigned_list_until_an_agent_claims_it()
    {
        var opening = await BuyerOpensAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        var waiting = (await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=unassigned&limit=200", Json.Options))!;
        Assert.Contains(waiting.Items, c => c.Id == opening.ConversationId && c.UnreadForAgent == 1 && c.Status == ConversationStatus.New);

        var claimed = await agent.Http.PostAsync($"/api/conversations/{opening.ConversationId}/claim", null);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);

        var mine = (await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=mine&limit=200", Json.Options))!;
        var row = Assert.Single(mine.Items, c => c.Id == opening.ConversationId);
        Assert.Equal(ConversationStatus.Open, row.Status);
        Assert.Equal(fx.World.Agent.Id, row.AssigneeId);
        Assert.Equal("测试旗舰店", row.ShopName);
    }

    [Fact]
    public async Task An_agent_replies_and_reads_the_thread()
    {
        var opening = await BuyerOpensAsync("你好");
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        var reply = await agent.Http.PostAsJsonAsync($"/api/conversations/{opening.ConversationId}/messages",
            new { clientMessageId = "reply-1", body = "您好,很高兴为您服务" }, Json.Options);
        var again = await agent.Http.PostAsJsonAsync($"/api/conversations/{opening.ConversationId}/messages",
            new { clientMessageId = "reply-1", body = "您好,很高兴为您服务" }, Json.Options);
        var page = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{opening.ConversationId}/messages", Json.Options))!;

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal((await reply.Content.ReadFromJsonAsync<MessageView>(Json.Options))!.Id,
            (await again.Content.ReadFromJsonAsync<MessageView>(Json.Options))!.Id);
        Assert.Equal(["你好", "您好,很高兴为您服务"], page.Messages.Select(m => m.Body));
        Assert.Equal([SenderKind.Customer, SenderKind.Agent], page.Messages.Select(m => m.Sender));
    }

    [Fact]
    public async Task Messages_page_backwards_and_catch_up_forwards()
    {
        using var buyer = await fx.NewBuyerAsync();
        Guid conversation = default;
        for (var i = 1; i <= 7; i++)
        {
            var r = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = $"m{i}", body = $"#{i}" });
            conversation = (await r.Content.ReadFromJsonAsync<MessageView>(Json.Options))!.ConversationId;
        }

        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var latest = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{conversation}/messages?limit=3", Json.Options))!;
        var older = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{conversation}/messages?before=5&limit=3", Json.Options))!;
        var after = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{conversation}/messages?after=4&limit=2", Json.Options))!;

        Assert.Equal([5L, 6, 7], latest.Messages.Select(m => m.Sequence));
        Assert.True(latest.HasMore);
        Assert.Equal([2L, 3, 4], older.Messages.Select(m => m.Sequence));
        Assert.Equal([5L, 6], after.Messages.Select(m => m.Sequence));
        Assert.True(after.HasMore);
    }

    [Fact]
    public async Task A_colleague_cannot_take_over_but_gets_a_clear_conflict()
    {
        var opening = await BuyerOpensAsync();
        await using var first = await fx.SignInAsync(fx.World.Agent);
        await using var second = await fx.SignInAsync(fx.World.Agent2);
        await first.Http.PostAsync($"/api/conversations/{opening.ConversationId}/claim", null);

        await (await second.Http.PostAsync($"/api/conversations/{opening.ConversationId}/claim", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conversation_taken");
        await (await second.Http.PostAsJsonAsync($"/api/conversations/{opening.ConversationId}/messages", new { clientMessageId = "x", body = "我来" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conversation_taken");
        await (await second.Http.PostAsJsonAsync($"/api/conversations/{opening.ConversationId}/resolve", new ResolveBody(fx.World.CategoryId, "x", null)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conversation_taken");
    }

    [Fact]
    public async Task Resolving_and_marking_read_work_for_the_assignee()
    {
        var opening = await BuyerOpensAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await agent.Http.PostAsync($"/api/conversations/{opening.ConversationId}/claim", null);

        var read = await agent.Http.PostAsJsonAsync($"/api/conversations/{opening.ConversationId}/read", new MarkReadRequest(1));
        await (await agent.Http.PostAsync($"/api/conversations/{opening.ConversationId}/resolve", null))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "record_required");
        var resolved = await agent.Http.PostAsJsonAsync($"/api/conversations/{opening.ConversationId}/resolve",
            new ResolveBody(fx.World.CategoryId, "买家问库存,已答复有货", ["库存"]), Json.Options);
        var summary = (await agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{opening.ConversationId}", Json.Options))!;

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(ConversationStatus.Resolved, summary.Status);
        Assert.Equal(0, summary.UnreadForAgent);
        Assert.Equal(["库存"], summary.Tags);
        await (await agent.Http.PostAsJsonAsync($"/api/conversations/{opening.ConversationId}/resolve", new ResolveBody(fx.World.CategoryId, "again", null)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conversation_not_open");
    }

    [Fact]
    public async Task Staff_see_only_the_shops_they_serve()
    {
        var elsewhere = await BuyerOpensAsync("京东店的问题", fx.World.OtherShop);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var jd = await fx.SignInAsync(fx.World.OtherShopAgent);

        var list = (await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=unassigned&limit=200", Json.Options))!;
        Assert.DoesNotContain(list.Items, c => c.Id == elsewhere.ConversationId);
        await (await agent.Http.GetAsync($"/api/conversations/{elsewhere.ConversationId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "conversation_forbidden");
        await (await agent.Http.GetAsync($"/api/conversations/{elsewhere.ConversationId}/messages")).AssertProblemAsync(HttpStatusCode.Forbidden, "conversation_forbidden");
        await (await agent.Http.PostAsJsonAsync($"/api/conversations/{elsewhere.ConversationId}/messages", new { clientMessageId = "x", body = "hi" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "conversation_forbidden");

        var theirs = (await jd.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=unassigned&limit=200", Json.Options))!;
        Assert.Contains(theirs.Items, c => c.Id == elsewhere.ConversationId);
    }

    [Fact]
    public async Task Only_supervisors_list_all_conversations_an_agent_is_refused_at_the_api_and_in_the_workspace_query()
    {
        var colleagues = await BuyerOpensAsync("小丽接待的买家");
        var mine = await BuyerOpensAsync("小美接待的买家");
        await using var xiaomei = await fx.SignInAsync(fx.World.Agent);
        await using var xiaoli = await fx.SignInAsync(fx.World.Agent2);
        Assert.Equal(HttpStatusCode.OK, (await xiaoli.Http.PostAsync($"/api/conversations/{colleagues.ConversationId}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xiaomei.Http.PostAsync($"/api/conversations/{mine.ConversationId}/claim", null)).StatusCode);

        foreach (var query in new[] { "filter=all", "filter=All&limit=200", $"filter=all&shopId={fx.World.Shop.Id}", "filter=all&tag=x&channel=web" })
        {
            var refused = await (await xiaomei.Http.GetAsync("/api/conversations?" + query))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "conversation_list_supervisor_only");
            Assert.Equal(403, refused.GetProperty("status").GetInt32());
        }

        // The workspace reads its lists through the same query.
        var queries = fx.App.Services.GetRequiredService<ConversationQueries>();
        var agent = new StaffAccess(fx.World.Agent.Id, fx.World.Agent.Nickname, new HashSet<Guid> { fx.World.Shop.Id }, MaySupervise: false);
        var thrown = await Assert.ThrowsAsync<KefuDeskException>(() => queries.ListAsync(agent, new ConversationListQuery(ConversationFilter.All)));
        Assert.Equal(KefuDeskError.ConversationListSupervisorOnly, thrown.Error);

        // Her own lists still work and hold no colleague's conversation; a supervisor's "all" holds both.
        var own = (await xiaomei.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=mine&limit=200", Json.Options))!;
        Assert.Contains(own.Items, c => c.Id == mine.ConversationId);
        Assert.DoesNotContain(own.Items, c => c.Id == colleagues.ConversationId);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var all = (await supervisor.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=all&limit=200", Json.Options))!;
        Assert.Contains(all.Items, c => c.Id == mine.ConversationId);
        Assert.Contains(all.Items, c => c.Id == colleagues.ConversationId);
    }

    [Fact]
    public async Task Waiting_lists_every_buyer_no_person_has_answered_oldest_first_and_automatic_replies_answer_nobody()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        using var firstBuyer = await fx.NewBuyerAsync();
        var first = await WritesAsync(firstBuyer, "降噪耳机有现货吗？");
        var second = await BuyerOpensAsync("可以开发票吗？");
        foreach (var id in new[] { first.ConversationId, second.ConversationId })
        {
            (await agent.Http.PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        }

        // An automatic please-wait goes to the first buyer: the last word is the system's, the buyer still waits.
        await using (var scope = fx.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KefuDesk.Infrastructure.Data.KefuDeskDbContext>();
            var wrote = db.Conversations.Where(c => c.Id == first.ConversationId).Select(c => c.LastCustomerMessageAt).Single()!.Value;
            Assert.True(await fx.App.Services.GetRequiredService<ConversationWriter>()
                .ExecuteAsync(new KefuDesk.Features.Routing.Dispatch.SendWaitNotice(first.ConversationId, wrote, "客服正在为您查询，请稍候。", "小美")));
        }

        var countsBefore = (await agent.Http.GetFromJsonAsync<ConversationCounts>("/api/conversations/counts", Json.Options))!;
        var waiting = await WaitingAsync(agent, first.ConversationId, second.ConversationId);
        Assert.Equal([first.ConversationId, second.ConversationId], waiting.Select(c => c.Id)); // oldest wait first
        Assert.Equal(SenderKind.Bot, waiting[0].LastSender);
        Assert.Equal("降噪耳机有现货吗？", waiting[0].LastCustomerPreview);
        Assert.True(waiting[0].AwaitingReplySince <= waiting[1].AwaitingReplySince);

        // The agent answers the first buyer: it leaves 待回复, the count drops by one; a new question brings it back, waiting from then.
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{first.ConversationId}/messages",
            new { clientMessageId = "w-1", body = "亲，有现货的，今天下单今天发。" }, Json.Options)).EnsureSuccessStatusCode();
        Assert.Equal([second.ConversationId], (await WaitingAsync(agent, first.ConversationId, second.ConversationId)).Select(c => c.Id));
        var countsAfter = (await agent.Http.GetFromJsonAsync<ConversationCounts>("/api/conversations/counts", Json.Options))!;
        Assert.Equal(countsBefore.Waiting - 1, countsAfter.Waiting);

        var again = await WritesAsync(firstBuyer, "那蓝色的呢？");
        Assert.Equal(first.ConversationId, again.ConversationId);
        var back = await WaitingAsync(agent, first.ConversationId, second.ConversationId);
        Assert.Equal([second.ConversationId, first.ConversationId], back.Select(c => c.Id));
        Assert.Equal("那蓝色的呢？", back[1].LastCustomerPreview);
        Assert.True(back[1].AwaitingReplySince > back[0].AwaitingReplySince);
    }

    private static async Task<MessageView> WritesAsync(BuyerClient buyer, string text)
    {
        var response = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body = text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    private static async Task<List<ConversationSummary>> WaitingAsync(StaffClient agent, params Guid[] among)
    {
        var page = (await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=waiting&limit=200", Json.Options))!;
        return page.Items.Where(c => among.Contains(c.Id)).ToList();
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_changes_nothing()
    {
        var opening = await BuyerOpensAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var url = $"/api/conversations/{opening.ConversationId}";

        await (await agent.Http.PostAsJsonAsync(url + "/messages", new { clientMessageId = "e1", body = "" })).AssertProblemAsync(HttpStatusCode.BadRequest, "message_empty");
        await (await agent.Http.PostAsJsonAsync(url + "/messages", new { clientMessageId = "e2", body = new string('x', 5001) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "message_too_long");
        await (await agent.Http.PostAsync(url + "/messages", new StringContent("[1,2", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await agent.Http.GetAsync("/api/conversations?filter=everything")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await agent.Http.GetAsync("/api/conversations?limit=100000")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        await (await agent.Http.GetAsync($"/api/conversations/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");
        await (await agent.Http.PostAsJsonAsync($"/api/conversations/{Guid.NewGuid()}/messages", new { clientMessageId = "e3", body = "hi" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");

        var page = (await agent.Http.GetFromJsonAsync<MessagePage>(url + "/messages", Json.Options))!;
        Assert.Single(page.Messages);
        var summary = (await agent.Http.GetFromJsonAsync<ConversationSummary>(url, Json.Options))!;
        Assert.Null(summary.AssigneeId);
    }
}

public sealed class ConversationsApiTests_Sqlite(SqliteApp fx) : ConversationsApiTests(fx), IClassFixture<SqliteApp>;

public sealed class ConversationsApiTests_Postgres(PostgresApp fx) : ConversationsApiTests(fx), IClassFixture<PostgresApp>;
