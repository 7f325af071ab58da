using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Conversations;

public sealed record ConversationStarted(Guid ConversationId, Guid ShopId, Guid CustomerId, Channel Channel, DateTime At)
    : IDomainEvent
{
    public string Name => ConversationEventNames.Started;
}

/// <summary>A message was stored; carries everything a listener needs so it never reloads it.</summary>
public sealed record MessageCreated(
    Guid ConversationId,
    Guid ShopId,
    Guid CustomerId,
    Guid? AssigneeId,
    MessageView Message) : IDomainEvent
{
    public string Name => ConversationEventNames.MessageCreated;
}

public sealed record ConversationAssigned(
    Guid ConversationId, Guid ShopId, Guid CustomerId, Guid AgentId, Guid? PreviousAgentId, Guid? ByAgentId, DateTime At)
    : IDomainEvent
{
    public string Name => ConversationEventNames.Assigned;
}

public sealed record ConversationStatusChanged(
    Guid ConversationId, Guid ShopId, Guid CustomerId, Guid? AssigneeId, ConversationStatus Status, Guid? ByAgentId, DateTime At)
    : IDomainEvent
{
    public string Name => Status switch
    {
        ConversationStatus.Resolved => ConversationEventNames.Resolved,
        ConversationStatus.Closed => ConversationEventNames.Closed,
        _ => ConversationEventNames.Reopened,
    };
}
