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
/// A buyer's order. For now it is read-only shop data shown beside the chat; order actions
/// (改价, cancel, ship) arrive as guarded methods here.
/// </summary>
public sealed class Order
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
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid CustomerId { get; private set; }
    public string OrderNo { get; private set; } = "";
    public OrderStatus Status { get; private set; }
    public long TotalFen { get; private set; }
    public long PaidFen { get; private set; }
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
