namespace KefuDesk.Features.Shop.Sync;

/// <summary>A product as the platform sends it. Money in fen; times ISO 8601 (without an offset: the shop's time zone).</summary>
public sealed record ProductUpdate(string? Sku, string? Title, long? PriceFen, long? Stock, string? ImageUrl, string? Attributes, string? UpdatedAt);

public sealed record OrderBuyer(string? Id, string? Name);

public sealed record OrderReceiver(string? Name, string? Phone, string? Address);

public sealed record OrderLineUpdate(string? Sku, string? Title, long? UnitPriceFen, long? Quantity);

/// <summary>
/// An order as the platform sends it: status in Chinese (待发货) or by name (awaitingShipment);
/// paidFen left out means nothing before payment and the full amount due after.
/// </summary>
public sealed record OrderUpdate(
    string? OrderNo,
    OrderBuyer? Buyer,
    string? Status,
    string? CreatedAt,
    string? PaidAt,
    string? ShippedAt,
    string? UpdatedAt,
    long? DiscountFen,
    long? ShippingFen,
    long? PaidFen,
    OrderReceiver? Receiver,
    string? Remark,
    string? Carrier,
    string? TrackingNo,
    IReadOnlyList<OrderLineUpdate>? Items);

public sealed record LogisticsUpdate(string? OrderNo, string? Carrier, string? TrackingNo, string? At, string? Description, string? Location);

/// <summary>What the signed webhook carries: any of the three lists, applied together (products, then orders, then logistics).</summary>
public sealed record SyncBatch(IReadOnlyList<ProductUpdate>? Products, IReadOnlyList<OrderUpdate>? Orders, IReadOnlyList<LogisticsUpdate>? Logistics);

/// <summary>What a batch did, per kind.</summary>
public sealed record SyncResult(SyncCounts Products, SyncCounts Orders, SyncCounts Logistics);

/// <summary>A problem of one item of a batch: where ("orders[3].items[0].unitPriceFen") and what.</summary>
public sealed record ItemProblem(string Path, DataProblem Problem);

