using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales;

/// <summary>
/// Something that happened to a case. The name doubles as the audit log's action code
/// (<c>case.approved</c>), named on screen by the resource key Audit.Action.{name}.
/// </summary>
public abstract record CaseEvent(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At) : IDomainEvent
{
    public abstract string Name { get; }
}

public sealed record CaseOpened(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, Guid OrderId, CaseKind Kind, long RefundFen)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.opened";
}

public sealed record CaseReviewed(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, Guid? OwnerId)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.reviewed";
}

public sealed record CaseApproved(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, Guid? ApproverId, long RefundFen)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.approved";
}

public sealed record CaseRejected(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, string Reason)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.rejected";
}

public sealed record CaseWithdrawn(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.withdrawn";
}

public sealed record CaseGoodsReturned(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, string Carrier, string TrackingNo)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.goods_returned";
}

public sealed record CaseInspected(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, bool Passed)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.inspected";
}

public sealed record CaseRefunded(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, long RefundFen)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.refunded";
}

public sealed record CaseFulfilled(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, string? Carrier, string? TrackingNo)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.fulfilled";
}

/// <summary>The case passed its deadline without the step it waited for; supervisors see it flagged.</summary>
public sealed record CaseEscalated(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, DateTime DueAt, Guid? OwnerId)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.escalated";
}

public sealed record CaseEvidenceAdded(Guid CaseId, Guid ShopId, string CaseNo, CaseStatus Status, DateTime At, Guid AttachmentId)
    : CaseEvent(CaseId, ShopId, CaseNo, Status, At)
{
    public override string Name => "case.evidence_added";
}
