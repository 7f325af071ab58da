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
    Channel Channel,
    MessageView Message) : IDomainEvent
{
    public string Name => ConversationEventNames.MessageCreated;
}

public sealed record MessageRecalled(Guid ConversationId, Guid ShopId, Guid CustomerId, Guid? AssigneeId, Guid MessageId, long Sequence, DateTime At)
    : IDomainEvent
{
    public string Name => ConversationEventNames.MessageRecalled;
}

public sealed record ConversationAssigned(
    Guid ConversationId, Guid ShopId, Guid CustomerId, Guid AgentId, Guid? PreviousAgentId, Guid? ByAgentId, DateTime At)
    : IDomainEvent
{
    public string Name => ConversationEventNames.Assigned;
}

/// <summary>Handed to an agent or to a group (then <c>ToAgentId</c> is null).</summary>
public sealed record ConversationTransferred(
    Guid ConversationId, Guid ShopId, Guid CustomerId, Guid? FromAgentId, Guid? ToAgentId, Guid? ToGroupId, Guid ByAgentId,
    string? Note, DateTime At) : IDomainEvent
{
    public string Name => ConversationEventNames.Transferred;
}

public sealed record ConversationStatusChanged(
    Guid ConversationId, Guid ShopId, Guid CustomerId, Guid? AssigneeId, ConversationStatus Status, Guid? ByAgentId, DateTime At)
    : IDomainEvent
{
    public string Name => Status switch
    {
        ConversationStatus.Resolved => ConversationEventNames.Resolved,
        ConversationStatus.Closed => ConversationEventNames.Closed,
        ConversationStatus.Pending => ConversationEventNames.Pending,
        _ => ConversationEventNames.Reopened,
    };
}

/// <summary>One side has read up to a sequence: the other side's messages show 已读.</summary>
public sealed record ConversationRead(Guid ConversationId, Guid ShopId, Guid CustomerId, Guid? AssigneeId, SenderKind Reader, long Sequence)
    : IDomainEvent
{
    public string Name => ConversationEventNames.Read;
}

/// <summary>The buyer's widget has received up to a sequence: the agent's messages show 已送达.</summary>
public sealed record ConversationDelivered(Guid ConversationId, Guid ShopId, Guid? AssigneeId, long Sequence) : IDomainEvent
{
    public string Name => ConversationEventNames.Read;
}

public sealed record ConversationTagsChanged(Guid ConversationId, Guid ShopId, Guid? AssigneeId) : IDomainEvent
{
    public string Name => ConversationEventNames.Tagged;
}

/// <summary>Two customer records were merged: the conversation belongs to the surviving one now.</summary>
public sealed record ConversationCustomerChanged(Guid ConversationId, Guid ShopId, Guid? AssigneeId, Guid CustomerId) : IDomainEvent
{
    public string Name => ConversationEventNames.CustomerMerged;
}

/// <summary>A note named colleagues with @: they are told.</summary>
public sealed record ColleaguesMentioned(Guid ConversationId, Guid ShopId, Guid MessageId, Guid ByAgentId, string ByName,
    IReadOnlyList<Guid> AgentIds, DateTime At) : IDomainEvent
{
    public string Name => ConversationEventNames.Mentioned;
}

public sealed record SurveyAnswered(Guid ConversationId, Guid ShopId, Guid CustomerId, Guid? AgentId, Guid SurveyId, SatisfactionRating Rating, DateTime At)
    : IDomainEvent
{
    public string Name => ConversationEventNames.SurveyAnswered;
}

/// <summary>Why routing took a conversation from an agent.</summary>
public enum RerouteReason
{
    /// <summary>The agent went offline.</summary>
    AgentOffline,

    /// <summary>The agent did not answer a newly assigned buyer in time.</summary>
    NoAnswer,

    /// <summary>A supervisor moved it (bulk reassignment).</summary>
    Supervisor,
}

/// <summary>Routing took the conversation back from an agent and queued it for the next one (supervisors see each).</summary>
public sealed record ConversationRerouted(Guid ConversationId, Guid ShopId, Guid CustomerId, Guid FromAgentId, RerouteReason Reason, DateTime At)
    : IDomainEvent
{
    public string Name => ConversationEventNames.Rerouted;
}

/// <summary>Nobody could take the buyer yet: they wait in their group's queue.</summary>
public sealed record ConversationQueued(Guid ConversationId, Guid ShopId, Guid CustomerId, Guid? GroupId, DateTime At) : IDomainEvent
{
    public string Name => ConversationEventNames.Queued;
}
