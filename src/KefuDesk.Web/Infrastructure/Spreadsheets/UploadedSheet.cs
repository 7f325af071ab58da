namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>A cell as a reader found it: its column (1 is A) and its trimmed text.</summary>
internal readonly record struct SheetCell(int Column, string Text);

/// <summary>
/// An uploaded sheet read once, front to back, within <see cref="SheetLimits"/>: the header row
/// (the first row that is not blank), then the data rows under it, one at a time. Only non-blank
/// cells under a header are kept, so a row costs what it holds under the headers, whatever else the
/// file says.
/// </summary>
public abstract class UploadedSheet : IDisposable
{
    /// <summary>Excel's last column (XFD); cells further right are never headers.</summary>
    internal const int MaxColumns = 16_384;

    private IEnumerator<(int Row, List<SheetCell> Cells)>? _raw;
    private IReadOnlyList<string>? _headers;
    private string?[] _keyOf = [];
    private bool _rowsTaken;

    private protected UploadedSheet(SheetLimits limits) => Limits = limits;

    private protected SheetLimits Limits { get; }

    /// <summary>The header row's cells (trimmed) from column A to its last header, blank where a column has none.</summary>
    public IReadOnlyList<string> Headers => _headers ??= ReadHeader();

    /// <summary>
    /// The data rows under the header row, lazily; wholly blank rows are skipped. Row numbers are
    /// the sheet's own (the header is row 1 as Excel shows it), so an error can say "第 12 行". Past
    /// <see cref="SheetLimits.MaxRows"/> rows, a <see cref="SheetTooLargeException"/>.
    /// </summary>
    public IEnumerable<SheetRow> Rows()
    {
        if (_rowsTaken)
        {
            throw new InvalidOperationException("A sheet's rows are read once.");
        }

        _rowsTaken = true;
        return DataRows();
    }

    /// <summary>
    /// Every row as read: its number and its non-blank cells, columns rising and at most
    /// <see cref="MaxColumns"/> (so a row holds at most that many). The list is reused from row to row.
    /// </summary>
    private protected abstract IEnumerable<(int Row, List<SheetCell> Cells)> ReadRows();

    public void Dispose()
    {
        _raw?.Dispose();
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    private IReadOnlyList<string> ReadHeader()
    {
        _raw ??= ReadRows().GetEnumerator();
        while (_raw.MoveNext())
        {
            var cells = _raw.Current.Cells;
            if (cells.Count == 0)
            {
                continue;
            }

            var headers = new string[cells[^1].Column];
            Array.Fill(headers, "");
            foreach (var cell in cells)
            {
                headers[cell.Column - 1] = cell.Text;
            }

            // A header named twice fills from its first column, as the import templates say.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            _keyOf = headers.Select(h => h.Length > 0 && seen.Add(h) ? h : null).ToArray();
            return headers;
        }

        return [];
    }

    private IEnumerable<SheetRow> DataRows()
    {
        if (Headers.Count == 0)
        {
            yield break;
        }

        // Every row with something in it counts against the bound, under a header or not.
        var read = 0;
        while (_raw!.MoveNext())
        {
            var (number, cells) = _raw.Current;
            if (cells.Count == 0)
            {
                continue;
            }

            if (++read > Limits.MaxRows)
            {
                throw new SheetTooLargeException(SheetBound.Rows, Limits.MaxRows);
            }

            Dictionary<string, string>? row = null;
            foreach (var cell in cells)
            {
                if (cell.Column <= _keyOf.Length && _keyOf[cell.Column - 1] is { } key)
                {
                    row ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    row[key] = cell.Text;
                }
            }

            if (row is not null)
            {
                yield return new SheetRow(number, row);
            }
        }
    }
}
