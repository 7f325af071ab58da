namespace KefuDesk.Features.Shop.Sync;

/// <summary>
/// A product as the shop platform reports it at <see cref="UpdatedAt"/>: what an import row or a
/// sync item says, already checked (money in fen, times in UTC).
/// </summary>
public sealed record PlatformProduct(string Sku, string Title, long PriceFen, int Stock, string ImageUrl, string Attributes, DateTime UpdatedAt);

/// <summary>One line of an order: which item, at what price, how many.</summary>
public sealed record PlatformOrderLine(string Sku, string Title, long UnitPriceFen, int Quantity);

/// <summary>
/// An order as the shop platform reports it at <see cref="UpdatedAt"/>. The buyer is the platform's
/// account id (淘宝: 买家会员名); <see cref="PaidFen"/> is what the buyer actually paid (实付).
/// </summary>
public sealed record PlatformOrder(
    string OrderNo,
    string BuyerId,
    string? BuyerName,
    OrderStatus Status,
    DateTime CreatedAt,
    DateTime? PaidAt,
    DateTime? ShippedAt,
    long DiscountFen,
    long ShippingFen,
    long PaidFen,
    string ReceiverName,
    string ReceiverPhone,
    string Address,
    string? Remark,
    string? Carrier,
    string? TrackingNo,
    DateTime UpdatedAt,
    IReadOnlyList<PlatformOrderLine> Lines)
{
    public long GoodsFen => Lines.Sum(l => l.UnitPriceFen * l.Quantity);

    /// <summary>应付: the goods, less the shop's discounts, plus shipping.</summary>
    public long TotalFen => GoodsFen - DiscountFen + ShippingFen;
}

/// <summary>One step of a parcel's journey for an order, as the carrier (through the platform) reports it.</summary>
public sealed record PlatformLogisticsEvent(string OrderNo, string? Carrier, string? TrackingNo, DateTime At, string Description, string? Location);

/// <summary>What became of one record of a batch.</summary>
public enum SyncOutcome
{
    New,
    Updated,
    Unchanged,

    /// <summary>Older than what is stored (a retry or an out-of-order webhook): ignored.</summary>
    Stale,
}

/// <summary>How many records of a batch were new, updated, the same as stored, or older than stored.</summary>
public sealed record SyncCounts(int New, int Updated, int Unchanged, int Stale)
{
    public static readonly SyncCounts None = new(0, 0, 0, 0);

    [System.Text.Json.Serialization.JsonIgnore]
    public int Total => New + Updated + Unchanged + Stale;

    public SyncCounts Add(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.New => this with { New = New + 1 },
        SyncOutcome.Updated => this with { Updated = Updated + 1 },
        SyncOutcome.Unchanged => this with { Unchanged = Unchanged + 1 },
        _ => this with { Stale = Stale + 1 },
    };

    public SyncCounts Add(SyncCounts other) =>
        new(New + other.New, Updated + other.Updated, Unchanged + other.Unchanged, Stale + other.Stale);
}

/// <summary>The platform reported an order new or changed (not raised for a repeat or an older report).</summary>
public sealed record OrderSynced(Guid OrderId, Guid ShopId, SyncOutcome Outcome, OrderStatus Status, DateTime At) : Infrastructure.Events.IDomainEvent
{
    public string Name => "order.synced";
}
