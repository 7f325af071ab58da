using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>The write path's guarantees on a real database: one message per client id, gap-free sequences, rules.</summary>
public abstract class ConversationWriterTests(AppFixture fx)
{
    private ConversationWriter Writer => fx.App.Services.GetRequiredService<ConversationWriter>();

    private BuyerIdentity NewBuyer(TestShop? shop = null) =>
        new(Guid.NewGuid(), (shop ?? fx.World.Shop).Id, OrganisationId());

    private Guid OrganisationId()
    {
        using var db = Db();
        return db.Shops.Single(s => s.Id == fx.World.Shop.Id).OrganisationId;
    }

    private KefuDeskDbContext Db() => fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();

    private Task<MessageView> BuyerSays(BuyerIdentity buyer, string body, string? clientId = null, Guid? conversationId = null) =>
        Writer.ExecuteAsync(SendMessage.FromCustomer(buyer.OrganisationId, buyer.WebThread, conversationId,
            clientId ?? Guid.NewGuid().ToString("N"), body));

    private StaffAccess Access(TestStaff staff, bool supervise = false, params Guid[] shops) =>
        new(staff.Id, staff.Nickname, (shops.Length == 0 ? [fx.World.Shop.Id] : shops).ToHashSet(), supervise);

    [Fact]
    public async Task A_buyers_first_message_starts_a_conversation_and_records_the_visitor()
    {
        var buyer = NewBuyer();

        var first = await BuyerSays(buyer, "你好");

        Assert.Equal(1, first.Sequence);
        Assert.Equal(SenderKind.Customer, first.Sender);
        await using var db = Db();
        var conversation = await db.Conversations.SingleAsync(c => c.Id == first.ConversationId);
        Assert.Equal(buyer.CustomerId, conversation.CustomerId);
        Assert.Equal(ConversationStatus.New, conversation.Status);
        Assert.True(await db.Customers.AnyAsync(c => c.Id == buyer.CustomerId));
        Assert.Equal(2, await db.ConversationEvents.CountAsync(e => e.ConversationId == first.ConversationId)
            + await db.Messages.CountAsync(m => m.ConversationId == first.ConversationId));
    }

