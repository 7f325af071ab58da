using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>Buyer and agent over SignalR on real Kestrel: delivery, idempotency, catch-up after a drop, hub errors.</summary>
public abstract class RealtimeTests(AppFixture fx)
{
    private static BuyerSendRequest Say(string body, string? id = null, Guid? conversationId = null) =>
        new(id ?? Guid.NewGuid().ToString(), body, conversationId);

    private async Task<int> StoredCountAsync(Guid conversationId)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        return await db.Messages.CountAsync(m => m.ConversationId == conversationId);
    }

    [Fact]
    public async Task A_buyer_and_an_agent_exchange_messages_live()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var buyerHub = buyer.Hub();
        await using var agentHub = agent.AgentHub();
        var buyerInbox = new Inbox<MessageView>(buyerHub, HubEvents.MessageCreated);
        var agentInbox = new Inbox<MessageView>(agentHub, HubEvents.MessageCreated);
        await buyerHub.StartReadyAsync();
        await agentHub.StartReadyAsync();

        var hello = await buyerHub.InvokeAsync<MessageView>("SendMessage", Say("你好"));
        var seen = await agentInbox.NextAsync(m => m.Id == hello.Id);
        Assert.Equal("你好", seen.Body);
        Assert.Equal(SenderKind.Customer, seen.Sender);

        var claim = await agentHub.InvokeAsync<ConversationAssignment>("Claim", hello.ConversationId);
        Assert.Equal(fx.World.Agent.Id, claim.AgentId);
        var reply = await agentHub.InvokeAsync<MessageView>("SendMessage", new AgentSendRequest(hello.ConversationId, "a-1", "您好,请问有什么可以帮您?"));

        var received = await buyerInbox.NextAsync(m => m.Sender == SenderKind.Agent);
        Assert.Equal(reply.Id, received.Id);
        Assert.Equal(2, received.Sequence);
        Assert.Equal("小美", received.SenderName);

        // The assigned agent now hears the buyer directly.
        var next = await buyerHub.InvokeAsync<MessageView>("SendMessage", Say("这个耳机有货吗?"));
        Assert.Equal(3, (await agentInbox.NextAsync(m => m.Id == next.Id)).Sequence);
    }

    [Fact]
    public async Task Messages_committed_at_once_reach_the_agent_in_sequence_order()
    {
        // PostgreSQL writes with several threads: batches of one conversation commit one after
        // another (row locks), and their pushes must leave in that order too.
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var agentHub = agent.AgentHub();
        var agentInbox = new Inbox<MessageView>(agentHub, HubEvents.MessageCreated);
        await agentHub.StartReadyAsync();
        await using var buyerHub = buyer.Hub();
        await buyerHub.StartReadyAsync();
        var opening = await buyerHub.InvokeAsync<MessageView>("SendMessage", Say("在吗"));
        await agentHub.InvokeAsync<ConversationAssignment>("Claim", opening.ConversationId);
        Assert.Equal(opening.Id, (await agentInbox.NextAsync()).Id);
        var writer = fx.App.Services.GetRequiredService<ConversationWriter>();
        var access = new StaffAccess(fx.World.Agent.Id, fx.World.Agent.Nickname, new HashSet<Guid> { fx.World.Shop.Id }, false);

        var sent = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => writer.ExecuteAsync(
            SendMessage.FromAgent(access, opening.ConversationId, $"order-{i}", $"第 {i} 条回复"))));

        var pushed = new List<long>();
        while (pushed.Count < sent.Length)
        {
            pushed.Add((await agentInbox.NextAsync()).Sequence);
        }

        Assert.Equal(sent.Select(m => m.Sequence).Order(), pushed);
    }

    [Fact]
    public async Task The_same_client_message_id_sent_twice_is_stored_and_pushed_once()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var agentHub = agent.AgentHub();
        var agentInbox = new Inbox<MessageView>(agentHub, HubEvents.MessageCreated);
        await agentHub.StartReadyAsync();
        await using var hub = buyer.Hub();
        await hub.StartReadyAsync();
        var request = Say("只发一次", "dup-" + Guid.NewGuid().ToString("N"));

        var first = await hub.InvokeAsync<MessageView>("SendMessage", request);
        var second = await hub.InvokeAsync<MessageView>("SendMessage", request);
        var third = await hub.InvokeAsync<MessageView>("SendMessage", request with { ConversationId = first.ConversationId });
        var after = await hub.InvokeAsync<MessageView>("SendMessage", Say("下一条", conversationId: first.ConversationId));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal(first.Sequence, second.Sequence);
        Assert.Equal(2, await StoredCountAsync(first.ConversationId));
        // Pushes to one connection keep their order: once the next message is in, any second push of the first was too.
        Assert.Equal(first.Id, (await agentInbox.NextAsync()).Id);
        Assert.Equal(after.Id, (await agentInbox.NextAsync()).Id);
    }

    [Fact]
    public async Task A_buyer_who_drops_and_reconnects_gets_what_they_missed_in_order()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var agentHub = agent.AgentHub();
        await agentHub.StartReadyAsync();
        var hub = buyer.Hub();
        await hub.StartReadyAsync();
        var opening = await hub.InvokeAsync<MessageView>("SendMessage", Say("在吗?"));
        await agentHub.InvokeAsync<ConversationAssignment>("Claim", opening.ConversationId);
        var lastSeen = opening.Sequence;

        await hub.DisposeAsync(); // the buyer's phone loses signal
        var replies = new List<MessageView>();
        foreach (var text in new[] { "在的亲", "这款有现货", "今天下单明天发货" })
        {
            replies.Add(await agentHub.InvokeAsync<MessageView>("SendMessage", new AgentSendRequest(opening.ConversationId, Guid.NewGuid().ToString(), text)));
        }

        await using var again = buyer.Hub();
        await again.StartReadyAsync();
        var missed = await again.InvokeAsync<MessagePage>("GetMessagesAfter", opening.ConversationId, lastSeen);

        Assert.Equal(["在的亲", "这款有现货", "今天下单明天发货"], missed.Messages.Select(m => m.Body));
        Assert.Equal([2L, 3, 4], missed.Messages.Select(m => m.Sequence));
        Assert.False(missed.HasMore);
    }

    [Fact]
    public async Task An_agent_who_drops_and_reconnects_gets_what_they_missed_in_order()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var buyerHub = buyer.Hub();
        await buyerHub.StartReadyAsync();
        var agentHub = agent.AgentHub();
        await agentHub.StartReadyAsync();
        var opening = await buyerHub.InvokeAsync<MessageView>("SendMessage", Say("你好"));
        await agentHub.InvokeAsync<ConversationAssignment>("Claim", opening.ConversationId);
        await agentHub.DisposeAsync();

        for (var i = 1; i <= 3; i++)
        {
            await buyerHub.InvokeAsync<MessageView>("SendMessage", Say($"追问{i}"));
        }

        await using var again = agent.AgentHub();
        await again.StartReadyAsync();
        var missed = await again.InvokeAsync<MessagePage>("GetMessagesAfter", opening.ConversationId, opening.Sequence);

        Assert.Equal(["追问1", "追问2", "追问3"], missed.Messages.Select(m => m.Body));
    }

    [Fact]
    public async Task The_buyers_thread_opens_with_the_latest_messages()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var hub = buyer.Hub();
        await hub.StartReadyAsync();
        Assert.Null((await hub.InvokeAsync<BuyerThread>("GetThread", (long?)null)).ConversationId);

        for (var i = 1; i <= 3; i++)
        {
            await hub.InvokeAsync<MessageView>("SendMessage", Say($"#{i}"));
        }

        var thread = await hub.InvokeAsync<BuyerThread>("GetThread", (long?)null);
        Assert.Equal(["#1", "#2", "#3"], thread.Messages.Select(m => m.Body));
    }

    [Fact]
    public async Task Refused_hub_calls_come_back_as_clear_errors_and_store_nothing()
    {
        using var owner = await fx.NewBuyerAsync();
        using var stranger = await fx.NewBuyerAsync();
        await using var ownerHub = owner.Hub();
        await using var strangerHub = stranger.Hub();
        await ownerHub.StartReadyAsync();
        await strangerHub.StartReadyAsync();
        var theirs = await ownerHub.InvokeAsync<MessageView>("SendMessage", Say("我的会话"));

        var empty = await Assert.ThrowsAsync<HubException>(() => strangerHub.InvokeAsync<MessageView>("SendMessage", Say("  ")));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => strangerHub.InvokeAsync<MessageView>("SendMessage", Say(new string('字', 5001))));
        var intrude = await Assert.ThrowsAsync<HubException>(() =>
            strangerHub.InvokeAsync<MessageView>("SendMessage", Say("插话", conversationId: theirs.ConversationId)));
        var peek = await Assert.ThrowsAsync<HubException>(() =>
            strangerHub.InvokeAsync<MessagePage>("GetMessagesAfter", theirs.ConversationId, 0L));
        var unknown = await Assert.ThrowsAsync<HubException>(() =>
            strangerHub.InvokeAsync<MessagePage>("GetMessagesAfter", Guid.NewGuid(), 0L));
        var malformed = await Assert.ThrowsAsync<HubException>(() => strangerHub.InvokeAsync<MessageView>("SendMessage", "not an object"));
        var missing = await Assert.ThrowsAsync<HubException>(() => strangerHub.InvokeAsync<MessageView>("SendMessage", (object?)null));

        Assert.Equal(new HubRefusal("message_empty", "消息不能为空。", null, null), HubRefusal.Parse(empty.Message));
        Assert.Contains("message_too_long", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("conversation_forbidden", intrude.Message, StringComparison.Ordinal);
        Assert.Contains("conversation_forbidden", peek.Message, StringComparison.Ordinal);
        Assert.Contains("conversation_not_found", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("payload_invalid", malformed.Message, StringComparison.Ordinal);
        Assert.Contains("payload_invalid", missing.Message, StringComparison.Ordinal);
        Assert.Equal(1, await StoredCountAsync(theirs.ConversationId));
        Assert.Null((await strangerHub.InvokeAsync<BuyerThread>("GetThread", (long?)null)).ConversationId);
    }

    [Fact]
    public async Task Hub_errors_speak_the_connections_language()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var hub = buyer.Hub(culture: "en");
        await hub.StartReadyAsync();

        var empty = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<MessageView>("SendMessage", Say("")));

        Assert.Equal(new HubRefusal("message_empty", "A message cannot be empty.", null, null), HubRefusal.Parse(empty.Message));
    }

    [Fact]
    public async Task Staff_of_another_shop_hear_nothing_and_may_not_read()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var outsider = await fx.SignInAsync(fx.World.OtherShopAgent);
        await using var insider = await fx.SignInAsync(fx.World.Agent2);
        await using var outsiderHub = outsider.AgentHub();
        await using var insiderHub = insider.AgentHub();
        var outsiderInbox = new Inbox<MessageView>(outsiderHub, HubEvents.MessageCreated);
        var insiderInbox = new Inbox<MessageView>(insiderHub, HubEvents.MessageCreated);
        await outsiderHub.StartReadyAsync();
        await insiderHub.StartReadyAsync();
        await using var buyerHub = buyer.Hub();
        await buyerHub.StartReadyAsync();

        var hello = await buyerHub.InvokeAsync<MessageView>("SendMessage", Say("有人吗"));
        await insiderInbox.NextAsync(m => m.Id == hello.Id); // delivered to the shop's staff…

        Assert.False(outsiderInbox.TryTake(out _)); // …and by then not to the other shop's
        var refused = await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync<MessagePage>("GetMessagesAfter", hello.ConversationId, 0L));
        Assert.Contains("conversation_forbidden", refused.Message, StringComparison.Ordinal);
    }
}

public sealed class RealtimeTests_Sqlite(SqliteApp fx) : RealtimeTests(fx), IClassFixture<SqliteApp>;

public sealed class RealtimeTests_Postgres(PostgresApp fx) : RealtimeTests(fx), IClassFixture<PostgresApp>;
