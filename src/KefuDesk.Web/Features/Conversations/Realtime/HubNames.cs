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
}

public sealed record AssignmentNotice(Guid ConversationId, Guid ShopId, Guid AgentId, Guid? PreviousAgentId);

public sealed record StatusNotice(Guid ConversationId, ConversationStatus Status);

/// <summary>Answer to <c>Hello</c>: a client that has it knows its subscriptions are in place.</summary>
public sealed record HubWelcome(Guid Id, IReadOnlyList<Guid> ShopIds);
