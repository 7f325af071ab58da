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
public sealed partial class ImportSheet(ImportKind kind, IReadOnlyDictionary<string, string> headerOf, TimeZoneInfo zone, DateTime asOf)
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
        var stock = Whole(found, row, "stock", required: false, (n, given) => PlatformRules.Stock(found, "stock", n, given)) ?? 0;
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

    /// <summary>A money cell (yuan, as the platforms write it) in fen; with <paramref name="line"/>, that order line's own cell.</summary>
    private long? Money(List<DataProblem> found, SheetRow row, string field, bool required, Func<List<DataProblem>, long?, string, long?> rule,
        int? line = null)
    {
        var given = line is null ? Cell(row, field) : Line(row, field);
        if (given.Length == 0)
        {
            if (required)
            {
                found.Add(new DataProblem(field, "required", Line: line));
            }

            return null;
        }

        var fen = PlatformValues.Fen(given);
        if (fen is null)
        {
            found.Add(new DataProblem(field, "not_money", given, Line: line));
            return null;
        }

        return rule(found, fen, given);
    }

    /// <summary>A whole-number cell; with <paramref name="line"/>, that order line's own cell.</summary>
    private int? Whole(List<DataProblem> found, SheetRow row, string field, bool required, Func<long?, string, int?> rule, int? line = null)
    {
        var given = line is null ? Cell(row, field) : Line(row, field);
        if (given.Length == 0)
        {
            if (required)
            {
                found.Add(new DataProblem(field, "required", Line: line));
            }

            return null;
        }

        var n = PlatformValues.Whole(given);
        if (n is null)
        {
            found.Add(new DataProblem(field, "not_integer", given, Line: line));
            return null;
        }

        return rule(n, given);
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
