using KefuDesk.Features.Shop;

namespace KefuDesk.Features.AfterSales;

/// <summary>A case as lists show it. <see cref="Overdue"/> is worked out at the moment of reading.</summary>
public sealed record CaseRow(
    Guid Id,
    string CaseNo,
    Guid ShopId,
    string ShopName,
    Guid OrderId,
    string OrderNo,
    Guid CustomerId,
    string? BuyerName,
    CaseKind Kind,
    CaseReason Reason,
    CaseStatus Status,
    long RefundFen,
    bool NeedsSupervisor,
    Guid? OwnerId,
    string? OwnerName,
    DateTime CreatedAt,
    DateTime? DueAt,
    bool Overdue,
    DateTime? EscalatedAt)
{
    /// <summary>Waiting for a supervisor's approval (待主管审批): above the limit and not decided yet.</summary>
    public bool AwaitingSupervisor => NeedsSupervisor && Status is CaseStatus.Applied or CaseStatus.UnderReview;

    /// <summary>"访客 3F2A1C" for a buyer without a name.</summary>
    public string CustomerCode => Customers.Customer.CodeFor(CustomerId);
}

public sealed record CasePage(IReadOnlyList<CaseRow> Items, int Total, int Offset, int Limit)
{
    public bool HasMore => Offset + Items.Count < Total;
}

/// <summary>One case in full: what the case page shows, with its history and the steps the reader may take now.</summary>
public sealed record CaseDetails(
    CaseRow Case,
    int Version,
    string Description,
    Guid? ConversationId,
    string OpenedByName,
    string? ReturnCarrier,
    string? ReturnTrackingNo,
    string? ShipCarrier,
    string? ShipTrackingNo,
    string? ClosingNote,
    DateTime? ReviewedAt,
    DateTime? DecidedAt,
    DateTime? ClosedAt,
    long ApprovalLimitFen,
    OrderSummary Order,
    IReadOnlyList<EvidenceView> Evidence,
    IReadOnlyList<CaseHistoryItem> History,
    IReadOnlyList<CaseStep> Steps);

public sealed record OrderSummary(Guid Id, string OrderNo, OrderStatus Status, long PaidFen, long RefundClaimedFen, long RefundedFen,
    long RefundableFen, IReadOnlyList<OrderLine> Items);

public sealed record OrderLine(string Sku, string Title, long UnitPriceFen, int Quantity);

/// <summary>A photo: <see cref="Url"/> serves it to signed-in staff of the shop.</summary>
public sealed record EvidenceView(Guid AttachmentId, string FileName, string Url);

/// <summary>One line of a case's history, read from the audit log: the action code (case.approved), who, and the status it left.</summary>
public sealed record CaseHistoryItem(DateTime At, string Action, string ActorName, CaseStatus? From, CaseStatus? To, string? Note);

/// <summary>An order as the new-case dialog needs it, with the cases it already has.</summary>
public sealed record CaseOrder(Guid ShopId, string ShopName, Guid CustomerId, string? BuyerName, long ApprovalLimitFen, OrderSummary Order,
    IReadOnlyList<EvidenceView> ConversationImages, IReadOnlyList<(Guid Id, string CaseNo, CaseStatus Status)> Cases);

/// <summary>What the new-case dialog hands back once the case exists.</summary>
public sealed record OpenedCase(Guid Id, string CaseNo);
