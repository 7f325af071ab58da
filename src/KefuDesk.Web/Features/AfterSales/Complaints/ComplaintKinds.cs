namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>Who complained: the buyer to the shop, the shop platform (平台介入), or a regulator (工商/12315).</summary>
public enum ComplaintSource
{
    Buyer,
    Platform,
    Regulator,
}

public enum ComplaintSeverity
{
    Normal,
    HighRisk,
}

/// <summary>What the complaint is about, for the archive's statistics.</summary>
public enum ComplaintCategory
{
    Quality,     // 商品质量
    Logistics,   // 物流
    Service,     // 服务态度
    Refund,      // 退款售后
    Price,       // 价格优惠
    Advertising, // 虚假宣传
    Other,       // 其他
}

/// <summary>处理中 → 已解决 → 已回访 → 已归档; a resolved or visited complaint may be reopened.</summary>
public enum ComplaintStatus
{
    Open,
    Resolved,
    ReturnVisited,
    Archived,
}

/// <summary>What the follow-up call (回访) found.</summary>
public enum ReturnVisitResult
{
    Satisfied,
    NotSatisfied,
    Unreachable,
}

/// <summary>Why a complaint went to the shop's supervisors.</summary>
public enum EscalationReason
{
    HighRisk,
    Overdue,
}
