namespace KefuDesk.Features.AfterSales;

/// <summary>What the buyer asks for. The kind decides the case's path (see <see cref="CasePaths"/>).</summary>
public enum CaseKind
{
    ReturnAndRefund, // 退货退款
    RefundOnly,      // 仅退款
    Exchange,        // 换货
    Reship,          // 补发
    Repair,          // 维修
}

/// <summary>Why the buyer asks: a fixed list, so reports can count them (names in AfterSales.Reason.*).</summary>
public enum CaseReason
{
    NoReason7Days,   // 七天无理由
    QualityProblem,  // 质量问题
    WrongItem,       // 发错货
    MissingItem,     // 少件漏发
    DamagedInTransit, // 物流破损
    NotAsDescribed,  // 与描述不符
    Other,           // 其他
}

/// <summary>Where a case stands. Refunded, Completed, Rejected and Withdrawn are final.</summary>
public enum CaseStatus
{
    Applied,             // 申请
    UnderReview,         // 审核中
    Approved,            // 已同意 (no return needed: waiting for the refund or the parcel)
    AwaitingBuyerReturn, // 待买家退货
    Returned,            // 已退货 (the parcel is on its way back or arrived)
    Inspected,           // 已验收
    Refunded,            // 退款完成
    Completed,           // 已完成 (换货, 补发, 维修: the goods went out)
    Rejected,            // 已拒绝
    Withdrawn,           // 已撤销
}

/// <summary>The things people do to a case; each is one guarded method on <see cref="AfterSalesCase"/>.</summary>
public enum CaseStep
{
    Review,         // 受理审核
    Approve,        // 同意
    Reject,         // 拒绝
    Withdraw,       // 撤销
    BuyerReturned,  // 买家已退货
    Inspect,        // 验收
    CompleteRefund, // 确认退款
    Fulfil,         // 寄出 (换货新品, 补发, 修好寄回)
}
