using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Shop.Orders;

/// <summary>Why an order action was refused; each has an Error.{code} text a supervisor understands.</summary>
public static class OrderErrors
{
    public static readonly KefuDeskError NotAllowedInState = new("order_state_forbids", 409);
    public static readonly KefuDeskError ChangedMeanwhile = new("order_changed_meanwhile", 409);
    public static readonly KefuDeskError AddressInvalid = new("order_address_invalid", 400);
    public static readonly KefuDeskError RemarkTooLong = new("order_remark_too_long", 400);
    public static readonly KefuDeskError ReasonRequired = new("order_reason_required", 400);
    public static readonly KefuDeskError PriceInvalid = new("order_price_invalid", 400);
    public static readonly KefuDeskError AdjustmentPending = new("order_adjustment_pending", 409);
    public static readonly KefuDeskError AdjustmentNotFound = new("order_adjustment_not_found", 404);
    public static readonly KefuDeskError AdjustmentDecided = new("order_adjustment_decided", 409);
    public static readonly KefuDeskError CancelPaidNeedsSupervisor = new("order_cancel_paid_needs_supervisor", 403);
    public static readonly KefuDeskError RefundInProgress = new("order_refund_in_progress", 409);
    public static readonly KefuDeskError ShipmentInvalid = new("order_shipment_invalid", 400);
    public static readonly KefuDeskError RemindersUsedUp = new("order_reminders_used_up", 429);
    public static readonly KefuDeskError NoConversation = new("order_no_conversation", 409);
    public static readonly KefuDeskError TemplateInvalid = new("order_template_invalid", 400);
    public static readonly KefuDeskError TemplateNotFound = new("order_template_not_found", 404);
    public static readonly KefuDeskError LabelsInvalid = new("order_labels_invalid", 400);
}
