using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.AfterSales;

/// <summary>Refusals of the after-sales area; each has its message under Error.{code} in the resource files.</summary>
public static class AfterSalesErrors
{
    public static readonly KefuDeskError CaseNotFound = new("case_not_found", 404);

    /// <summary>A field of a new case or a step is missing or out of range; the detail names it.</summary>
    public static readonly KefuDeskError CaseInvalid = new("case_invalid", 400);

    /// <summary>The step is not on the case's path from where it stands; the detail names the current status.</summary>
    public static readonly KefuDeskError StepNotAllowed = new("case_step_not_allowed", 409);

    /// <summary>The refund is above the shop's approval limit and the caller is not a supervisor.</summary>
    public static readonly KefuDeskError NeedsSupervisor = new("case_needs_supervisor", 403);

    /// <summary>A colleague handles the case; only they or a supervisor may act on it.</summary>
    public static readonly KefuDeskError NotYours = new("case_not_yours", 403);

    /// <summary>The refund is more than what was paid less what other cases of the order already hold.</summary>
    public static readonly KefuDeskError RefundTooLarge = new("case_refund_too_large", 400);

    /// <summary>The order cannot have this kind of case (not paid; not shipped for a return, exchange, repair or reship).</summary>
    public static readonly KefuDeskError OrderNotEligible = new("case_order_not_eligible", 409);

    /// <summary>Someone acted on the case at the same moment; reload and try again.</summary>
    public static readonly KefuDeskError CaseChanged = new("case_changed", 409);

    /// <summary>Another refund on the same order was saved at the same moment; reload and try again.</summary>
    public static readonly KefuDeskError OrderBusy = new("case_order_busy", 409);

    /// <summary>An evidence file that is not an image of this shop's case, or a tenth image.</summary>
    public static readonly KefuDeskError EvidenceInvalid = new("case_evidence_invalid", 400);

    /// <summary>A list filter or page that does not read (unknown status, date not yyyy-MM-dd, limit out of range).</summary>
    public static readonly KefuDeskError FilterInvalid = new("case_filter_invalid", 400);

    public static IReadOnlyList<KefuDeskError> All =>
        [CaseNotFound, CaseInvalid, StepNotAllowed, NeedsSupervisor, NotYours, RefundTooLarge, OrderNotEligible, CaseChanged, OrderBusy,
            EvidenceInvalid, FilterInvalid];
}
