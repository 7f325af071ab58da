namespace KefuDesk.Features.Conversations.Realtime;

/// <summary>SignalR group names. Groups live in the backplane, so they span nodes.</summary>
public static class HubGroups
{
    public static string Buyer(Guid shopId, Guid customerId) => $"buyer:{shopId:N}:{customerId:N}";

    public static string Agent(Guid agentId) => $"agent:{agentId:N}";

    /// <summary>Staff of a shop hear about conversations nobody has picked up yet.</summary>
    public static string Pool(Guid shopId) => $"pool:{shopId:N}";
}

/// <summary>Methods the server calls on clients.</summary>
public static class HubEvents
{
    public const string MessageCreated = "messageCreated";
    public const string ConversationAssigned = "conversationAssigned";
    public const string ConversationStatusChanged = "conversationStatusChanged";
    public const string ConversationTransferred = "conversationTransferred";
    public const string MessageRecalled = "messageRecalled";

    /// <summary>The other side read (or received) up to a sequence.</summary>
    public const string ConversationRead = "conversationRead";
    public const string ConversationDelivered = "conversationDelivered";
    public const string Typing = "typing";
    public const string Mentioned = "mentioned";
    public const string SurveyAnswered = "surveyAnswered";

    /// <summary>To a waiting buyer: their place in the queue and the estimated wait.</summary>
    public const string QueuePlace = "queuePlace";
}

public sealed record AssignmentNotice(Guid ConversationId, Guid ShopId, Guid AgentId, Guid? PreviousAgentId);

public sealed record StatusNotice(Guid ConversationId, ConversationStatus Status);

public sealed record TransferNotice(Guid ConversationId, Guid ShopId, Guid? FromAgentId, Guid? ToAgentId, Guid? ToGroupId, string? Note);

public sealed record RecallNotice(Guid ConversationId, Guid MessageId, long Sequence);

public sealed record ReadNotice(Guid ConversationId, SenderKind Reader, long Sequence);

public sealed record TypingNotice(Guid ConversationId, SenderKind Who, bool Typing);

public sealed record MentionNotice(Guid ConversationId, Guid MessageId, string ByName);

public sealed record SurveyNotice(Guid ConversationId, Guid SurveyId, SatisfactionRating Rating);

/// <summary>Answer to <c>Hello</c>: a client that has it knows its subscriptions are in place.</summary>
public sealed record HubWelcome(Guid Id, IReadOnlyList<Guid> ShopIds);
