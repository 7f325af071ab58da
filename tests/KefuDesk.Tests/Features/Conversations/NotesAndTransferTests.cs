using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Details;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>Internal notes, @mentions, transfers, recall and tags, end to end over REST and SignalR.</summary>
public abstract class NotesAndTransferTests(AppFixture fx)
{
    [Fact]
    public async Task An_internal_note_reaches_colleagues_but_never_the_buyer()
    {
        await using var s = await Scenario.StartAsync(fx);
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        await using var colleagueHub = colleague.AgentHub();
        var mentions = new Inbox<MentionNotice>(colleagueHub, HubEvents.Mentioned);
        await colleagueHub.StartReadyAsync();

        var note = await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/notes",
            new NoteRequest("note-1", "@小丽 这位是老客户,注意语气"))).Content.ReadFromJsonAsync<MessageView>(Json.Options);
        var visible = await s.AgentSaysAsync("亲,请问有什么可以帮您?");

        Assert.True(note!.Internal);
        Assert.Equal(note.Id, (await s.AgentInbox.NextAsync(m => m.Internal)).Id);
        Assert.Equal(s.ConversationId, (await mentions.NextAsync()).ConversationId);
        // The buyer hears the visible reply, and the note never: not pushed, not in the thread, not in catch-up.
        Assert.Equal(visible.Id, (await s.BuyerInbox.NextAsync(m => m.Sender == SenderKind.Agent)).Id);
        Assert.False(s.BuyerInbox.TryTake(out _));
        var thread = await s.BuyerHub.InvokeAsync<BuyerThread>("GetThread", (long?)null);
        Assert.DoesNotContain(thread.Messages, m => m.Internal || m.Body.Contains("老客户", StringComparison.Ordinal));
        var after = await s.Buyer.Http.GetFromJsonAsync<MessagePage>($"/api/widget/conversations/{s.ConversationId}/messages?after=0", Json.Options);
        Assert.Equal(["你好,在吗?", "亲,请问有什么可以帮您?"], after!.Messages.Select(m => m.Body));
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        Assert.True(await db.MessageMentions.AnyAsync(m => m.MessageId == note.Id && m.AgentId == fx.World.Agent2.Id));
    }

    [Fact]
    public async Task A_transfer_hands_the_buyer_to_a_colleague_with_a_note_and_tells_the_buyer()
    {
        await using var s = await Scenario.StartAsync(fx);
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        using var atWork = await fx.AtWorkAsync(fx.World.Agent2);
        await s.AgentSaysAsync("亲，在的。");

        var transferred = await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/transfer",
            new TransferBody(fx.World.Agent2.Id, null, "买家想退货,请帮忙处理"));

        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);
        var told = await s.BuyerInbox.NextAsync(m => m.Sender == SenderKind.System);
        Assert.Contains("小丽", told.Body, StringComparison.Ordinal);
        var thread = await colleague.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{s.ConversationId}/messages", Json.Options);
        Assert.Contains(thread!.Messages, m => m.Internal && m.Body.Contains("买家想退货", StringComparison.Ordinal));
        var mine = await colleague.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=mine&limit=200", Json.Options);
        Assert.Contains(mine!.Items, c => c.Id == s.ConversationId);
        // The first agent no longer holds it.
        await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/messages", new { clientMessageId = "late", body = "我还在" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conversation_taken");
        var facts = await colleague.Http.GetFromJsonAsync<ConversationFacts>($"/api/conversations/{s.ConversationId}/facts", Json.Options);
        Assert.Contains(facts!.History, h => h.Type == ConversationEventNames.Transferred && h.AgentName == "小丽(全名)" && h.Detail == "买家想退货,请帮忙处理");

        // 会话记录 names the colleague who has it now, and the first agent as one who also answered.
        var transcript = await colleague.Http.GetFromJsonAsync<KefuDesk.Features.Search.Transcripts.Transcript>(
            $"/api/conversations/{s.ConversationId}/transcript", Json.Options);
        Assert.Equal("小丽(全名)", transcript!.Assignee?.Name);
        Assert.Contains(transcript.Agents, a => a.Name == "小美(全名)");
    }

    [Fact]
    public async Task A_transfer_to_a_colleague_on_a_break_is_refused_with_their_status_and_the_buyer_hears_nothing()
    {
        await using var s = await Scenario.StartAsync(fx);
        using var atWork = await fx.AtWorkAsync(fx.World.Agent2);
        var statuses = fx.App.Services.GetRequiredService<AgentStatuses>();
        await statuses.ChooseAsync(fx.World.Agent2.Id, AgentStatus.Break, bySupervisor: false);
        try
        {
            var targets = await s.Agent.Http.GetFromJsonAsync<TransferTargets>($"/api/conversations/{s.ConversationId}/transfer-targets", Json.Options);
            var xiaoli = targets!.Agents.Single(a => a.AgentId == fx.World.Agent2.Id);
            Assert.Equal((AgentStatus.Break, false), (xiaoli.Status, xiaoli.TakesTransfers));

            await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/transfer", new TransferBody(fx.World.Agent2.Id, null, null)))
                .AssertProblemAsync(HttpStatusCode.Conflict, "transfer_agent_unavailable");
            var summary = await s.Agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{s.ConversationId}", Json.Options);
            Assert.Equal(fx.World.Agent.Id, summary!.AssigneeId);
            Assert.False(s.BuyerInbox.TryTake(out _));

            // Back from the break, 小丽 is listed as 在线 with her load and takes it.
            await statuses.ChooseAsync(fx.World.Agent2.Id, AgentStatus.Online, bySupervisor: false);
            targets = await s.Agent.Http.GetFromJsonAsync<TransferTargets>($"/api/conversations/{s.ConversationId}/transfer-targets", Json.Options);
            Assert.True(targets!.Agents.Single(a => a.AgentId == fx.World.Agent2.Id) is { Status: AgentStatus.Online, TakesTransfers: true });
            (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/transfer", new TransferBody(fx.World.Agent2.Id, null, null)))
                .EnsureSuccessStatusCode();
        }
        finally
        {
            await statuses.ChooseAsync(fx.World.Agent2.Id, AgentStatus.Online, bySupervisor: false);
        }
    }

    [Fact]
    public async Task A_transfer_to_a_group_queues_the_conversation_for_anyone_in_it()
    {
        await using var s = await Scenario.StartAsync(fx);
        var targets = await s.Agent.Http.GetFromJsonAsync<TransferTargets>($"/api/conversations/{s.ConversationId}/transfer-targets", Json.Options);
        var afterSales = targets!.Groups.Single(g => g.Name == "售后");
        Assert.Contains(targets.Agents, a => a.AgentId == fx.World.Agent2.Id);
        Assert.DoesNotContain(targets.Agents, a => a.AgentId == fx.World.Agent.Id);

        var status = await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/transfer", new TransferBody(null, afterSales.Id, null)))
            .Content.ReadFromJsonAsync<ConversationStatus>(Json.Options);

        Assert.Equal(ConversationStatus.Queued, status);
        var waiting = await s.Agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=unassigned&limit=200", Json.Options);
        Assert.Contains(waiting!.Items, c => c.Id == s.ConversationId && c.Status == ConversationStatus.Queued);
    }

    [Fact]
    public async Task Transfers_to_nobody_or_to_staff_of_another_shop_are_refused()
    {
        await using var s = await Scenario.StartAsync(fx);

        await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/transfer", new TransferBody(null, null, null)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "transfer_invalid");
        await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/transfer", new TransferBody(fx.World.OtherShopAgent.Id, null, null)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "transfer_invalid");
        await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/transfer", new TransferBody(Guid.NewGuid(), Guid.NewGuid(), null)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "transfer_invalid");
    }

    [Fact]
    public async Task A_recalled_message_is_gone_for_the_buyer_and_marked_for_staff()
    {
        await using var s = await Scenario.StartAsync(fx);
        var oops = await s.AgentSaysAsync("这款打 5 折");
        await s.BuyerInbox.NextAsync(m => m.Id == oops.Id);
        var recalls = new Inbox<RecallNotice>(s.BuyerHub, HubEvents.MessageRecalled);

        var recalled = await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages/{oops.Id}/recall", null);

        Assert.Equal(HttpStatusCode.OK, recalled.StatusCode);
        Assert.Equal(oops.Id, (await recalls.NextAsync()).MessageId);
        var buyerView = (await s.BuyerHub.InvokeAsync<BuyerThread>("GetThread", (long?)null)).Messages.Single(m => m.Id == oops.Id);
        Assert.True(buyerView.Recalled);
        Assert.Equal("", buyerView.Body);
        var staffView = (await s.Agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{s.ConversationId}/messages", Json.Options))!
            .Messages.Single(m => m.Id == oops.Id);
        Assert.True(staffView.Recalled);
        Assert.Equal("这款打 5 折", staffView.Body);
        await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages/{oops.Id}/recall", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "recall_already");
        await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages/{s.Opening.Id}/recall", null))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "recall_not_yours");
        await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages/{Guid.NewGuid()}/recall", null))
            .AssertProblemAsync(HttpStatusCode.NotFound, "message_not_found");
    }

    [Fact]
    public async Task Tags_are_added_removed_and_filter_the_list()
    {
        await using var s = await Scenario.StartAsync(fx);
        var tag = "大客户" + fx.Provider.ToString()[..2];

        var tags = await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/tags", new TagBody(tag)))
            .Content.ReadFromJsonAsync<List<string>>(Json.Options);
        Assert.Equal([tag], tags);

        var tagged = await s.Agent.Http.GetFromJsonAsync<ConversationListPage>($"/api/conversations?filter=mine&tag={Uri.EscapeDataString(tag)}", Json.Options);
        Assert.Equal(s.ConversationId, Assert.Single(tagged!.Items).Id);
        Assert.Equal([tag], tagged.Items[0].Tags);
        await using (var supervisor = await fx.SignInAsync(fx.World.Supervisor)) // every conversation with the tag is a supervisor's list
        {
            var all = await supervisor.Http.GetFromJsonAsync<ConversationListPage>($"/api/conversations?filter=all&tag={Uri.EscapeDataString(tag)}", Json.Options);
            Assert.Equal(s.ConversationId, Assert.Single(all!.Items).Id);
        }

        await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/tags", new TagBody(new string('x', 21))))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "tag_invalid");
        var removed = await (await s.Agent.Http.DeleteAsync($"/api/conversations/{s.ConversationId}/tags/{Uri.EscapeDataString(tag)}"))
            .Content.ReadFromJsonAsync<List<string>>(Json.Options);
        Assert.Empty(removed!);
    }

    [Fact]
    public async Task Waiting_and_pending_lists_follow_who_wrote_last()
    {
        await using var s = await Scenario.StartAsync(fx);
        async Task<bool> InList(string filter) =>
            (await s.Agent.Http.GetFromJsonAsync<ConversationListPage>($"/api/conversations?filter={filter}&limit=200", Json.Options))!
            .Items.Any(c => c.Id == s.ConversationId);

        Assert.True(await InList("waiting"));
        await s.AgentSaysAsync("稍等,我帮您查一下尺码");
        Assert.False(await InList("waiting"));

        Assert.Equal(HttpStatusCode.OK, (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/pend", null)).StatusCode);
        Assert.True(await InList("pending"));
        await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/pend", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conversation_not_open");

        await s.BuyerSaysAsync("我穿 L 码");
        Assert.False(await InList("pending"));
        Assert.True(await InList("waiting"));
    }

    [Fact]
    public async Task Replying_reads_what_the_buyer_wrote_and_writing_counts_as_delivered()
    {
        await using var s = await Scenario.StartAsync(fx);
        var readByAgent = new Inbox<ReadNotice>(s.BuyerHub, HubEvents.ConversationRead);
        var second = await s.BuyerSaysAsync("还有一个问题");
        await s.AgentSaysAsync("您说");

        // The buyer sees 已读 on both of their messages without the agent marking anything.
        Assert.Equal(second.Sequence, (await readByAgent.NextAsync(n => n.Reader == SenderKind.Agent)).Sequence);
        var summary = (await s.Agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{s.ConversationId}", Json.Options))!;
        Assert.True(summary.CustomerDeliveredSequence >= second.Sequence);

        // Nothing new to read: a second reply in a row says nothing.
        var third = await s.AgentSaysAsync("请讲");
        await s.BuyerSaysAsync("好的");
        await s.AgentSaysAsync("收到");
        Assert.Equal(third.Sequence + 1, (await readByAgent.NextAsync(n => n.Reader == SenderKind.Agent)).Sequence);
    }

    [Fact]
    public async Task Read_delivered_and_typing_travel_to_the_other_side()
    {
        await using var s = await Scenario.StartAsync(fx);
        var readByBuyer = new Inbox<ReadNotice>(s.AgentHub, HubEvents.ConversationRead);
        var delivered = new Inbox<ReadNotice>(s.AgentHub, HubEvents.ConversationDelivered);
        var readByAgent = new Inbox<ReadNotice>(s.BuyerHub, HubEvents.ConversationRead);
        var buyerTyping = new Inbox<TypingNotice>(s.AgentHub, HubEvents.Typing);
        var agentTyping = new Inbox<TypingNotice>(s.BuyerHub, HubEvents.Typing);
        var reply = await s.AgentSaysAsync("在的");

        await s.BuyerHub.InvokeAsync<long>("MarkDelivered", s.ConversationId, reply.Sequence);
        await s.BuyerHub.InvokeAsync<long>("MarkRead", s.ConversationId, reply.Sequence);
        await s.BuyerHub.InvokeAsync("Typing", s.ConversationId, true);
        await s.AgentHub.InvokeAsync("Typing", s.ConversationId, true);
        await s.BuyerSaysAsync("好的");
        await s.AgentHub.InvokeAsync<long>("MarkRead", s.ConversationId, reply.Sequence + 1);

        Assert.Equal(reply.Sequence, (await delivered.NextAsync()).Sequence);
        Assert.Equal(reply.Sequence, (await readByBuyer.NextAsync()).Sequence);
        Assert.True((await buyerTyping.NextAsync()).Typing);
        Assert.Equal(SenderKind.Agent, (await agentTyping.NextAsync()).Who);
        Assert.Equal(reply.Sequence + 1, (await readByAgent.NextAsync(n => n.Reader == SenderKind.Agent && n.Sequence > reply.Sequence)).Sequence);
        var summary = await s.Agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{s.ConversationId}", Json.Options);
        Assert.True(summary!.CustomerReadSequence >= reply.Sequence);
    }

    [Fact]
    public async Task Agents_send_product_and_order_cards_and_buyers_only_their_own_orders()
    {
        await using var s = await Scenario.StartAsync(fx);
        var (productId, orderId, strangersOrder) = await ShopDataAsync(s.Buyer.Session.CustomerId);

        var product = await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/messages",
            new { clientMessageId = "card-p", body = "推荐这款", productId })).Content.ReadFromJsonAsync<MessageView>(Json.Options);
        var order = await s.BuyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("card-o", "我想问这个订单", null, OrderId: orderId));

        Assert.Equal(MessageKind.ProductCard, product!.Kind);
        Assert.Equal("测试商品", product.Product!.Title);
        Assert.Equal(MessageKind.ProductCard, (await s.BuyerInbox.NextAsync(m => m.Id == product.Id)).Kind);
        Assert.Equal(MessageKind.OrderCard, order.Kind);
        Assert.Equal("T-1001", order.Order!.OrderNo);
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            s.BuyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("card-x", "", null, OrderId: strangersOrder)));
        Assert.Contains("order_not_found", refused.Message, StringComparison.Ordinal);
        await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/messages",
                new { clientMessageId = "card-2", body = "", productId = Guid.NewGuid(), orderId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
    }

    private async Task<(Guid Product, Guid Order, Guid StrangersOrder)> ShopDataAsync(Guid customerId)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        var shop = fx.World.Shop.Id;
        var product = new KefuDesk.Features.Shop.Product(Guid.NewGuid(), shop, "T-" + Guid.NewGuid().ToString("N")[..8], "测试商品", 9900, 5, "/demo/products/bottle.svg", DateTime.UtcNow);
        var stranger = KefuDesk.Features.Customers.Customer.KnownBuyer(Guid.NewGuid(), db.Shops.Single(s => s.Id == shop).OrganisationId, "路人", null, null, DateTime.UtcNow);
        var mine = new KefuDesk.Features.Shop.Order(Guid.NewGuid(), shop, customerId, "T-1001", KefuDesk.Features.Shop.OrderStatus.Shipped, DateTime.UtcNow, "我", "13800000000", "上海");
        mine.AddItem(Guid.NewGuid(), product.Id, product.Sku, product.Title, product.PriceFen, 1);
        var theirs = new KefuDesk.Features.Shop.Order(Guid.NewGuid(), shop, stranger.Id, "T-" + Guid.NewGuid().ToString("N")[..8], KefuDesk.Features.Shop.OrderStatus.Shipped, DateTime.UtcNow, "他", "13900000000", "北京");
        db.AddRange(product, stranger, mine, theirs);
        await db.SaveChangesAsync();
        return (product.Id, mine.Id, theirs.Id);
    }
}

public sealed class NotesAndTransferTests_Sqlite(SqliteApp fx) : NotesAndTransferTests(fx), IClassFixture<SqliteApp>;

public sealed class NotesAndTransferTests_Postgres(PostgresApp fx) : NotesAndTransferTests(fx), IClassFixture<PostgresApp>;
