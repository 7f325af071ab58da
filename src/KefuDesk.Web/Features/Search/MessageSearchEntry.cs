using KefuDesk.Features.Conversations;

namespace KefuDesk.Features.Search;

/// <summary>
/// A message as the history search sees it: its tokens (indexed by SQLite FTS5 or a PostgreSQL
/// tsvector, both kept in step by the database itself) and copies of what searches filter on, so a
/// search over a million messages filters without joining them. Written in the transaction that
/// stores the message.
/// </summary>
public sealed class MessageSearchEntry
{
    private MessageSearchEntry() { }

    public MessageSearchEntry(Guid messageId, Guid conversationId, Guid shopId, Channel channel, SenderKind sender, Guid? senderAgentId,
        bool isInternal, bool recalled, DateTime createdAt, string tokens)
    {
        MessageId = messageId;
        ConversationId = conversationId;
        ShopId = shopId;
        Channel = channel;
        Sender = sender;
        SenderAgentId = senderAgentId;
        Internal = isInternal;
        Recalled = recalled;
        CreatedAt = createdAt;
        Tokens = tokens;
    }

    /// <summary>The full-text row id (FTS5 needs an integer one).</summary>
    public long Id { get; private set; }

    public Guid MessageId { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid ShopId { get; private set; }
    public Channel Channel { get; private set; }
    public SenderKind Sender { get; private set; }
    public Guid? SenderAgentId { get; private set; }
    public bool Internal { get; private set; }

    /// <summary>Recalled messages stay findable for staff (they are on record), marked as recalled.</summary>
    public bool Recalled { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public void MarkRecalled() => Recalled = true;

    /// <summary>Space-separated tokens from <see cref="SearchTokenizer.IndexText"/>.</summary>
    public string Tokens { get; private set; } = "";

    /// <summary>Which messages are searched: what people wrote (text, captions, file names), not system lines or cards.</summary>
    public static bool Indexes(MessageKind kind) => kind is MessageKind.Text or MessageKind.Image or MessageKind.File;

    /// <summary>The searchable text of a message: its body and, for uploads, the file name.</summary>
    public static string TextOf(string body, AttachmentInfo? attachment) =>
        attachment is null ? body : body + " " + attachment.FileName;

}

/// <summary>What the index stores for one message, before it becomes a row.</summary>
public sealed record IndexedMessage(Guid MessageId, Guid ConversationId, Guid ShopId, Channel Channel, SenderKind Sender,
    Guid? SenderAgentId, bool Internal, bool Recalled, DateTime CreatedAt, string Tokens)
{
    public static IndexedMessage From(MessageView m, Guid shopId, Channel channel) =>
        new(m.Id, m.ConversationId, shopId, channel, m.Sender, m.SenderAgentId, m.Internal, m.Recalled, m.CreatedAt,
            SearchTokenizer.IndexText(MessageSearchEntry.TextOf(m.Body, m.Attachment)));

    public MessageSearchEntry ToEntry() =>
        new(MessageId, ConversationId, ShopId, Channel, Sender, SenderAgentId, Internal, Recalled, CreatedAt, Tokens);
}

/// <summary>
/// How far the catch-up job has checked: every indexable message created before
/// <see cref="CheckedUpTo"/> has its entry.
/// </summary>
public sealed class SearchIndexCursor
{
    public const string Messages = "messages";

    private SearchIndexCursor() { }

    public SearchIndexCursor(string name, DateTime checkedUpTo)
    {
        Name = name;
        CheckedUpTo = checkedUpTo;
    }

    public string Name { get; private set; } = "";
    public DateTime CheckedUpTo { get; private set; }

    public void Advance(DateTime to)
    {
        if (to > CheckedUpTo)
        {
            CheckedUpTo = to;
        }
    }
}
