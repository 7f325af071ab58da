namespace KefuDesk.Features.Shop.Orders;

/// <summary>Order actions by their stable names, as the API and UI offer them.</summary>
public static class OrderActionNames
{
    public const string Address = "address";
    public const string Remark = "remark";
    public const string Cancel = "cancel";
    public const string AdjustPrice = "adjustPrice";
    public const string Ship = "ship";
    public const string Label = "label";
    public const string Remind = "remind";

    /// <summary>What the order's state allows; the role limits (改价 above the limit, cancelling a paid order) are checked when acting.</summary>
    public static IReadOnlyList<string> For(Order order)
    {
        var allowed = new List<string>();
        if (order.BeforeShipping)
        {
            allowed.AddRange([Address, Remark, Cancel]);
        }

        if (order.Status == OrderStatus.AwaitingPayment)
        {
            allowed.AddRange([AdjustPrice, Remind]);
        }

        if (order.Status == OrderStatus.AwaitingShipment)
        {
            allowed.Add(Ship);
        }

        if (order.MayPrintLabel)
        {
            allowed.Add(Label);
        }

        return allowed;
    }
}

public sealed record OrderItemView(string Sku, string Title, long UnitPriceFen, int Quantity, Guid? ProductId);

public sealed record LogisticsStep(DateTime At, string Description, string? Location);

public sealed record PendingAdjustmentView(Guid Id, long FromTotalFen, long ToTotalFen, string Reason, string RequestedByName, DateTime RequestedAt);

public sealed record AuditView(Guid Id, DateTime At, string Action, string ActorName, string? Before, string? After, string? Note);

/// <summary>One order as the workspace shows it; phone and address masked for agents.</summary>
public sealed record OrderDetails(
    Guid Id, Guid ShopId, Guid CustomerId, string OrderNo, OrderStatus Status,
    long GoodsFen, long DiscountFen, long ShippingFen, long TotalFen, long PaidFen, long RefundedFen,
    DateTime CreatedAt, DateTime? PaidAt, DateTime? ShippedAt,
    string ReceiverName, string? ReceiverPhone, string? Address, string? Remark,
    string? Carrier, string? TrackingNo,
    IReadOnlyList<OrderItemView> Items, IReadOnlyList<LogisticsStep> Logistics,
    PendingAdjustmentView? PendingAdjustment, int RemindersLeftToday, IReadOnlyList<string> Actions,
    IReadOnlyList<AuditView> History);

/// <summary>What a 改价 did: applied at once, or waiting for a supervisor (then Adjustment is set).</summary>
public sealed record PriceChangeResult(bool Applied, OrderDetails Order, PendingAdjustmentView? Adjustment);

public sealed record AdjustmentRow(Guid Id, Guid OrderId, string OrderNo, Guid ShopId, long FromTotalFen, long ToTotalFen, string Reason,
    string RequestedByName, DateTime RequestedAt, AdjustmentStatus Status, string? DecidedByName, DateTime? DecidedAt, string? DecisionNote);

public sealed record ReminderTemplateView(Guid Id, string Name, string Text, bool BuiltIn);

public sealed record LabelBatchView(Guid BatchId, LabelFormat Format, string PrintedBy, DateTime PrintedAt, IReadOnlyList<LabelView> Labels);

public sealed record LabelView(string OrderNo, string ShopName, string ReceiverName, string ReceiverPhone, string Address,
    string? Carrier, string? TrackingNo, string Contents, string? Remark);
