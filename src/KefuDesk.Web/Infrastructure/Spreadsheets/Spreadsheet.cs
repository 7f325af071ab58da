using MiniExcelLibs;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>One data row of an uploaded sheet: its row number as Excel shows it, and its non-blank cells by header.</summary>
public sealed record SheetRow(int RowNumber, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The trimmed text under a header; empty when the cell is blank or the column is missing.</summary>
    public string this[string header] => Cells.TryGetValue(header, out var v) ? v : "";
}

/// <summary>
/// Reads and writes the spreadsheets supervisors live in (.xlsx and .csv). Every list's "export to
/// Excel" and every import goes through here. Reading is streamed, a row at a time, and bounded by
/// <see cref="SheetLimits"/> (rows, unpacked bytes, cell length): a small file that unpacks to
/// millions of rows or one enormous cell stops with a <see cref="SheetTooLargeException"/> at the
/// first bound, in seconds and without holding more than the bounds allow.
/// </summary>
public static class Spreadsheet
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Cells shown in a preview are cut to this many characters.</summary>
    public const int PreviewCharacters = 60;

    /// <summary>The kinds of file accepted, by name: .xlsx or .csv (UTF-8, with or without BOM).</summary>
    public static bool IsSupported(string fileName) => IsXlsx(fileName) || IsCsv(fileName);

    /// <summary>
    /// Opens an uploaded file to read its header row and then its rows, in one pass. The caller
    /// keeps <paramref name="file"/> (seekable for an .xlsx); without <paramref name="limits"/>, the defaults.
    /// </summary>
    public static UploadedSheet Open(Stream file, string fileName, SheetLimits? limits = null)
    {
        limits ??= new SheetLimits();
        if (IsCsv(fileName))
        {
            return new CsvSheet(file, limits);
        }

        return IsXlsx(fileName) ? new XlsxSheet(file, limits) : throw new NotSupportedException($"Not a spreadsheet: {fileName}");
    }

    /// <summary>The header row (trimmed), in sheet order.</summary>
    public static IReadOnlyList<string> Headers(Stream file, string fileName, SheetLimits? limits = null)
    {
        using var sheet = Open(file, fileName, limits);
        return sheet.Headers;
    }

    /// <summary>
    /// The data rows under the header row, lazily; wholly blank rows are skipped. Row numbers count
    /// the header as row 1, as Excel does, so an error can say "第 12 行".
    /// </summary>
    public static IEnumerable<SheetRow> Rows(Stream file, string fileName, SheetLimits? limits = null)
    {
        using var sheet = Open(file, fileName, limits);
        foreach (var row in sheet.Rows())
        {
            yield return row;
        }
    }

    /// <summary>A cell as a preview shows it: cut with an ellipsis past <paramref name="max"/> characters.</summary>
    public static string Preview(string cell, int max = PreviewCharacters) => cell.Length <= max ? cell : string.Concat(cell.AsSpan(0, max), "…");

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

    private static bool IsXlsx(string fileName) => Path.GetExtension(fileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);

    private static bool IsCsv(string fileName) => Path.GetExtension(fileName).Equals(".csv", StringComparison.OrdinalIgnoreCase);
}
