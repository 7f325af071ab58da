namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>
/// A new complaint as the API and the form send it. The buyer is named by any of customerId,
/// orderId or orderNo (in the shop), or conversationId; when several are given they must agree.
/// Enum values are camelCase strings: source buyer | platform | regulator; severity normal |
/// highRisk; category quality | logistics | service | refund | price | advertising | other.
/// </summary>
public sealed record ComplaintInput(
    Guid ShopId,
    string Source,
    string Severity,
    string Category,
    string Subject,
    string Description,
    Guid? CustomerId = null,
    Guid? OrderId = null,
    string? OrderNo = null,
    Guid? ConversationId = null,
    Guid? OwnerId = null);

/// <summary>A step on a complaint. <c>Version</c>, when sent, must be the one the caller saw (else <c>complaint_changed</c>).</summary>
public sealed record ResolveComplaintInput(string Resolution, int? Version = null);

/// <summary><c>result</c>: satisfied | notSatisfied | unreachable.</summary>
public sealed record ReturnVisitInput(string Result, string? Note = null, int? Version = null);

public sealed record ReopenComplaintInput(string Reason, int? Version = null);

/// <summary><c>severity</c>: normal | highRisk.</summary>
public sealed record SeverityInput(string Severity, int? Version = null);

public sealed record ReassignComplaintInput(Guid OwnerId, int? Version = null);

public sealed record ComplaintStepInput(int? Version = null);
