namespace KefuDesk.Features.Conversations.Writing;

/// <summary>The reader has seen everything up to a sequence number (clears unread counts; the other side sees 已读).</summary>
public sealed class MarkRead : ConversationCommand<long>
{
    private readonly Guid _conversationId;
    private readonly long _sequence;
    private readonly StaffAccess? _staff;
    private readonly LiveThread? _buyer;

    private MarkRead(Guid conversationId, long sequence, StaffAccess? staff, LiveThread? buyer)
    {
        _conversationId = conversationId;
        _sequence = sequence;
        _staff = staff;
        _buyer = buyer;
    }

    public static MarkRead ByAgent(StaffAccess staff, Guid conversationId, long sequence) => new(conversationId, sequence, staff, null);

    public static MarkRead ByCustomer(LiveThread buyer, Guid conversationId, long sequence) => new(conversationId, sequence, null, buyer);

    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(_conversationId);

    protected override long Execute(WriteBatch batch)
    {
        if (_staff is not null)
        {
            var conversation = batch.StaffConversation(_staff, _conversationId);
            conversation.MarkReadByAgent(_sequence);
            return conversation.AgentReadSequence;
        }

        var own = batch.BuyerConversation(_buyer!.Value, _conversationId);
        own.MarkReadByCustomer(_sequence);
        return own.CustomerReadSequence;
    }
}

/// <summary>The buyer's widget received messages up to a sequence (the agent sees 已送达).</summary>
public sealed class MarkDelivered(LiveThread buyer, Guid conversationId, long sequence) : ConversationCommand<long>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override long Execute(WriteBatch batch)
    {
        var conversation = batch.BuyerConversation(buyer, conversationId);
        conversation.MarkDeliveredToCustomer(sequence);
        return conversation.CustomerDeliveredSequence;
    }
}

/// <summary>Adds or removes a tag on a conversation.</summary>
public sealed class TagConversation(StaffAccess staff, Guid conversationId, string? tag, bool remove) : ConversationCommand<IReadOnlyList<string>>
{
    private readonly string _tag = Conversation.CleanTag(tag);

    internal override void Declare(WriteBatchPlan plan)
    {
        plan.Conversation(conversationId);
        plan.Tags();
    }

    protected override IReadOnlyList<string> Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        if (remove)
        {
            conversation.Untag(_tag, staff.AgentId, batch.Now);
        }
        else
        {
            conversation.Tag(_tag, staff.AgentId, batch.Now);
        }

        return conversation.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal).ToList();
    }
}
