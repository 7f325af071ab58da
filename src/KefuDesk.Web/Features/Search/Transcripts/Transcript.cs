using KefuDesk.Features.Conversations;

namespace KefuDesk.Features.Search.Transcripts;

/// <summary>Someone who wrote in the conversation or holds it.</summary>
public sealed record TranscriptAgent(Guid Id, string Name);

/// <summary>One message as the record shows it: internal notes and recalls marked, nothing hidden from staff.</summary>
public sealed record TranscriptMessage(
    long Sequence,
    Guid Id,
    DateTime At,
    MessageKind Kind,
    SenderKind Sender,
    Guid? SenderAgentId,
    string? SenderName,
    bool Internal,
    DateTime? RecalledAt,
    string Body,
    AttachmentInfo? Attachment,
    ProductCard? Product,
    OrderCard? Order,
    SatisfactionRating? Rating);

/// <summary>
/// A conversation's full record for disputes (交易纠纷): every message in order, with a SHA-256 hash
/// over a canonical text of the conversation's identity and its messages (see
/// <see cref="TranscriptCanonical"/> and docs/search.md), so anyone can check that a copy was not altered.
/// Names, status and the generation stamp are shown but not hashed: they can change while the record does not.
/// </summary>
public sealed record Transcript(
    string Format,
    Guid ConversationId,
    Guid ShopId,
    string ShopName,
    Channel Channel,
    ConversationStatus Status,
    DateTime StartedAt,
    string? Subject,
    Guid CustomerId,
    string? CustomerName,
    string VisitorCode,
    IReadOnlyList<TranscriptAgent> Agents,
    bool IncludesInternal,
    IReadOnlyList<TranscriptMessage> Messages,
    string ContentHash,
    DateTime GeneratedAt,
    string GeneratedBy,
    TranscriptAgent? Assignee = null);
