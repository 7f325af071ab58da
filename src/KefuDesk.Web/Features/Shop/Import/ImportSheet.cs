using System.Globalization;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Spreadsheets;

namespace KefuDesk.Features.Shop.Import;

/// <summary>One record read from a file (a product, an order with its lines, a logistics event), or its problems.</summary>
public sealed record ImportRecord(IReadOnlyList<SheetRow> Rows, object? Snapshot, IReadOnlyList<RowProblem> Problems);

/// <summary>
/// Reads the rows of an import file into checked snapshots, lazily, the same way every time it is
/// read (the preview and the import read the same stored file with the same rules and the same
/// "as of" time). Orders span one row per line; the rows of an order must be together, and the
/// order's own cells on its later rows must be blank or the same as on its first.
/// </summary>
public sealed class ImportSheet(ImportKind kind, IReadOnlyDictionary<string, string> headerOf, TimeZoneInfo zone, DateTime asOf)
{
    private readonly IReadOnlyList<TemplateColumn> _columns = ImportTemplates.Columns(kind);

    public IEnumerable<ImportRecord> Read(IEnumerable<SheetRow> rows) => kind switch
    {
        ImportKind.Products => Products(rows),
        ImportKind.Orders => Orders(rows),
        _ => rows.Select(Logistics),
    };

    /// <summary>The cells of a row under the template's columns, in template order (blank where the file has no such column).</summary>
    public IReadOnlyList<string> TemplateCells(SheetRow row) =>
        _columns.Select(c => headerOf.TryGetValue(ImportTemplates.Key(c), out var header) ? row[header] : "").ToList();

    /// <summary>A field's column as the file names it (or as the template does, when the file lacks it).</summary>
    public string Label(string field)
    {
        var column = _columns.First(c => c.Field == field);
        return headerOf.TryGetValue(ImportTemplates.Key(column), out var header) ? header : column.Header;
    }

