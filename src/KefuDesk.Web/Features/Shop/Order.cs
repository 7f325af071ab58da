using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Shop;

/// <summary>Order states as the shop platforms name them.</summary>
public enum OrderStatus
{
    AwaitingPayment,   // 待付款
    AwaitingShipment,  // 待发货
    Shipped,           // 已发货
    Delivered,         // 已签收
    Completed,         // 已完成
    Closed,            // 已关闭
}

/// <summary>
/// A buyer's order, as the shop platform knows it. Money is in fen (分). Each concern keeps its
/// guarded methods in its own part: Order.Actions.cs (agents' order actions), Order.Refunds.cs
/// (after-sales claims on the paid amount), Order.Sync.cs (updates from import and the sync API).
/// Every change bumps <see cref="Version"/> (a concurrency token), so two people acting on one
/// order at once cannot both succeed where only one may.
/// </summary>
public sealed partial class Order : AggregateRoot
{
    private readonly List<OrderItem> _items = [];

    private Order() { }

    public Order(Guid id, Guid shopId, Guid customerId, string orderNo, OrderStatus status, DateTime createdAt,
        string receiverName, string receiverPhone, string address)
    {
        Id = id;
        ShopId = shopId;
        CustomerId = customerId;
        OrderNo = orderNo;
        Status = status;
        CreatedAt = createdAt;
        ReceiverName = receiverName;
        ReceiverPhone = receiverPhone;
        Address = address;
        UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid CustomerId { get; private set; }
    public string OrderNo { get; private set; } = "";
    public OrderStatus Status { get; private set; }
    /// <summary>What the buyer owes: the items, less discounts, plus shipping (应付).</summary>
    public long TotalFen { get; private set; }

    /// <summary>Discounts on the whole order (店铺优惠, 改价 reductions included).</summary>
    public long DiscountFen { get; private set; }

    public long ShippingFen { get; private set; }

    /// <summary>What the buyer paid (实付); refunds never exceed it across all after-sales cases.</summary>
    public long PaidFen { get; private set; }

    /// <summary>Refund amounts held by open after-sales cases plus those already refunded.</summary>
    public long RefundClaimedFen { get; private set; }

    /// <summary>Refunds completed.</summary>
    public long RefundedFen { get; private set; }

    public string? Carrier { get; private set; }
    public string? TrackingNo { get; private set; }
    public DateTime? ShippedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }

    /// <summary>When the shop platform last changed the order; older updates from sync are ignored.</summary>
    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? PaidAt { get; private set; }
    public string ReceiverName { get; private set; } = "";
    public string ReceiverPhone { get; private set; } = "";
    public string Address { get; private set; } = "";
    public string? Remark { get; private set; }
    public IReadOnlyCollection<OrderItem> Items => _items;

    public void AddItem(Guid itemId, Guid? productId, string sku, string title, long unitPriceFen, int quantity)
    {
        _items.Add(new OrderItem(itemId, Id, productId, sku, title, unitPriceFen, quantity));
        TotalFen += unitPriceFen * quantity;
    }

    /// <summary>The items' worth before discounts and shipping.</summary>
    public long GoodsFen => _items.Sum(i => i.UnitPriceFen * i.Quantity);

    /// <summary>Marks a change: the concurrency token moves, so a competing writer's save fails.</summary>
    private void Touch(DateTime at)
    {
        Version++;
        if (at > UpdatedAt)
        {
            UpdatedAt = at;
        }
    }

    public void RecordPayment(long paidFen, DateTime paidAt)
    {
        PaidFen = paidFen;
        PaidAt = paidAt;
    }
}

public sealed class OrderItem
{
    private OrderItem() { }

    internal OrderItem(Guid id, Guid orderId, Guid? productId, string sku, string title, long unitPriceFen, int quantity)
    {
        Id = id;
        OrderId = orderId;
        ProductId = productId;
        Sku = sku;
        Title = title;
        UnitPriceFen = unitPriceFen;
        Quantity = quantity;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid? ProductId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Title { get; private set; } = "";
    public long UnitPriceFen { get; private set; }
    public int Quantity { get; private set; }
}

/// <summary>One step of a parcel's journey (揽收, 运输中, 派送中, 已签收) as the carrier reports it.</summary>
public sealed class LogisticsEvent
{
    private LogisticsEvent() { }

    public LogisticsEvent(Guid id, Guid orderId, DateTime at, string description, string? location)
    {
        Id = id;
        OrderId = orderId;
        At = at;
        Description = description;
        Location = location;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public DateTime At { get; private set; }
    public string Description { get; private set; } = "";
    public string? Location { get; private set; }
}
