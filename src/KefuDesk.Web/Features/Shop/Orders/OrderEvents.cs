using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Shop.Orders;

public sealed record OrderAddressChanged(Guid OrderId, DateTime At) : IDomainEvent
{
    public string Name => "order.address_changed";
}

public sealed record OrderCancelled(Guid OrderId, long RefundedFen, DateTime At) : IDomainEvent
{
    public string Name => "order.cancelled";
}

public sealed record OrderPriceAdjusted(Guid OrderId, long TotalFen, DateTime At) : IDomainEvent
{
    public string Name => "order.price_adjusted";
}

public sealed record OrderShipped(Guid OrderId, string Carrier, string TrackingNo, DateTime At) : IDomainEvent
{
    public string Name => "order.shipped";
}