    /// <summary>Products row by row; a SKU seen on an earlier row is a problem (one file says one thing about a product).</summary>
    private IEnumerable<ImportRecord> Products(IEnumerable<SheetRow> rows)
    {
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var record = Product(row);
            if (record.Snapshot is PlatformProduct product && !firstRowOf.TryAdd(product.Sku, row.RowNumber))
            {
                record = record with
                {
                    Snapshot = null,
                    Problems = [OnRow(row, new DataProblem("sku", "duplicate_row", product.Sku, firstRowOf[product.Sku].ToString(CultureInfo.InvariantCulture)))],
                };
            }

            yield return record;
        }
    }

    private ImportRecord Product(SheetRow row)
    {
        var found = new List<DataProblem>();
        var sku = PlatformRules.Text(found, "sku", Cell(row, "sku"), PlatformRules.SkuMax, required: true);
        var title = PlatformRules.Text(found, "title", Cell(row, "title"), PlatformRules.TitleMax, required: true);
        var price = Money(found, row, "priceFen", required: true, (f, fen, given) => PlatformRules.Price(f, "priceFen", fen, given));
        var stock = Whole(found, row, "stock", n => PlatformRules.Stock(found, "stock", n, Cell(row, "stock"))) ?? 0;
        var image = PlatformRules.ImageUrl(found, "imageUrl", Cell(row, "imageUrl"));
        var attributes = PlatformRules.Text(found, "attributes", Cell(row, "attributes"), PlatformRules.AttributesMax, required: false) ?? "";
        var updated = Time(found, row, "updatedAt", required: false) ?? asOf;
        var snapshot = found.Count == 0 ? new PlatformProduct(sku!, title!, price!.Value, stock, image, attributes, updated) : null;
        return new ImportRecord([row], snapshot, found.Select(p => OnRow(row, p)).ToList());
    }

    private ImportRecord Logistics(SheetRow row)
    {
        var found = new List<DataProblem>();
        var orderNo = PlatformRules.Text(found, "orderNo", Cell(row, "orderNo"), PlatformRules.OrderNoMax, required: true);
        var carrier = PlatformRules.Text(found, "carrier", Cell(row, "carrier"), PlatformRules.CarrierMax, required: false);
        var trackingNo = PlatformRules.Text(found, "trackingNo", Cell(row, "trackingNo"), PlatformRules.TrackingNoMax, required: false);
        var at = Time(found, row, "at", required: true);
        var description = PlatformRules.Text(found, "description", Cell(row, "description"), PlatformRules.DescriptionMax, required: true);
        var location = PlatformRules.Text(found, "location", Cell(row, "location"), PlatformRules.LocationMax, required: false);
        var snapshot = found.Count == 0 ? new PlatformLogisticsEvent(orderNo!, carrier, trackingNo, at!.Value, description!, location) : null;
        return new ImportRecord([row], snapshot, found.Select(p => OnRow(row, p)).ToList());
    }

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

            group.Add(row);
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
        var receiverPhone = PlatformRules.Text(found, "receiver.phone", Cell(first, "receiver.phone"), PlatformRules.ReceiverPhoneMax, required: false) ?? "";
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
            var price = LineMoney(found, row, i);
            var quantity = LineQuantity(found, row, i);
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

    private long? LineMoney(List<DataProblem> found, SheetRow row, int line)
    {
        var given = Line(row, "unitPriceFen");
        if (given.Length == 0)
        {
            found.Add(new DataProblem("unitPriceFen", "required", Line: line));
            return null;
        }

        var fen = PlatformValues.Fen(given);
        if (fen is null)
        {
            found.Add(new DataProblem("unitPriceFen", "not_money", given, Line: line));
            return null;
        }

        return PlatformRules.Price(found, "unitPriceFen", fen, given, line);
    }

    private int? LineQuantity(List<DataProblem> found, SheetRow row, int line)
    {
        var given = Line(row, "quantity");
        if (given.Length == 0)
        {
            found.Add(new DataProblem("quantity", "required", Line: line));
            return null;
        }

        var n = PlatformValues.Whole(given);
        if (n is null)
        {
            found.Add(new DataProblem("quantity", "not_integer", given, Line: line));
            return null;
        }

        return PlatformRules.Quantity(found, "quantity", n, given, line);
    }

    private OrderStatus? Status(List<DataProblem> found, SheetRow row)
    {
        var given = Cell(row, "status");
        if (given.Length == 0)
        {
            found.Add(new DataProblem("status", "required"));
            return null;
        }

        var status = PlatformValues.Status(given);
        if (status is null)
        {
            found.Add(new DataProblem("status", "unknown_status", given));
        }

        return status;
    }

    private long? Money(List<DataProblem> found, SheetRow row, string field, bool required, Func<List<DataProblem>, long?, string, long?> rule)
    {
        var given = Cell(row, field);
        if (given.Length == 0)
        {
            if (required)
            {
                found.Add(new DataProblem(field, "required"));
            }

            return null;
        }

        var fen = PlatformValues.Fen(given);
        if (fen is null)
        {
            found.Add(new DataProblem(field, "not_money", given));
            return null;
        }

        return rule(found, fen, given);
    }

    private int? Whole(List<DataProblem> found, SheetRow row, string field, Func<long?, int?> rule)
    {
        var given = Cell(row, field);
        if (given.Length == 0)
        {
            return null;
        }

        var n = PlatformValues.Whole(given);
        if (n is null)
        {
            found.Add(new DataProblem(field, "not_integer", given));
            return null;
        }

        return rule(n);
    }

    private DateTime? Time(List<DataProblem> found, SheetRow row, string field, bool required)
    {
        var given = Cell(row, field);
        if (given.Length == 0)
        {
            if (required)
            {
                found.Add(new DataProblem(field, "required"));
            }

            return null;
        }

        var time = PlatformValues.Time(given, zone);
        if (time is null)
        {
            found.Add(new DataProblem(field, "not_time", given));
        }

        return time;
    }

    private string Cell(SheetRow row, string field) => headerOf.TryGetValue(field, out var header) ? row[header] : "";

    private string Line(SheetRow row, string field) => headerOf.TryGetValue("line:" + field, out var header) ? row[header] : "";

    /// <summary>A problem placed on its row and named by the column as the file calls it.</summary>
    private RowProblem OnRow(SheetRow row, DataProblem problem, bool line = false)
    {
        var column = _columns.FirstOrDefault(c => c.Field == problem.Field && c.Line == line)
                     ?? _columns.FirstOrDefault(c => c.Field == problem.Field)
                     ?? _columns.First(c => c.Line || kind != ImportKind.Orders);
        var label = headerOf.TryGetValue(ImportTemplates.Key(column), out var header) ? header : column.Header;
        return new RowProblem(row.RowNumber, label, problem.Code, problem.Value, problem.Extra);
    }
}