    [Fact]
    public async Task The_same_client_message_id_is_stored_once()
    {
        var buyer = NewBuyer();
        var id = Guid.NewGuid().ToString();

        var first = await BuyerSays(buyer, "订单什么时候发货?", id);
        var again = await BuyerSays(buyer, "订单什么时候发货?", id);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => BuyerSays(buyer, "订单什么时候发货?", id)));

        Assert.Equal(first.Id, again.Id);
        Assert.All(concurrent, m => Assert.Equal(first.Id, m.Id));
        await using var db = Db();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == first.ConversationId && m.ClientMessageId == id));
        Assert.Equal(1, (await db.Conversations.SingleAsync(c => c.Id == first.ConversationId)).LastSequence);
    }

    [Fact]
    public async Task Many_concurrent_messages_get_each_sequence_number_exactly_once()
    {
        var buyer = NewBuyer();
        var opening = await BuyerSays(buyer, "开始");

        var sent = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => BuyerSays(buyer, $"第 {i} 条", conversationId: opening.ConversationId)));

        Assert.Equal(Enumerable.Range(2, 200).Select(i => (long)i), sent.Select(m => m.Sequence).Order());
        await using var db = Db();
        var stored = await db.Messages.Where(m => m.ConversationId == opening.ConversationId).Select(m => m.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 201).Select(i => (long)i), stored.Order());
    }

    [Fact]
    public async Task Concurrent_first_messages_from_one_buyer_share_one_conversation()
    {
        var buyer = NewBuyer();

        var sent = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => BuyerSays(buyer, $"在吗 {i}")));

        Assert.Single(sent.Select(m => m.ConversationId).Distinct());
        await using var db = Db();
        Assert.Equal(1, await db.Conversations.CountAsync(c => c.CustomerId == buyer.CustomerId));
    }

    [Fact]
    public async Task A_buyer_cannot_write_into_another_buyers_conversation()
    {
        var owner = NewBuyer();
        var stranger = NewBuyer();
        var theirs = await BuyerSays(owner, "我的会话");

        var refused = await Assert.ThrowsAsync<KefuDeskException>(() => BuyerSays(stranger, "插一句", conversationId: theirs.ConversationId));

        Assert.Equal(KefuDeskError.ConversationForbidden, refused.Error);
        await using var db = Db();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == theirs.ConversationId));
        Assert.False(await db.Customers.AnyAsync(c => c.Id == stranger.CustomerId));
    }

    [Fact]
    public async Task An_unknown_conversation_is_not_found()
    {
        var refused = await Assert.ThrowsAsync<KefuDeskException>(() =>
            Writer.ExecuteAsync(SendMessage.FromAgent(Access(fx.World.Agent), Guid.NewGuid(), "x1", "您好")));

        Assert.Equal(KefuDeskError.ConversationNotFound, refused.Error);
    }

    [Fact]
    public async Task Replying_to_an_unassigned_conversation_picks_it_up()
    {
        var opening = await BuyerSays(NewBuyer(), "在吗?");

        var reply = await Writer.ExecuteAsync(SendMessage.FromAgent(Access(fx.World.Agent), opening.ConversationId, "r1", "在的亲"));

        Assert.Equal(2, reply.Sequence);
        Assert.Equal("小美", reply.SenderName);
        await using var db = Db();
        var conversation = await db.Conversations.SingleAsync(c => c.Id == opening.ConversationId);
        Assert.Equal(fx.World.Agent.Id, conversation.AssigneeId);
        Assert.Equal(ConversationStatus.Open, conversation.Status);
    }

    [Fact]
    public async Task Another_agent_cannot_reply_in_a_taken_conversation_but_a_supervisor_can()
    {
        var opening = await BuyerSays(NewBuyer(), "在吗?");
        await Writer.ExecuteAsync(new ClaimConversation(Access(fx.World.Agent), opening.ConversationId));

        var refused = await Assert.ThrowsAsync<KefuDeskException>(() =>
            Writer.ExecuteAsync(SendMessage.FromAgent(Access(fx.World.Agent2), opening.ConversationId, "x", "我来")));
        Assert.Equal(KefuDeskError.ConversationTaken, refused.Error);

        var supervisor = await Writer.ExecuteAsync(SendMessage.FromAgent(
            Access(fx.World.Supervisor, supervise: true), opening.ConversationId, "s1", "主管插话"));
        Assert.Equal(2, supervisor.Sequence);
        await using var db = Db();
        Assert.Equal(fx.World.Agent.Id, (await db.Conversations.SingleAsync(c => c.Id == opening.ConversationId)).AssigneeId);
    }

    [Fact]
    public async Task Staff_of_another_shop_may_not_touch_the_conversation()
    {
        var opening = await BuyerSays(NewBuyer(), "在吗?");
        var outsider = Access(fx.World.OtherShopAgent, false, fx.World.OtherShop.Id);

        var send = await Assert.ThrowsAsync<KefuDeskException>(() =>
            Writer.ExecuteAsync(SendMessage.FromAgent(outsider, opening.ConversationId, "o1", "你好")));
        var claim = await Assert.ThrowsAsync<KefuDeskException>(() =>
            Writer.ExecuteAsync(new ClaimConversation(outsider, opening.ConversationId)));

        Assert.Equal(KefuDeskError.ConversationForbidden, send.Error);
        Assert.Equal(KefuDeskError.ConversationForbidden, claim.Error);
    }

    [Fact]
    public async Task A_refused_command_does_not_sink_the_others_in_its_batch()
    {
        var buyer = NewBuyer();
        var opening = await BuyerSays(buyer, "开始");

        var good = Enumerable.Range(0, 20).Select(i => BuyerSays(buyer, $"好 {i}", conversationId: opening.ConversationId)).ToList();
        var bad = Writer.ExecuteAsync(SendMessage.FromCustomer(buyer.OrganisationId, NewBuyer().WebThread, opening.ConversationId, "bad", "坏"));

        await Assert.ThrowsAsync<KefuDeskException>(() => bad);
        Assert.Equal(21, (await Task.WhenAll(good)).Max(m => m.Sequence));
    }

    [Fact]
    public async Task Resolve_then_the_buyer_writing_again_reopens_it()
    {
        var buyer = NewBuyer();
        var opening = await BuyerSays(buyer, "在吗?");
        await Writer.ExecuteAsync(new ClaimConversation(Access(fx.World.Agent), opening.ConversationId));

        Assert.Equal(ConversationStatus.Resolved, await Writer.ExecuteAsync(new ResolveConversation(Access(fx.World.Agent), opening.ConversationId, fx.World.Record())));
        var again = await BuyerSays(buyer, "还有问题");

        Assert.Equal(opening.ConversationId, again.ConversationId);
        await using var db = Db();
        var conversation = await db.Conversations.SingleAsync(c => c.Id == opening.ConversationId);
        Assert.Equal(ConversationStatus.Open, conversation.Status);
        Assert.Equal(
            [ConversationEventNames.Started, ConversationEventNames.Assigned, ConversationEventNames.Resolved, ConversationEventNames.Reopened],
            await db.ConversationEvents.Where(e => e.ConversationId == opening.ConversationId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
    }

    [Fact]
    public async Task Marking_read_clears_unread_counts()
    {
        var buyer = NewBuyer();
        var opening = await BuyerSays(buyer, "一");
        await BuyerSays(buyer, "二");

        var read = await Writer.ExecuteAsync(MarkRead.ByAgent(Access(fx.World.Agent), opening.ConversationId, 2));

        Assert.Equal(2, read);
        await using var db = Db();
        Assert.Equal(0, (await db.Conversations.SingleAsync(c => c.Id == opening.ConversationId)).UnreadForAgent);
    }
}

public sealed class ConversationWriterTests_Sqlite(SqliteApp fx) : ConversationWriterTests(fx), IClassFixture<SqliteApp>;

public sealed class ConversationWriterTests_Postgres(PostgresApp fx) : ConversationWriterTests(fx), IClassFixture<PostgresApp>;
