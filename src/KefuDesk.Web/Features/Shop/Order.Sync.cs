using KefuDesk.Features.Shop.Sync;

namespace KefuDesk.Features.Shop;

/// <summary>An order's status and money, as the audit log records them before and after a sync.</summary>
public sealed record OrderMoney(OrderStatus Status, long TotalFen, long DiscountFen, long ShippingFen, long PaidFen);

/// <summary>What a platform update did to an order; Before/After are set when its status or money changed.</summary>
public sealed record OrderSyncResult(SyncOutcome Outcome, OrderMoney? Before = null, OrderMoney? After = null);

/// <summary>
/// Updates from the shop platform (import files and the sync API). The platform is the source of
/// truth for an order, but only its latest word counts: an update older than <see cref="UpdatedAt"/>
/// is ignored, so retries and webhooks arriving out of order cannot undo a newer state. A field the
/// update leaves blank (remark, carrier, paid time…) keeps what is stored.
/// </summary>
public sealed partial class Order
{
    /// <summary>An order the platform reports for the first time.</summary>
    public static Order FromPlatform(Guid id, Guid shopId, Guid customerId, PlatformOrder update, Func<string, Guid?> productOf)
    {
        var order = new Order(id, shopId, customerId, update.OrderNo, update.Status, update.CreatedAt, update.ReceiverName,
            update.ReceiverPhone, update.Address);
        order.Take(update, customerId, productOf);
        order.Touch(update.UpdatedAt);
        order.Raise(new OrderSynced(order.Id, shopId, SyncOutcome.New, order.Status, update.UpdatedAt));
        return order;
    }

    /// <summary>Applies the platform's newer word on this order; an older one changes nothing.</summary>
    public OrderSyncResult SyncFrom(PlatformOrder update, Guid customerId, Func<string, Guid?> productOf)
    {
        if (!string.Equals(update.OrderNo, OrderNo, StringComparison.Ordinal))
        {
            throw new ArgumentException("The update is for another order.", nameof(update));
        }

        if (update.UpdatedAt < UpdatedAt)
        {
            return new OrderSyncResult(SyncOutcome.Stale);
        }

        if (Matches(update, customerId, productOf))
        {
            if (update.UpdatedAt > UpdatedAt)
            {
                Touch(update.UpdatedAt); // later news of the same state: an update older than this is stale now
            }

            return new OrderSyncResult(SyncOutcome.Unchanged);
        }

        var before = Money;
        Take(update, customerId, productOf);
        Touch(update.UpdatedAt);
        Raise(new OrderSynced(Id, ShopId, SyncOutcome.Updated, Status, update.UpdatedAt));
        var after = Money;
        return before == after ? new OrderSyncResult(SyncOutcome.Updated) : new OrderSyncResult(SyncOutcome.Updated, before, after);
    }

    /// <summary>
    /// The carrier reported the parcel of an order that has no tracking number yet. Not platform news
    /// of the order itself, so <see cref="UpdatedAt"/> stays; an existing tracking number is kept.
    /// </summary>
    public bool NoteParcel(string? carrier, string? trackingNo)
    {
        if (!string.IsNullOrEmpty(TrackingNo) || string.IsNullOrWhiteSpace(trackingNo))
        {
            return false;
        }

        Carrier = string.IsNullOrWhiteSpace(carrier) ? Carrier : carrier;
        TrackingNo = trackingNo;
        Touch(UpdatedAt);
        return true;
    }

    public OrderMoney Money => new(Status, TotalFen, DiscountFen, ShippingFen, PaidFen);

    private bool Matches(PlatformOrder u, Guid customerId, Func<string, Guid?> productOf) =>
        CustomerId == customerId && Status == u.Status && CreatedAt == u.CreatedAt
        && DiscountFen == u.DiscountFen && ShippingFen == u.ShippingFen && PaidFen == u.PaidFen
        && PaidAt == (u.PaidAt ?? PaidAt) && ShippedAt == (u.ShippedAt ?? ShippedAt)
        && ReceiverName == Kept(u.ReceiverName, ReceiverName) && ReceiverPhone == Kept(u.ReceiverPhone, ReceiverPhone)
        && Address == Kept(u.Address, Address) && Remark == (u.Remark ?? Remark)
        && Carrier == (u.Carrier ?? Carrier) && TrackingNo == (u.TrackingNo ?? TrackingNo)
        && (Status != OrderStatus.Closed || ClosedAt is not null)
        && LinesOf(_items.Select(i => (i.ProductId, i.Sku, i.Title, i.UnitPriceFen, i.Quantity)))
            .SequenceEqual(LinesOf(u.Lines.Select(l => (productOf(l.Sku), l.Sku, l.Title, l.UnitPriceFen, l.Quantity))));

    private void Take(PlatformOrder u, Guid customerId, Func<string, Guid?> productOf)
    {
        CustomerId = customerId;
        Status = u.Status;
        CreatedAt = u.CreatedAt;
        DiscountFen = u.DiscountFen;
        ShippingFen = u.ShippingFen;
        PaidFen = u.PaidFen;
        PaidAt = u.PaidAt ?? PaidAt;
        ShippedAt = u.ShippedAt ?? ShippedAt;
        ClosedAt = u.Status == OrderStatus.Closed ? ClosedAt ?? u.UpdatedAt : null;
        ReceiverName = Kept(u.ReceiverName, ReceiverName);
        ReceiverPhone = Kept(u.ReceiverPhone, ReceiverPhone);
        Address = Kept(u.Address, Address);
        Remark = u.Remark ?? Remark;
        Carrier = u.Carrier ?? Carrier;
        TrackingNo = u.TrackingNo ?? TrackingNo;
        _items.Clear();
        var stamp = new DateTimeOffset(u.UpdatedAt, TimeSpan.Zero);
        foreach (var (line, i) in u.Lines.Select((l, i) => (l, i)))
        {
            // Version 7 ids a millisecond apart keep the lines in the platform's order when read back by id.
            _items.Add(new OrderItem(Guid.CreateVersion7(stamp.AddMilliseconds(i)), Id, productOf(line.Sku), line.Sku, line.Title, line.UnitPriceFen,
                line.Quantity));
        }

        TotalFen = GoodsFen - DiscountFen + ShippingFen;
    }

    private static string Kept(string reported, string stored) => reported.Length == 0 ? stored : reported;

    /// <summary>Lines compared as a set: the database returns them in no particular order.</summary>
    private static IEnumerable<(Guid?, string, string, long, int)> LinesOf(IEnumerable<(Guid?, string, string, long, int)> lines) =>
        lines.OrderBy(l => l.Item2, StringComparer.Ordinal).ThenBy(l => l.Item3, StringComparer.Ordinal).ThenBy(l => l.Item4).ThenBy(l => l.Item5);
}
