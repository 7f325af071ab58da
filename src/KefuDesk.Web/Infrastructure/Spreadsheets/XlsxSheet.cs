using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// The first sheet of an .xlsx, streamed: one XmlReader over the sheet part, a row at a time, never
/// a whole-sheet DOM. Everything it unpacks (workbook, styles, shared strings, sheet) counts against
/// one <see cref="UnpackBudget"/>, and a cell longer than the bound stops the reading at its row.
/// Values read as the supervisor sees them: dates as "yyyy-MM-dd HH:mm:ss", numbers in invariant
/// form (long whole numbers, such as order numbers, digit for digit), booleans as True/False.
/// </summary>
internal sealed class XlsxSheet : UploadedSheet
{
    private readonly ZipArchive _zip;
    private readonly UnpackBudget _budget;
    private readonly ZipArchiveEntry _sheet;
    private readonly bool[] _dateStyles;
    private readonly bool _date1904;
    private readonly SharedStrings _shared;
    private readonly CellText _text;

    public XlsxSheet(Stream file, SheetLimits limits) : base(limits)
    {
        XlsxParts.CheckPartCount(file);
        _zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            _budget = new UnpackBudget(limits.MaxUnpackedBytes);
            (_sheet, var shared, var styles, _date1904) = XlsxParts.Locate(_zip, _budget);
            // The sheet's stated size is checked first: a sheet that cannot fit is refused before the rest is unpacked.
            if (_sheet.Length > limits.MaxUnpackedBytes)
            {
                throw new SheetTooLargeException(SheetBound.UnpackedBytes, limits.MaxUnpackedBytes);
            }

            _dateStyles = XlsxDateStyles.Read(styles, _budget);
            _shared = SharedStrings.Read(shared, _budget, limits);
            _text = new CellText(limits.MaxCellCharacters);
        }
        catch
        {
            _zip.Dispose();
            throw;
        }
    }

    private protected override IEnumerable<(int Row, List<SheetCell> Cells)> ReadRows()
    {
        using var reader = XlsxParts.Xml(_budget.Open(_sheet));
        var cells = new List<SheetCell>();
        var number = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            // Rows are numbered by their r attribute (a sheet leaves blank rows out); a row without one follows the last.
            number = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > number ? r : number + 1;
            cells.Clear();
            if (!reader.IsEmptyElement)
            {
                ReadCells(reader, number, cells);
            }

            yield return (number, cells);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _zip.Dispose();
        }
    }

    /// <summary>The row's non-blank cells, columns rising; the reader ends on the row's end.</summary>
    private void ReadCells(XmlReader reader, int row, List<SheetCell> cells)
    {
        var depth = reader.Depth;
        var column = 0;
        reader.Read();
        while (reader.Depth > depth && !reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    reader.Skip();
                    continue;
                }

                reader.Read();
                continue;
            }

            var at = ColumnOf(reader.GetAttribute("r"));
            column = at > 0 ? at : column + 1;
            var text = Cell(reader, row);
            if (text.Length > 0 && column <= MaxColumns && (cells.Count == 0 || column > cells[^1].Column))
            {
                cells.Add(new SheetCell(column, text));
            }
        }
    }

    /// <summary>One &lt;c&gt;: its value as text; the reader ends past it.</summary>
    private string Cell(XmlReader reader, int row)
    {
        var type = reader.GetAttribute("t");
        var style = int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        string? value = null;
        string? inline = null;
        reader.Read();
        while (reader.Depth > depth && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                if (reader.LocalName is "v" or "is")
                {
                    _text.Clear();
                    var runs = reader.LocalName == "is";
                    XlsxParts.Collect(reader, _text, runs);
                    if (_text.Overflowed)
                    {
                        throw new SheetTooLargeException(SheetBound.CellCharacters, Limits.MaxCellCharacters, row);
                    }

                    if (runs)
                    {
                        inline = _text.Text();
                    }
                    else
                    {
                        value = _text.Text();
                    }

                    continue;
                }

                reader.Skip(); // a formula, or anything else: the stored value is what counts
                continue;
            }

            reader.Read();
        }

        reader.Read(); // past </c>
        return type switch
        {
            "s" => Shared(value, row),
            "inlineStr" => inline ?? "",
            "b" => value switch { "1" => "True", "0" => "False", _ => value ?? "" },
            "str" or "e" => value ?? "",
            "d" => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? Shown(d) : value ?? "",
            _ => inline ?? Number(value ?? "", style),
        };
    }

    private string Shared(string? index, int row)
    {
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            throw new InvalidDataException($"Shared string index '{index}' at row {row}.");
        }

        return _shared[i] ?? throw new SheetTooLargeException(SheetBound.CellCharacters, Limits.MaxCellCharacters, row);
    }

    private string Number(string raw, int style)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return raw;
        }

        if (style < _dateStyles.Length && _dateStyles[style] && n is >= -657435.0 and < 2958466.0)
        {
            return Shown(DateTime.FromOADate(_date1904 ? n + 1462 : n));
        }

        // A whole number stays as written: a double would turn a 19-digit order number into 1.2345678901234568E+18.
        return raw.AsSpan().TrimStart('-').ContainsAnyExceptInRange('0', '9') ? n.ToString(CultureInfo.InvariantCulture) : raw;
    }

    /// <summary>To the nearest second: a time stored as a fraction of a day (13:05 is 0.54513888…) comes back a hair early.</summary>
    private static string Shown(DateTime at) =>
        new DateTime((at.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond)
            .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The column of a reference ("AB12" is 28); 0 when there is none, past Excel's last column when absurd.</summary>
    private static int ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return 0;
        }

        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
                if (column > MaxColumns)
                {
                    return MaxColumns + 1;
                }
            }
            else
            {
                break;
            }
        }

        return column;
    }
}
