using System.IO.Compression;
using System.Xml;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>The shared strings table: entries by index, those cut short at the cell bound marked.</summary>
internal sealed class SharedStrings
{
    private readonly List<string> _strings = [];
    private readonly HashSet<int> _cut = [];

    /// <summary>
    /// The shared strings table, within the bounds: at most <see cref="SheetLimits.MaxSharedStrings"/>
    /// entries and <see cref="SheetLimits.MaxSharedStringCharacters"/> characters; an entry longer than
    /// a cell may be is kept cut short and marked, and refused only if a cell of the sheet uses it
    /// (another sheet's long text does not stop this one).
    /// </summary>
    public static SharedStrings Read(ZipArchiveEntry? part, UnpackBudget budget, SheetLimits limits)
    {
        var strings = new SharedStrings();
        if (part is null)
        {
            return strings;
        }

        var text = new CellText(limits.MaxCellCharacters);
        var characters = 0L;
        using var reader = XlsxParts.Xml(budget.Open(part));
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                if (strings.Count == limits.MaxSharedStrings)
                {
                    throw new SheetTooLargeException(SheetBound.SharedStrings, limits.MaxSharedStrings);
                }

                text.Clear();
                XlsxParts.Collect(reader, text, runs: true);
                var entry = text.Text();
                characters += entry.Length;
                if (characters > limits.MaxSharedStringCharacters)
                {
                    throw new SheetTooLargeException(SheetBound.SharedStringCharacters, limits.MaxSharedStringCharacters);
                }

                strings.Add(entry, text.Overflowed);
                continue;
            }

            reader.Read();
        }

        return strings;
    }

    public int Count => _strings.Count;

    public void Add(string text, bool cut)
    {
        if (cut)
        {
            _cut.Add(_strings.Count);
        }

        _strings.Add(text);
    }

    /// <summary>The entry at <paramref name="index"/>; null when it was longer than a cell may be.</summary>
    public string? this[int index] => index < 0 || index >= _strings.Count
        ? throw new InvalidDataException($"No shared string {index}.")
        : _cut.Contains(index) ? null : _strings[index];
}
