using System.Globalization;
using MiniExcelLibs;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>One data row of an uploaded sheet: its row number as Excel shows it, and its cells by header.</summary>
public sealed record SheetRow(int RowNumber, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The trimmed text under a header; empty when the cell is blank or the column is missing.</summary>
    public string this[string header] => Cells.TryGetValue(header, out var v) ? v : "";
}

/// <summary>
/// Reads and writes the spreadsheets supervisors live in (.xlsx and .csv), row by row so a large
/// import does not sit in memory. Every list's "export to Excel" and every import goes through here.
/// </summary>
public static class Spreadsheet
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The kinds of file accepted, by name: .xlsx or .csv (UTF-8, with or without BOM).</summary>
    public static bool IsSupported(string fileName) => TypeOf(fileName) is not null;

    /// <summary>The header row (trimmed), in sheet order.</summary>
    public static IReadOnlyList<string> Headers(Stream file, string fileName)
    {
        var first = file.Query(useHeaderRow: false, excelType: TypeOf(fileName) ?? throw Unsupported(fileName)).FirstOrDefault()
            as IDictionary<string, object?>;
        return first is null ? [] : first.Values.Select(Text).ToList();
    }

    /// <summary>
    /// The data rows under the header row, lazily; wholly blank rows are skipped. Row numbers count
    /// the header as row 1, as Excel does, so an error can say "第 12 行".
    /// </summary>
    public static IEnumerable<SheetRow> Rows(Stream file, string fileName)
    {
        var type = TypeOf(fileName) ?? throw Unsupported(fileName);
        var number = 1;
        foreach (IDictionary<string, object?> row in file.Query(useHeaderRow: true, excelType: type))
        {
            number++;
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (header, value) in row)
            {
                cells[header.Trim()] = Text(value);
            }

            if (cells.Values.Any(v => v.Length > 0))
            {
                yield return new SheetRow(number, cells);
            }
        }
    }

    /// <summary>Writes rows (column header → value, in column order) as an .xlsx sheet.</summary>
    public static async Task WriteXlsxAsync(Stream output, string sheetName, IEnumerable<IReadOnlyDictionary<string, object?>> rows,
        CancellationToken ct = default) =>
        await output.SaveAsAsync(rows.Select(r => r.ToDictionary(p => p.Key, p => p.Value)), sheetName: sheetName,
            excelType: ExcelType.XLSX, cancellationToken: ct);

    /// <summary>An .xlsx file as bytes, for a download endpoint.</summary>
    public static async Task<byte[]> XlsxAsync(string sheetName, IEnumerable<IReadOnlyDictionary<string, object?>> rows, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await WriteXlsxAsync(buffer, sheetName, rows, ct);
        return buffer.ToArray();
    }

    private static ExcelType? TypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xlsx" => ExcelType.XLSX,
        ".csv" => ExcelType.CSV,
        _ => null,
    };

    private static NotSupportedException Unsupported(string fileName) => new($"Not a spreadsheet: {fileName}");

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };
}
