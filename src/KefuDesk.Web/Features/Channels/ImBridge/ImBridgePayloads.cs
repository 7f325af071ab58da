namespace KefuDesk.Features.Channels.ImBridge;

/// <summary>A buyer's message as an IM bridge (旺旺, QQ, a WhatsApp gateway…) posts it to KefuDesk.</summary>
public sealed record ImInboundMessage(string? MessageId, ImUser? User, string? Text, ImInboundFile? Attachment);

/// <summary>The buyer on the IM platform: a stable id there, and the name it shows.</summary>
public sealed record ImUser(string? Id, string? Name);

/// <summary>An image or file the buyer sent, inline (base64), checked like any upload.</summary>
public sealed record ImInboundFile(string? FileName, string? ContentBase64);

public sealed record ImInboundAccepted(Guid ConversationId, Guid MessageId, long Sequence);

/// <summary>An agent's reply as KefuDesk posts it to the bridge's outbound URL (signed the same way).</summary>
public sealed record ImOutboundMessage(
    string Event,
    Guid ConversationId,
    Guid MessageId,
    ImUser User,
    string Kind,
    string Text,
    string? SenderName,
    ImOutboundFile? Attachment,
    string? LinkUrl,
    DateTime SentAt);

/// <summary>A file the bridge fetches from a signed link that works for a week.</summary>
public sealed record ImOutboundFile(string FileName, string ContentType, long Size, string Url);
