using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// One message in a conversation. Its sequence number is the conversation's next one, given in the
/// same transaction that stores it, and the client's id makes a resend harmless. Nothing about it
/// changes afterwards except a recall, which hides it from the buyer but keeps it on record.
/// </summary>
public sealed class Message
{
    public const int BodyMaxLength = 5000;
    public const int ClientMessageIdMaxLength = 64;

    /// <summary>How long an agent may take a message back (撤回).</summary>
    public static readonly TimeSpan RecallWindow = TimeSpan.FromMinutes(2);

    private Message() { }

    internal Message(Guid id, Guid conversationId, long sequence, string clientMessageId, MessageAuthor author,
        MessageKind kind, MessageVisibility visibility, string body, MessageContent? content, DateTime createdAt)
    {
        Id = id;
        ConversationId = conversationId;
        Sequence = sequence;
        ClientMessageId = clientMessageId;
        Sender = author.Kind;
        SenderAgentId = author.AgentId;
        SenderName = author.Name;
        Kind = kind;
        Visibility = visibility;
        Body = body;
        Content = content?.ToJson();
        AttachmentId = content?.Attachment?.Id;
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
    public MessageVisibility Visibility { get; private set; }

    /// <summary>Plain text as typed (a caption for images and cards). Never interpreted as HTML anywhere it is shown.</summary>
    public string Body { get; private set; } = "";

    /// <summary>The card or attachment, as JSON (see <see cref="MessageContent"/>).</summary>
    public string? Content { get; private set; }

    public Guid? AttachmentId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? RecalledAt { get; private set; }

    public bool IsInternal => Visibility == MessageVisibility.Internal;

    /// <summary>An agent takes back their own message within two minutes; the buyer sees "recalled".</summary>
    internal void Recall(Guid agentId, DateTime at)
    {
        if (Sender != SenderKind.Agent || SenderAgentId != agentId || IsInternal)
        {
            throw new KefuDeskException(KefuDeskError.RecallNotYours);
        }

        if (RecalledAt is not null)
        {
            throw new KefuDeskException(KefuDeskError.RecallAlready);
        }

        if (at - CreatedAt > RecallWindow)
        {
            throw new KefuDeskException(KefuDeskError.RecallTooLate);
        }

        RecalledAt = at;
    }

    /// <summary>Changes the survey card once the buyer has rated (the survey itself is the record).</summary>
    internal void ShowRating(SatisfactionRating rating)
    {
        var content = MessageContent.FromJson(Content);
        if (content?.Survey is { } survey)
        {
            Content = (content with { Survey = survey with { Rating = rating } }).ToJson();
        }
    }
}