/// <summary>Turns the sync API's items into checked snapshots, with every problem named by its path in the batch.</summary>
public static class SyncPayloads
{
    public static PlatformProduct? Product(ProductUpdate item, string path, TimeZoneInfo zone, List<ItemProblem> problems)
    {
        var found = new List<DataProblem>();
        var sku = PlatformRules.Text(found, "sku", item.Sku, PlatformRules.SkuMax, required: true);
        var title = PlatformRules.Text(found, "title", item.Title, PlatformRules.TitleMax, required: true);
        var price = item.PriceFen is null ? Required(found, "priceFen") : PlatformRules.Price(found, "priceFen", item.PriceFen, Fen(item.PriceFen));
        var stock = PlatformRules.Stock(found, "stock", item.Stock ?? 0, (item.Stock ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var image = PlatformRules.ImageUrl(found, "imageUrl", item.ImageUrl);
        var attributes = PlatformRules.Text(found, "attributes", item.Attributes, PlatformRules.AttributesMax, required: false) ?? "";
        var updated = Time(found, "updatedAt", item.UpdatedAt, zone, required: true);
        problems.AddRange(found.Select(p => new ItemProblem($"{path}.{p.Field}", p)));
        return found.Count > 0 ? null : new PlatformProduct(sku!, title!, price!.Value, stock!.Value, image, attributes, updated!.Value);
    }

    public static PlatformOrder? Order(OrderUpdate item, string path, TimeZoneInfo zone, List<ItemProblem> problems)
    {
        var found = new List<DataProblem>();
        var orderNo = PlatformRules.Text(found, "orderNo", item.OrderNo, PlatformRules.OrderNoMax, required: true);
        var buyerId = PlatformRules.Text(found, "buyer.id", item.Buyer?.Id, PlatformRules.BuyerIdMax, required: true);
        var buyerName = PlatformRules.Text(found, "buyer.name", item.Buyer?.Name, PlatformRules.BuyerNameMax, required: false);
        var status = Status(found, item.Status);
        var created = Time(found, "createdAt", item.CreatedAt, zone, required: true);
        var paidAt = Time(found, "paidAt", item.PaidAt, zone, required: false);
        var shippedAt = Time(found, "shippedAt", item.ShippedAt, zone, required: false);
        var updated = Time(found, "updatedAt", item.UpdatedAt, zone, required: true);
        var discount = PlatformRules.Amount(found, "discountFen", item.DiscountFen ?? 0, Fen(item.DiscountFen ?? 0));
        var shipping = PlatformRules.Amount(found, "shippingFen", item.ShippingFen ?? 0, Fen(item.ShippingFen ?? 0));
        var paid = item.PaidFen is null ? null : PlatformRules.Amount(found, "paidFen", item.PaidFen, Fen(item.PaidFen));
        var receiverName = PlatformRules.Text(found, "receiver.name", item.Receiver?.Name, PlatformRules.ReceiverNameMax, required: false) ?? "";
        var receiverPhone = PlatformRules.Phone(found, "receiver.phone", item.Receiver?.Phone) ?? "";
        var address = PlatformRules.Text(found, "receiver.address", item.Receiver?.Address, PlatformRules.AddressMax, required: false) ?? "";
        var remark = PlatformRules.Text(found, "remark", item.Remark, PlatformRules.RemarkMax, required: false);
        var carrier = PlatformRules.Text(found, "carrier", item.Carrier, PlatformRules.CarrierMax, required: false);
        var trackingNo = PlatformRules.Text(found, "trackingNo", item.TrackingNo, PlatformRules.TrackingNoMax, required: false);
        var lines = new List<PlatformOrderLine>();
        foreach (var (line, i) in (item.Items ?? []).Select((l, i) => (l ?? new OrderLineUpdate(null, null, null, null), i)))
        {
            var sku = PlatformRules.Text(found, "sku", line.Sku, PlatformRules.SkuMax, required: false, line: i) ?? "";
            var title = PlatformRules.Text(found, "title", line.Title, PlatformRules.TitleMax, required: true, line: i);
            var price = line.UnitPriceFen is null
                ? Required(found, "unitPriceFen", i)
                : PlatformRules.Price(found, "unitPriceFen", line.UnitPriceFen, Fen(line.UnitPriceFen), i);
            var quantity = line.Quantity is null
                ? (int?)Required(found, "quantity", i)
                : PlatformRules.Quantity(found, "quantity", line.Quantity, line.Quantity.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), i);
            if (title is not null && price is not null && quantity is not null)
            {
                lines.Add(new PlatformOrderLine(sku, title, price.Value, quantity.Value));
            }
        }

        PlatformOrder? order = null;
        if (found.Count == 0)
        {
            var goods = lines.Sum(l => l.UnitPriceFen * l.Quantity);
            order = new PlatformOrder(orderNo!, buyerId!, buyerName, status!.Value, created!.Value, paidAt, shippedAt, discount!.Value, shipping!.Value,
                paid ?? PlatformRules.DefaultPaid(status.Value, paidAt, goods - discount.Value + shipping.Value), receiverName, receiverPhone, address,
                remark, carrier, trackingNo, updated!.Value, lines);
            PlatformRules.CheckOrder(found, order, field => field);
        }

        problems.AddRange(found.Select(p => new ItemProblem(p.Line is { } l ? $"{path}.items[{l}].{p.Field}" : $"{path}.{p.Field}", p)));
        return found.Count > 0 ? null : order;
    }

    public static PlatformLogisticsEvent? Logistics(LogisticsUpdate item, string path, TimeZoneInfo zone, List<ItemProblem> problems)
    {
        var found = new List<DataProblem>();
        var orderNo = PlatformRules.Text(found, "orderNo", item.OrderNo, PlatformRules.OrderNoMax, required: true);
        var carrier = PlatformRules.Text(found, "carrier", item.Carrier, PlatformRules.CarrierMax, required: false);
        var trackingNo = PlatformRules.Text(found, "trackingNo", item.TrackingNo, PlatformRules.TrackingNoMax, required: false);
        var at = Time(found, "at", item.At, zone, required: true);
        var description = PlatformRules.Text(found, "description", item.Description, PlatformRules.DescriptionMax, required: true);
        var location = PlatformRules.Text(found, "location", item.Location, PlatformRules.LocationMax, required: false);
        problems.AddRange(found.Select(p => new ItemProblem($"{path}.{p.Field}", p)));
        return found.Count > 0 ? null : new PlatformLogisticsEvent(orderNo!, carrier, trackingNo, at!.Value, description!, location);
    }

    private static OrderStatus? Status(List<DataProblem> found, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            found.Add(new DataProblem("status", "required"));
            return null;
        }

        var status = PlatformValues.Status(text);
        if (status is null)
        {
            found.Add(new DataProblem("status", "unknown_status", text.Length > 40 ? text[..40] : text));
        }

        return status;
    }

    private static DateTime? Time(List<DataProblem> found, string field, string? text, TimeZoneInfo zone, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                found.Add(new DataProblem(field, "required"));
            }

            return null;
        }

        var time = PlatformValues.Time(text, zone);
        if (time is null)
        {
            found.Add(new DataProblem(field, "not_time", text.Length > 40 ? text[..40] : text));
        }

        return time;
    }

    private static long? Required(List<DataProblem> found, string field, int? line = null)
    {
        found.Add(new DataProblem(field, "required", Line: line));
        return null;
    }

    private static string Fen(long? fen) => fen?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
