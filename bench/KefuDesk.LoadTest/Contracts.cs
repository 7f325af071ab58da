namespace KefuDesk.LoadTest;

// The slice of the server's contract the generator uses. Enums stay strings: the generator only
// compares them, and this way a new server value never breaks deserialisation.

public sealed record SignInRequest(string UserName, string Password);

public sealed record StaffMe(Guid Id, string UserName, IReadOnlyList<string> Roles, IReadOnlyList<Guid> ShopIds);

public sealed record CreateAgentRequest(string UserName, string DisplayName, string Nickname, string Password, string Role,
    IReadOnlyList<Guid> ShopIds);

public sealed record AgentRow(Guid Id, string UserName);

public sealed record SeatRequest(int? ReceptionLimit, int Weight);

public sealed record WidgetSessionRequest(string WidgetKey, string? VisitorToken);

public sealed record WidgetShop(Guid Id, string Name);

public sealed record WidgetSession(string VisitorToken, Guid CustomerId, string VisitorCode, WidgetShop Shop);

public sealed record BuyerSendRequest(string ClientMessageId, string Body, Guid? ConversationId);

public sealed record MessageView(
    Guid Id,
    Guid ConversationId,
    long Sequence,
    string ClientMessageId,
    string Sender,
    string? SenderName,
    string Kind,
    string Body,
    DateTime CreatedAt);

public sealed record ConversationAssignment(Guid ConversationId, Guid AgentId, string Status);

public sealed record ConversationSummary(Guid Id, Guid? AssigneeId);
