namespace KefuDesk.Features.Conversations.Attachments;

/// <summary>
/// An image or file someone uploaded into a conversation. The bytes live in the attachment store;
/// this row says whose it is, so only the conversation's buyer and its shop's staff may fetch it.
/// </summary>
public sealed class Attachment
{
    public const int FileNameMaxLength = 200;

    private Attachment() { }

    public Attachment(Guid id, Guid shopId, Guid? customerId, Guid? agentId, string fileName, string contentType, long size,
        string sha256, DateTime createdAt)
    {
        Id = id;
        ShopId = shopId;
        UploadedByCustomerId = customerId;
        UploadedByAgentId = agentId;
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }

    /// <summary>Set once a message carries it; an attachment belongs to one conversation.</summary>
    public Guid? ConversationId { get; private set; }

    public Guid? UploadedByCustomerId { get; private set; }
    public Guid? UploadedByAgentId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    public AttachmentInfo Info => new(Id, FileName, ContentType, Size);

    /// <summary>Attaches it to the conversation its message goes into.</summary>
    internal void UseIn(Guid conversationId) => ConversationId = conversationId;
}
