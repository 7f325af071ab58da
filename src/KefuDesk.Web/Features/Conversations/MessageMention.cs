namespace KefuDesk.Features.Conversations;

/// <summary>A colleague named with @ in an internal note, so they can find the notes meant for them.</summary>
public sealed class MessageMention(Guid messageId, Guid agentId)
{
    public Guid MessageId { get; private set; } = messageId;
    public Guid AgentId { get; private set; } = agentId;
}
