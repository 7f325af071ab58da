using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>Every lifecycle transition the conversation allows, and those it refuses, without a database.</summary>
public sealed class ConversationLifecycleTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Agent = Guid.NewGuid();
    private static readonly Guid Colleague = Guid.NewGuid();

    private static Conversation Open()
    {
        var c = Conversation.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Channel.Web, "web", null, T0);
        c.Append(Guid.NewGuid(), MessageAuthor.Customer, "c0", "在吗", T0);
        c.Assign(Agent, Agent, T0);
        c.TakeEvents();
        return c;
    }

    private static Message AgentSays(Conversation c, DateTime at, string text = "在的") =>
        c.Append(Guid.NewGuid(), MessageAuthor.Agent(Agent, "小美"), Guid.NewGuid().ToString("N"), text, at);

    private static KefuDeskError Refusal(Action act) => Assert.Throws<KefuDeskException>(act).Error;

    [Fact]
    public void Pending_waits_for_the_buyer_and_their_message_resumes_it()
    {
        var c = Open();

        c.Pend(Agent, T0.AddMinutes(1));
        Assert.Equal(ConversationStatus.Pending, c.Status);

        c.Append(Guid.NewGuid(), MessageAuthor.Customer, "c1", "我想好了", T0.AddMinutes(5));
        Assert.Equal(ConversationStatus.Open, c.Status);
        Assert.Contains(c.History, h => h.Type == ConversationEventNames.Resumed);
    }

    [Fact]
    public void Only_an_open_conversation_can_wait_on_the_buyer()
    {
        var fresh = Conversation.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Channel.Web, "web", null, T0);
        Assert.Equal(KefuDeskError.ConversationNotOpen, Refusal(() => fresh.Pend(Agent, T0)));

        var pending = Open();
        pending.Pend(Agent, T0);
        Assert.Equal(KefuDeskError.ConversationNotOpen, Refusal(() => pending.Pend(Agent, T0)));
    }

    [Fact]
    public void Resolving_keeps_the_record_and_its_tags()
    {
        var c = Open();
        var record = ConsultationRecord.ByAgent(c.Id, Agent, new ConsultationRecordInput(Guid.NewGuid(), "问发货时间", ["物流", "催发货"]), T0);

        c.Resolve(Agent, record, T0.AddMinutes(3));

        Assert.Equal(ConversationStatus.Resolved, c.Status);
        Assert.Same(record, Assert.Single(c.Records));
        Assert.Equal(["物流", "催发货"], c.Tags.Select(t => t.Tag));
        Assert.Equal(T0.AddMinutes(3), c.ResolvedAt);
    }

    [Theory]
    [InlineData(null, "summary")]
    [InlineData("category", "")]
    [InlineData("category", "   ")]
    public void A_record_needs_a_category_and_a_summary(string? category, string summary)
    {
        var input = new ConsultationRecordInput(category is null ? null : Guid.NewGuid(), summary, null);

        Assert.Equal(KefuDeskError.RecordInvalid, Refusal(() => ConsultationRecord.ByAgent(Guid.NewGuid(), Agent, input, T0)));
    }

    [Fact]
    public void A_record_summary_is_at_most_500_characters()
    {
        var input = new ConsultationRecordInput(Guid.NewGuid(), new string('字', 501), null);

        Assert.Equal(KefuDeskError.RecordInvalid, Refusal(() => ConsultationRecord.ByAgent(Guid.NewGuid(), Agent, input, T0)));
    }

    [Fact]
    public void Within_the_window_a_buyer_reopens_with_the_same_agent_after_it_a_new_conversation_is_due()
    {
        var c = Open();
        c.Resolve(Agent, null, T0);

        Assert.True(c.MayReopenAt(T0.AddMinutes(30), TimeSpan.FromMinutes(30)));
        Assert.False(c.MayReopenAt(T0.AddMinutes(31), TimeSpan.FromMinutes(30)));

        c.Append(Guid.NewGuid(), MessageAuthor.Customer, "c1", "还有个问题", T0.AddMinutes(10));
        Assert.Equal(ConversationStatus.Open, c.Status);
        Assert.Equal(Agent, c.AssigneeId);
    }

    [Fact]
    public void Closing_needs_a_resolved_conversation_unless_forced_and_then_nothing_more_is_written()
    {
        var c = Open();
        Assert.Equal(KefuDeskError.ConversationNotOpen, Refusal(() => c.Close(Agent, force: false, T0)));

        c.Resolve(Agent, null, T0);
        c.Close(null, force: false, T0.AddHours(1));

        Assert.Equal(ConversationStatus.Closed, c.Status);
        Assert.Null(c.OpenThreadKey);
        Assert.Equal(KefuDeskError.ConversationClosed, Refusal(() => c.Append(Guid.NewGuid(), MessageAuthor.Customer, "c9", "hi", T0)));
        Assert.Equal(KefuDeskError.ConversationClosed, Refusal(() => c.Close(Agent, force: true, T0)));
        Assert.Equal(KefuDeskError.ConversationClosed, Refusal(() => c.AddNote(Guid.NewGuid(), MessageAuthor.Agent(Agent, "小美"), "n", "备注", [], T0)));
    }

    [Fact]
    public void A_supervisor_may_close_an_open_conversation()
    {
        var c = Open();

        c.Close(Colleague, force: true, T0);

        Assert.Equal(ConversationStatus.Closed, c.Status);
    }

    [Fact]
    public void Transferring_to_a_colleague_hands_it_over_with_the_note_on_record()
    {
        var c = Open();

        c.TransferToAgent(Colleague, Agent, "买家要退货,请跟进", T0.AddMinutes(2));

        Assert.Equal(Colleague, c.AssigneeId);
        Assert.Equal(ConversationStatus.Open, c.Status);
        var transferred = Assert.IsType<ConversationTransferred>(Assert.Single(c.TakeEvents()));
        Assert.Equal(Agent, transferred.FromAgentId);
        Assert.Equal("买家要退货,请跟进", transferred.Note);
        Assert.Contains(c.History, h => h.Type == ConversationEventNames.Transferred && h.Detail == "买家要退货,请跟进");
    }

    [Fact]
    public void Transferring_to_a_group_puts_it_in_the_groups_queue()
    {
        var c = Open();
        var group = Guid.NewGuid();

        c.TransferToGroup(group, Agent, null, T0);

        Assert.Null(c.AssigneeId);
        Assert.Equal(group, c.SkillGroupId);
        Assert.Equal(ConversationStatus.Queued, c.Status);
    }

    [Fact]
    public void Transfers_are_refused_to_the_same_agent_and_after_resolution()
    {
        var c = Open();
        Assert.Equal(KefuDeskError.TransferInvalid, Refusal(() => c.TransferToAgent(Agent, Agent, null, T0)));

        c.Resolve(Agent, null, T0);
        Assert.Equal(KefuDeskError.ConversationNotOpen, Refusal(() => c.TransferToAgent(Colleague, Agent, null, T0)));
    }

    [Fact]
    public void A_note_is_internal_and_does_not_touch_what_the_buyer_sees()
    {
        var c = Open();
        AgentSays(c, T0.AddMinutes(1), "亲,在的");
        var preview = c.LastMessagePreview;
        var unread = c.UnreadForCustomer;

        var note = c.AddNote(Guid.NewGuid(), MessageAuthor.Agent(Agent, "小美"), "n1", "@阿杰 这位买家是老客户", [Colleague], T0.AddMinutes(2));

        Assert.True(note.IsInternal);
        Assert.Equal(preview, c.LastMessagePreview);
        Assert.Equal(SenderKind.Agent, c.LastSender);
        Assert.Equal(unread, c.UnreadForCustomer);
        Assert.Null(MessageView.From(note).ForBuyer());
        var mentioned = Assert.Single(c.TakeEvents().OfType<ColleaguesMentioned>());
        Assert.Equal([Colleague], mentioned.AgentIds);
    }

    [Fact]
    public void An_agent_recalls_their_own_message_within_two_minutes()
    {
        var c = Open();
        var message = AgentSays(c, T0, "发错了");
        c.TakeEvents();

        c.Recall(message, Agent, T0.AddSeconds(119));

        Assert.Equal(T0.AddSeconds(119), message.RecalledAt);
        var view = MessageView.From(message);
        Assert.True(view.Recalled);
        Assert.Equal("发错了", view.Body); // kept on record for staff
        Assert.Equal("", view.ForBuyer()!.Body);
        Assert.IsType<MessageRecalled>(Assert.Single(c.TakeEvents()));
    }

    [Fact]
    public void Recall_is_refused_late_twice_or_for_someone_elses_message()
    {
        var c = Open();
        var late = AgentSays(c, T0);
        Assert.Equal(KefuDeskError.RecallTooLate, Refusal(() => c.Recall(late, Agent, T0.AddMinutes(2).AddSeconds(1))));

        var mine = AgentSays(c, T0);
        c.Recall(mine, Agent, T0.AddSeconds(5));
        Assert.Equal(KefuDeskError.RecallAlready, Refusal(() => c.Recall(mine, Agent, T0.AddSeconds(6))));

        var buyers = c.Append(Guid.NewGuid(), MessageAuthor.Customer, "c5", "你好", T0);
        Assert.Equal(KefuDeskError.RecallNotYours, Refusal(() => c.Recall(buyers, Agent, T0)));
        Assert.Equal(KefuDeskError.RecallNotYours, Refusal(() => c.Recall(AgentSays(c, T0), Colleague, T0)));
    }

    [Fact]
    public void Tags_are_short_unique_and_at_most_ten()
    {
        var c = Open();
        c.Tag(" 退货 ", Agent, T0);
        c.Tag("退货", Agent, T0);
        Assert.Equal(["退货"], c.Tags.Select(t => t.Tag));

        Assert.Equal(KefuDeskError.TagInvalid, Refusal(() => c.Tag("", Agent, T0)));
        Assert.Equal(KefuDeskError.TagInvalid, Refusal(() => c.Tag(new string('长', 21), Agent, T0)));
        for (var i = 0; i < 9; i++)
        {
            c.Tag($"标签{i}", Agent, T0);
        }

        Assert.Equal(KefuDeskError.TagInvalid, Refusal(() => c.Tag("第十一个", Agent, T0)));
        c.Untag("退货", Agent, T0);
        Assert.Equal(9, c.Tags.Count);
    }

    [Fact]
    public void Delivered_and_read_marks_only_move_forward()
    {
        var c = Open();
        AgentSays(c, T0);
        AgentSays(c, T0);
        c.TakeEvents();

        c.MarkDeliveredToCustomer(3);
        c.MarkDeliveredToCustomer(2);
        c.MarkReadByCustomer(3);

        Assert.Equal(3, c.CustomerDeliveredSequence);
        Assert.Equal(3, c.CustomerReadSequence);
        Assert.Equal(0, c.UnreadForCustomer);
        var events = c.TakeEvents();
        Assert.Single(events.OfType<ConversationDelivered>());
        Assert.Equal(SenderKind.Customer, Assert.Single(events.OfType<ConversationRead>()).Reader);
    }
}
