using System.Text;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// A .csv file (UTF-8, with or without BOM), read a character at a time: fields split on commas,
/// "quoted" fields may hold commas, line breaks and doubled quotes. The file's bytes count against
/// the unpacked bound, a field longer than a cell may be stops the reading at its row (so one
/// endless line is never held), and a line with more fields than Excel has columns keeps only those.
/// </summary>
internal sealed class CsvSheet(Stream file, SheetLimits limits) : UploadedSheet(limits)
{
    private protected override IEnumerable<(int Row, List<SheetCell> Cells)> ReadRows()
    {
        using var reader = new StreamReader(new UnpackBudget(Limits.MaxUnpackedBytes).Count(file), new UTF8Encoding(false),
            detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: false);
        var text = new CellText(Limits.MaxCellCharacters);
        var cells = new List<SheetCell>();
        var row = 1;
        var column = 1;
        var quoted = false;
        var fieldStarted = false;
        var pending = false; // something read since the last line break

        void EndField()
        {
            if (text.Overflowed)
            {
                throw new SheetTooLargeException(SheetBound.CellCharacters, Limits.MaxCellCharacters, row);
            }

            var value = text.Text();
            if (value.Length > 0 && column <= MaxColumns)
            {
                cells.Add(new SheetCell(column, value));
            }

            text.Clear();
            column++;
            fieldStarted = false;
        }

        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (text.Overflowed)
            {
                throw new SheetTooLargeException(SheetBound.CellCharacters, Limits.MaxCellCharacters, row);
            }

            pending = true;
            if (quoted)
            {
                if (c != '"')
                {
                    text.Append(c);
                }
                else if (reader.Peek() == '"')
                {
                    reader.Read();
                    text.Append('"');
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    EndField();
                    yield return (row, cells);
                    cells.Clear();
                    (row, column, pending) = (row + 1, 1, false);
                    break;
                default:
                    text.Append(c);
                    fieldStarted |= !char.IsWhiteSpace(c);
                    break;
            }
        }

        if (pending)
        {
            EndField();
            yield return (row, cells);
        }
    }
}
