using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Writing;

internal static class CommandAccess
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

    /// <summary>The assignee, or a supervisor; an unassigned conversation is anyone's in its shop.</summary>
    public static void EnsureMayAct(this Conversation conversation, StaffAccess staff)
    {
        if (conversation.AssigneeId is { } holder && holder != staff.AgentId && !staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.ConversationTaken);
        }
    }
}
