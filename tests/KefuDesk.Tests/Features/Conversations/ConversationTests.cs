using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>The conversation's guarded transitions, without a database.</summary>
public sealed class ConversationTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid AgentId = Guid.NewGuid();

    private static Conversation Start() =>
        Conversation.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Channel.Web, "web", null, T0);

    private static Message Say(Conversation c, MessageAuthor who, string text = "你好") =>
        c.Append(Guid.NewGuid(), who, Guid.NewGuid().ToString("N"), text, T0.AddMinutes(c.LastSequence + 1));

    [Fact]
    public void A_new_conversation_is_new_unassigned_and_says_it_started()
    {
        var c = Start();

        Assert.Equal(ConversationStatus.New, c.Status);
        Assert.Null(c.AssigneeId);
        Assert.Equal(0, c.LastSequence);
        Assert.IsType<ConversationStarted>(Assert.Single(c.TakeEvents()));
        Assert.Equal(ConversationEventNames.Started, Assert.Single(c.History).Type);
    }

    [Fact]
    public void Messages_get_consecutive_sequence_numbers_from_one()
    {
        var c = Start();
        var messages = Enumerable.Range(0, 5).Select(_ => Say(c, MessageAuthor.Customer)).ToList();

        Assert.Equal([1L, 2, 3, 4, 5], messages.Select(m => m.Sequence));
        Assert.Equal(5, c.LastSequence);
        Assert.Equal(5, c.UnreadForAgent);
        Assert.All(c.TakeEvents().OfType<MessageCreated>(), e => Assert.Equal(c.Id, e.ConversationId));
    }

    [Fact]
    public void The_buyer_waits_from_their_first_unanswered_message_until_a_person_answers_automatic_replies_not_counting()
    {
        var c = Start();
        var first = Say(c, MessageAuthor.Customer, "在吗？");
        c.Assign(AgentId, null, first.CreatedAt);
        Say(c, MessageAuthor.System, "您好，欢迎光临！");
        Say(c, MessageAuthor.Customer, "耳机有现货吗？");
        Say(c, MessageAuthor.System, "客服正在为您查询，请稍候。");

        Assert.Equal(first.CreatedAt, c.AwaitingReplySince);
        Assert.Equal("耳机有现货吗？", c.LastCustomerPreview);
        Assert.Equal(SenderKind.System, c.LastSender);

        Say(c, MessageAuthor.Agent(AgentId, "小美"), "亲，有现货的。");
        Assert.Null(c.AwaitingReplySince);

        var next = Say(c, MessageAuthor.Customer, "好的，那我下单了");
        Assert.Equal(next.CreatedAt, c.AwaitingReplySince);
        c.Resolve(AgentId, null, next.CreatedAt.AddMinutes(1));
        Assert.Null(c.AwaitingReplySince); // the agent judged the buyer served
    }

    [Fact]
    public void An_agent_cannot_reply_before_the_conversation_is_assigned()
    {
        var c = Start();

        Assert.Throws<InvalidOperationException>(() => Say(c, MessageAuthor.Agent(AgentId, "小美")));
    }

    [Fact]
    public void Assigning_opens_the_conversation_and_records_who()
    {
        var c = Start();
        Say(c, MessageAuthor.Customer);
        c.TakeEvents();

        c.Assign(AgentId, AgentId, T0.AddMinutes(2));

        Assert.Equal(ConversationStatus.Open, c.Status);
        Assert.Equal(AgentId, c.AssigneeId);
        var assigned = Assert.IsType<ConversationAssigned>(Assert.Single(c.TakeEvents()));
        Assert.Equal(AgentId, assigned.AgentId);
        Assert.Null(assigned.PreviousAgentId);
        Assert.Contains(c.History, h => h.Type == ConversationEventNames.Assigned && h.AgentId == AgentId);
    }

    [Fact]
    public void Assigning_to_the_same_agent_again_changes_nothing()
    {
        var c = Start();
        c.Assign(AgentId, null, T0);
        var version = c.Version;
        c.TakeEvents();

        c.Assign(AgentId, null, T0.AddMinutes(1));

        Assert.Equal(version, c.Version);
        Assert.Empty(c.TakeEvents());
    }

    [Fact]
    public void An_agent_reply_clears_the_agents_unread_count()
    {
        var c = Start();
        Say(c, MessageAuthor.Customer);
        Say(c, MessageAuthor.Customer);
        c.Assign(AgentId, AgentId, T0);

        Say(c, MessageAuthor.Agent(AgentId, "小美"));

        Assert.Equal(0, c.UnreadForAgent);
        Assert.Equal(3, c.AgentReadSequence);
        Assert.Equal(1, c.UnreadForCustomer);
    }

    [Fact]
    public void Only_an_open_conversation_can_be_resolved()
    {
        var c = Start();

        var refused = Assert.Throws<KefuDeskException>(() => c.Resolve(AgentId, null, T0));
        Assert.Equal(KefuDeskError.ConversationNotOpen, refused.Error);
        Assert.Equal(ConversationStatus.New, c.Status);
    }

    [Fact]
    public void Resolving_twice_is_refused()
    {
        var c = Start();
        c.Assign(AgentId, AgentId, T0);
        c.Resolve(AgentId, null, T0.AddMinutes(1));

        var refused = Assert.Throws<KefuDeskException>(() => c.Resolve(AgentId, null, T0.AddMinutes(2)));
        Assert.Equal(KefuDeskError.ConversationNotOpen, refused.Error);
    }

    [Fact]
    public void A_buyer_writing_after_resolution_reopens_the_conversation_with_its_agent()
    {
        var c = Start();
        c.Assign(AgentId, AgentId, T0);
        c.Resolve(AgentId, null, T0.AddMinutes(1));
        c.TakeEvents();

        Say(c, MessageAuthor.Customer, "还有一个问题");

        Assert.Equal(ConversationStatus.Open, c.Status);
        Assert.Null(c.ResolvedAt);
        var events = c.TakeEvents();
        Assert.Contains(events, e => e is ConversationStatusChanged { Status: ConversationStatus.Open });
        Assert.Contains(c.History, h => h.Type == ConversationEventNames.Reopened);
    }

    [Fact]
    public void Marking_read_never_goes_past_the_last_message_or_backwards()
    {
        var c = Start();
        Say(c, MessageAuthor.Customer);
        Say(c, MessageAuthor.Customer);

        c.MarkReadByAgent(99);
        Assert.Equal(2, c.AgentReadSequence);
        Assert.Equal(0, c.UnreadForAgent);

        c.MarkReadByAgent(1);
        Assert.Equal(2, c.AgentReadSequence);
    }

    [Fact]
    public void The_preview_keeps_the_start_of_a_long_message()
    {
        var c = Start();
        Say(c, MessageAuthor.Customer, new string('好', 300));

        Assert.Equal(Conversation.PreviewLength, c.LastMessagePreview.Length);
    }
}
