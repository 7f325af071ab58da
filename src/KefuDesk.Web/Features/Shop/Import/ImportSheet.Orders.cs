using System.Globalization;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Spreadsheets;

namespace KefuDesk.Features.Shop.Import;

/// <summary>Orders span one row per line: grouping the rows, reading the order from its first row and a line from each.</summary>
public sealed partial class ImportSheet
{
    /// <summary>Rows grouped by 订单编号 as they come; an order number seen again after other orders is a problem.</summary>
    private IEnumerable<ImportRecord> Orders(IEnumerable<SheetRow> rows)
    {
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var group = new List<SheetRow>();
        int? apartFrom = null;
        foreach (var row in rows)
        {
            var orderNo = Cell(row, "orderNo");
            if (group.Count > 0 && orderNo != Cell(group[0], "orderNo"))
            {
                yield return Order(group, apartFrom);
                group = [];
            }

            if (group.Count == 0)
            {
                apartFrom = orderNo.Length > 0 && !firstRowOf.TryAdd(orderNo, row.RowNumber) ? firstRowOf[orderNo] : null;
            }

            // Past the most lines an order may have, its further rows are not held (the order is refused for
            // too many lines anyway): a file of one order number on every row costs no more than that.
            if (group.Count <= PlatformRules.LinesMax)
            {
                group.Add(row);
            }

            if (orderNo.Length == 0)
            {
                yield return Order(group, null); // a line without an order number stands alone (and says so)
                group = [];
            }
        }

        if (group.Count > 0)
        {
            yield return Order(group, apartFrom);
        }
    }

    private ImportRecord Order(List<SheetRow> rows, int? apartFrom)
    {
        var first = rows[0];
        var found = new List<DataProblem>();
        var orderNo = PlatformRules.Text(found, "orderNo", Cell(first, "orderNo"), PlatformRules.OrderNoMax, required: true);
        if (apartFrom is { } earlier)
        {
            found.Add(new DataProblem("orderNo", "rows_apart", orderNo, earlier.ToString(CultureInfo.InvariantCulture)));
        }

        var buyerId = PlatformRules.Text(found, "buyer.id", Cell(first, "buyer.id"), PlatformRules.BuyerIdMax, required: true);
        var status = Status(found, first);
        var created = Time(found, first, "createdAt", required: true);
        var paidAt = Time(found, first, "paidAt", required: false);
        var shippedAt = Time(found, first, "shippedAt", required: false);
        var updated = Time(found, first, "updatedAt", required: false) ?? asOf;
        var discount = Money(found, first, "discountFen", required: false, (f, fen, given) => PlatformRules.Amount(f, "discountFen", fen, given)) ?? 0;
        var shipping = Money(found, first, "shippingFen", required: false, (f, fen, given) => PlatformRules.Amount(f, "shippingFen", fen, given)) ?? 0;
        var paid = Money(found, first, "paidFen", required: false, (f, fen, given) => PlatformRules.Amount(f, "paidFen", fen, given));
        var receiverName = PlatformRules.Text(found, "receiver.name", Cell(first, "receiver.name"), PlatformRules.ReceiverNameMax, required: false) ?? "";
        var receiverPhone = PlatformRules.Phone(found, "receiver.phone", Cell(first, "receiver.phone")) ?? "";
        var address = PlatformRules.Text(found, "receiver.address", Cell(first, "receiver.address"), PlatformRules.AddressMax, required: false) ?? "";
        var remark = PlatformRules.Text(found, "remark", Cell(first, "remark"), PlatformRules.RemarkMax, required: false);
        var carrier = PlatformRules.Text(found, "carrier", Cell(first, "carrier"), PlatformRules.CarrierMax, required: false);
        var trackingNo = PlatformRules.Text(found, "trackingNo", Cell(first, "trackingNo"), PlatformRules.TrackingNoMax, required: false);

        var lines = new List<PlatformOrderLine>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (i > 0)
            {
                SameAsFirst(found, first, row, i);
            }

            var title = PlatformRules.Text(found, "title", Line(row, "title"), PlatformRules.TitleMax, required: true, line: i);
            var sku = PlatformRules.Text(found, "sku", Line(row, "sku"), PlatformRules.SkuMax, required: false, line: i) ?? "";
            var price = Money(found, row, "unitPriceFen", required: true, (f, fen, given) => PlatformRules.Price(f, "unitPriceFen", fen, given, i), line: i);
            var quantity = Whole(found, row, "quantity", required: true, (n, given) => PlatformRules.Quantity(found, "quantity", n, given, i), line: i);
            if (title is not null && price is not null && quantity is not null)
            {
                lines.Add(new PlatformOrderLine(sku, title, price.Value, quantity.Value));
            }
        }

        PlatformOrder? order = null;
        if (found.Count == 0)
        {
            var total = lines.Sum(l => l.UnitPriceFen * l.Quantity) - discount + shipping;
            order = new PlatformOrder(orderNo!, buyerId!, null, status!.Value, created!.Value, paidAt, shippedAt, discount, shipping,
                paid ?? PlatformRules.DefaultPaid(status.Value, paidAt, total), receiverName, receiverPhone, address, remark, carrier, trackingNo,
                updated, lines);
            PlatformRules.CheckOrder(found, order, field => field);
        }

        var problems = found.Select(p => OnRow(p.Line is { } line ? rows[line] : first, p, p.Line is not null)).ToList();
        return new ImportRecord(rows, problems.Count == 0 ? order : null, problems);
    }

    /// <summary>An order's own cells on its later rows: blank, or what its first row says.</summary>
    private void SameAsFirst(List<DataProblem> found, SheetRow first, SheetRow row, int line)
    {
        foreach (var column in _columns.Where(c => !c.Line && c.Field != "orderNo"))
        {
            var value = Cell(row, column.Field);
            if (value.Length > 0 && value != Cell(first, column.Field))
            {
                found.Add(new DataProblem(column.Field, "differs_from_first_row", value, first.RowNumber.ToString(CultureInfo.InvariantCulture), line));
            }
        }
    }
}
