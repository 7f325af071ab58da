namespace KefuDesk.Features.AfterSales;

/// <summary>
/// The legal paths of a case, per kind (docs/after-sales.md draws them as a table):
/// <list type="bullet">
/// <item>退货退款: 申请 → 审核中 → 待买家退货 → 已退货 → 已验收 → 退款完成</item>
/// <item>仅退款: 申请 → 审核中 → 已同意 → 退款完成 (no goods come back)</item>
/// <item>换货, 维修: 申请 → 审核中 → 待买家退货 → 已退货 → 已验收 → 已完成 (the new or repaired goods went out)</item>
/// <item>补发: 申请 → 审核中 → 已同意 → 已完成 (the missing goods went out)</item>
/// </list>
/// Any kind: 审核中 → 已拒绝; 已退货 → 已拒绝 when the goods fail inspection; 撤销 until the goods are on their way back.
/// </summary>
public static class CasePaths
{
    /// <summary>The buyer sends goods back before anything else happens.</summary>
    public static bool NeedsReturn(CaseKind kind) => kind is CaseKind.ReturnAndRefund or CaseKind.Exchange or CaseKind.Repair;

    /// <summary>The case ends with money back (退款完成) rather than goods going out (已完成).</summary>
    public static bool EndsInRefund(CaseKind kind) => kind is CaseKind.ReturnAndRefund or CaseKind.RefundOnly;

    public static bool IsFinal(CaseStatus status) =>
        status is CaseStatus.Refunded or CaseStatus.Completed or CaseStatus.Rejected or CaseStatus.Withdrawn;

    /// <summary>Where a step leads from a status, or null when the step is not allowed there.</summary>
    /// <param name="passed">For <see cref="CaseStep.Inspect"/>: whether the returned goods passed.</param>
    public static CaseStatus? Next(CaseKind kind, CaseStatus from, CaseStep step, bool passed = true) => (step, from) switch
    {
        (CaseStep.Review, CaseStatus.Applied) => CaseStatus.UnderReview,
        (CaseStep.Approve, CaseStatus.UnderReview) => NeedsReturn(kind) ? CaseStatus.AwaitingBuyerReturn : CaseStatus.Approved,
        (CaseStep.Reject, CaseStatus.UnderReview) => CaseStatus.Rejected,
        (CaseStep.Withdraw, CaseStatus.Applied or CaseStatus.UnderReview) => CaseStatus.Withdrawn,
        (CaseStep.Withdraw, CaseStatus.AwaitingBuyerReturn) when NeedsReturn(kind) => CaseStatus.Withdrawn,
        (CaseStep.Withdraw, CaseStatus.Approved) when !NeedsReturn(kind) => CaseStatus.Withdrawn,
        (CaseStep.BuyerReturned, CaseStatus.AwaitingBuyerReturn) when NeedsReturn(kind) => CaseStatus.Returned,
        (CaseStep.Inspect, CaseStatus.Returned) when NeedsReturn(kind) => passed ? CaseStatus.Inspected : CaseStatus.Rejected,
        (CaseStep.CompleteRefund, CaseStatus.Inspected) when kind == CaseKind.ReturnAndRefund => CaseStatus.Refunded,
        (CaseStep.CompleteRefund, CaseStatus.Approved) when kind == CaseKind.RefundOnly => CaseStatus.Refunded,
        (CaseStep.Fulfil, CaseStatus.Inspected) when kind is CaseKind.Exchange or CaseKind.Repair => CaseStatus.Completed,
        (CaseStep.Fulfil, CaseStatus.Approved) when kind == CaseKind.Reship => CaseStatus.Completed,
        _ => null,
    };

    /// <summary>The steps allowed from a status, in the order a person would take them.</summary>
    public static IReadOnlyList<CaseStep> StepsFrom(CaseKind kind, CaseStatus status) =>
        Enum.GetValues<CaseStep>().Where(step => Next(kind, status, step) is not null).ToList();
}
