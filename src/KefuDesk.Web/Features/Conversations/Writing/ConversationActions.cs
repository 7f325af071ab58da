using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>
/// An agent picks up a conversation from the unassigned pool. Taking one that a colleague holds
/// is for supervisors only.
/// </summary>
public sealed class ClaimConversation(StaffAccess staff, Guid conversationId) : ConversationCommand<ConversationAssignment>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override ConversationAssignment Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        if (conversation.AssigneeId is { } holder && holder != staff.AgentId && !staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.ConversationTaken);
        }

        conversation.Assign(staff.AgentId, staff.AgentId, batch.Now);
        return new ConversationAssignment(conversation.Id, staff.AgentId, conversation.Status);
    }
}

public sealed record ConversationAssignment(Guid ConversationId, Guid AgentId, ConversationStatus Status);

/// <summary>The agent has answered the buyer; the episode ends (the buyer writing again reopens it).</summary>
public sealed class ResolveConversation(StaffAccess staff, Guid conversationId) : ConversationCommand<ConversationStatus>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override ConversationStatus Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        if (conversation.AssigneeId != staff.AgentId && !staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.ConversationTaken);
        }

        conversation.Resolve(staff.AgentId, batch.Now);
        return conversation.Status;
    }
}

/// <summary>The reader has seen everything up to a sequence number (clears unread counts).</summary>
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

internal static class WriteBatchAccess
{
    /// <summary>The conversation, if it exists and belongs to a shop the staff member serves.</summary>
    public static Conversation StaffConversation(this WriteBatch batch, StaffAccess staff, Guid conversationId)
    {
        var conversation = batch.Conversation(conversationId) ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        return staff.Serves(conversation.ShopId)
            ? conversation
            : throw new KefuDeskException(KefuDeskError.ConversationForbidden);
    }

    /// <summary>The conversation, if it is this buyer's with this shop.</summary>
    public static Conversation BuyerConversation(this WriteBatch batch, LiveThread buyer, Guid conversationId)
    {
        var conversation = batch.Conversation(conversationId) ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        return conversation.CustomerId == buyer.CustomerId && conversation.ShopId == buyer.ShopId
            ? conversation
            : throw new KefuDeskException(KefuDeskError.ConversationForbidden);
    }
}
