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
    Image,
    File,
    ProductCard,
    OrderCard,

    /// <summary>A line from the system (transferred, resolved…), shown centred.</summary>
    System,

    /// <summary>The satisfaction survey invitation; the widget shows the five ratings.</summary>
    Survey,
}

/// <summary>Internal notes are for colleagues only: never stored where a buyer can read them.</summary>
public enum MessageVisibility
{
    Public,
    Internal,
}
