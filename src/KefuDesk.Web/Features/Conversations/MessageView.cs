namespace KefuDesk.Features.Conversations;

/// <summary>A message as clients see it (REST, SignalR, the workspace).</summary>
public sealed record MessageView(
    Guid Id,
    Guid ConversationId,
    long Sequence,
    string ClientMessageId,
    SenderKind Sender,
    string? SenderName,
    MessageKind Kind,
    string Body,
    DateTime CreatedAt)
{
    public static MessageView From(Message m) =>
        new(m.Id, m.ConversationId, m.Sequence, m.ClientMessageId, m.Sender, m.SenderName, m.Kind, m.Body, m.CreatedAt);
}

/// <summary>A page of messages in sequence order; <c>HasMore</c> says whether to ask again.</summary>
public sealed record MessagePage(IReadOnlyList<MessageView> Messages, bool HasMore);
