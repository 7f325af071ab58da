namespace KefuDesk.Features.Conversations;

/// <summary>
/// One message in a conversation. Append-only: its sequence number is the conversation's next one,
/// given in the same transaction that stores it, and the client's id makes a resend harmless.
/// </summary>
public sealed class Message
{
    public const int BodyMaxLength = 5000;
    public const int ClientMessageIdMaxLength = 64;

    private Message() { }

    internal Message(Guid id, Guid conversationId, long sequence, string clientMessageId, SenderKind sender,
        Guid? senderAgentId, string? senderName, MessageKind kind, string body, DateTime createdAt)
    {
        Id = id;
        ConversationId = conversationId;
        Sequence = sequence;
        ClientMessageId = clientMessageId;
        Sender = sender;
        SenderAgentId = senderAgentId;
        SenderName = senderName;
        Kind = kind;
        Body = body;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid ConversationId { get; private set; }
    public long Sequence { get; private set; }
    public string ClientMessageId { get; private set; } = "";
    public SenderKind Sender { get; private set; }
    public Guid? SenderAgentId { get; private set; }

    /// <summary>The name shown with the message when it was sent (an agent's nickname).</summary>
    public string? SenderName { get; private set; }

    public MessageKind Kind { get; private set; }

    /// <summary>Plain text as typed. Never interpreted as HTML anywhere it is shown.</summary>
    public string Body { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }
}
