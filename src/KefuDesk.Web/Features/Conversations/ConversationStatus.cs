namespace KefuDesk.Features.Conversations;

/// <summary>
/// new/queued → open (assigned) → pending (waiting on the buyer) → resolved → closed.
/// Transitions are guarded by <see cref="Conversation"/>'s methods.
/// </summary>
public enum ConversationStatus
{
    New,
    Queued,
    Open,
    Pending,
    Resolved,
    Closed,
}

public enum Channel
{
    Web,
    Email,
    Phone,
    OfflineMessage,
    ImBridge,
    WeChat,
}

public enum SenderKind
{
    Customer,
    Agent,
    System,
    Bot,
}

public enum MessageKind
{
    Text,
}
