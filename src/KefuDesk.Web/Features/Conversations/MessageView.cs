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
    DateTime CreatedAt,
    bool Internal = false,
    bool Recalled = false,
    AttachmentInfo? Attachment = null,
    ProductCard? Product = null,
    OrderCard? Order = null,
    SurveyCard? Survey = null,
    Guid? SenderAgentId = null)
{
    /// <summary>Everything, for staff: a recalled message keeps its text, marked as recalled.</summary>
    public static MessageView From(Message m)
    {
        var content = MessageContent.FromJson(m.Content);
        return new MessageView(m.Id, m.ConversationId, m.Sequence, m.ClientMessageId, m.Sender, m.SenderName, m.Kind, m.Body,
            m.CreatedAt, m.IsInternal, m.RecalledAt is not null, content?.Attachment, content?.Product, content?.Order, content?.Survey,
            m.SenderAgentId);
    }

    /// <summary>What the buyer may see: never internal notes; a recalled message without its content.</summary>
    public MessageView? ForBuyer() =>
        Internal ? null
        : Recalled ? this with { Body = "", Attachment = null, Product = null, Order = null }
        : this;
}

/// <summary>A page of messages in sequence order; <c>HasMore</c> says whether to ask again.</summary>
public sealed record MessagePage(IReadOnlyList<MessageView> Messages, bool HasMore)
{
    /// <summary>The same page as a buyer may see it.</summary>
    public MessagePage ForBuyer() => this with { Messages = Messages.Select(m => m.ForBuyer()).OfType<MessageView>().ToList() };
}
