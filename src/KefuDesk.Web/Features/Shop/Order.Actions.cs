using System.Text.RegularExpressions;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Features.Shop;

/// <summary>What an agent may do to an order from the chat, each guarded by the order's state.</summary>
public sealed partial class Order
{
    public const int RemarkMaxLength = 500;

    /// <summary>Not yet handed to the carrier: the address and remark may still change.</summary>
    public bool BeforeShipping => Status is OrderStatus.AwaitingPayment or OrderStatus.AwaitingShipment;

    public void ChangeAddress(string receiverName, string receiverPhone, string address, DateTime at)
    {
        Require(BeforeShipping);
        receiverName = InputText.Accepted(receiverName, "receiverName").Trim();
        address = InputText.Accepted(address, "address").Trim();
        var phone = Customers.PhoneNumberInput.Stored(receiverPhone);
        if (receiverName.Length is 0 or > 50 || address.Length is < 5 or > 300 || phone is null)
        {
            throw new KefuDeskException(OrderErrors.AddressInvalid);
        }

        (ReceiverName, ReceiverPhone, Address) = (receiverName, phone, address);
        Touch(at);
        Raise(new OrderAddressChanged(Id, at));
    }

    public void ChangeRemark(string? remark, DateTime at)
    {
        Require(BeforeShipping);
        remark = string.IsNullOrWhiteSpace(remark) ? null : InputText.Accepted(remark, "remark").Trim();
        if (remark?.Length > RemarkMaxLength)
        {
            throw new KefuDeskException(OrderErrors.RemarkTooLong);
        }

        Remark = remark;
        Touch(at);
    }

    /// <summary>
    /// Closes an order not yet shipped. A paid one gives the whole payment back, so it may not have
    /// an after-sales refund under way (that path owns the money).
    /// </summary>
    public void Cancel(DateTime at)
    {
        Require(BeforeShipping);
        if (PaidFen > 0)
        {
            if (RefundClaimedFen > 0)
            {
                throw new KefuDeskException(OrderErrors.RefundInProgress);
            }

            RefundClaimedFen = RefundedFen = PaidFen;
        }

        Status = OrderStatus.Closed;
        ClosedAt = at;
        Touch(at);
        Raise(new OrderCancelled(Id, PaidFen, at));
    }

    /// <summary>改价: a new amount due for an unpaid order; the difference is booked as a discount.</summary>
    public void AdjustPrice(long newTotalFen, DateTime at)
    {
        Require(Status == OrderStatus.AwaitingPayment);
        if (newTotalFen <= 0 || newTotalFen == TotalFen)
        {
            throw new KefuDeskException(OrderErrors.PriceInvalid);
        }

        DiscountFen += TotalFen - newTotalFen;
        TotalFen = newTotalFen;
        Touch(at);
        Raise(new OrderPriceAdjusted(Id, newTotalFen, at));
    }

    public void MarkShipped(string carrier, string trackingNo, DateTime at)
    {
        Require(Status == OrderStatus.AwaitingShipment);
        carrier = carrier.Trim();
        trackingNo = trackingNo.Trim();
        if (carrier.Length is 0 or > 50 || !TrackingPattern().IsMatch(trackingNo))
        {
            throw new KefuDeskException(OrderErrors.ShipmentInvalid);
        }

        (Carrier, TrackingNo, ShippedAt, Status) = (carrier, trackingNo, at, OrderStatus.Shipped);
        Touch(at);
        Raise(new OrderShipped(Id, carrier, trackingNo, at));
    }

    /// <summary>A 催付 reminder was sent: only while unpaid. Touching the order makes two reminders at once race for the cap.</summary>
    public void RecordPaymentReminder(DateTime at)
    {
        Require(Status == OrderStatus.AwaitingPayment);
        Touch(at);
    }

    /// <summary>A request about this order (a 改价 for a supervisor) was made: racing requests meet on the version.</summary>
    public void RecordRequest(DateTime at)
    {
        Require(Status == OrderStatus.AwaitingPayment);
        Touch(at);
    }

    /// <summary>A shipping label may be printed once paid and until delivered.</summary>
    public bool MayPrintLabel => LabelPrintable(Status);

    /// <summary>A label is printed for a paid order about to ship, or again for one shipped (a parcel relabelled).</summary>
    public static bool LabelPrintable(OrderStatus status) => status is OrderStatus.AwaitingShipment or OrderStatus.Shipped;

    private void Require(bool allowed)
    {
        if (!allowed)
        {
            throw new KefuDeskException(OrderErrors.NotAllowedInState, Status.ToString());
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9-]{6,40}$")]
    private static partial Regex TrackingPattern();
}
