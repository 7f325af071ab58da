using System.IO.Compression;
using System.Xml;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// Which cell styles of an .xlsx show numbers as dates or times: a date in a sheet is a number of
/// days with a date format, so without its style 2025-11-20 would read as 45981.
/// </summary>
internal static class XlsxDateStyles
{
    private const int MaxStyles = 65_536;

    /// <summary>Which cell styles (by index, as a cell's s attribute gives it) show numbers as dates or times.</summary>
    public static bool[] Read(ZipArchiveEntry? styles, UnpackBudget budget)
    {
        if (styles is null)
        {
            return [];
        }

        var formats = new Dictionary<int, string>();
        var dates = new List<bool>();
        var inCellStyles = false;
        using var reader = XlsxParts.Xml(budget.Open(styles));
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                inCellStyles = false;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "numFmt" when formats.Count < MaxStyles && int.TryParse(reader.GetAttribute("numFmtId"), out var id):
                    formats[id] = reader.GetAttribute("formatCode") ?? "";
                    break;
                case "cellXfs":
                    inCellStyles = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellStyles && dates.Count < MaxStyles:
                    var format = int.TryParse(reader.GetAttribute("numFmtId"), out var f) ? f : 0;
                    dates.Add(formats.TryGetValue(format, out var code) ? IsDateFormat(code) : IsBuiltInDate(format));
                    break;
            }
        }

        return dates.ToArray();
    }

    /// <summary>Excel's built-in date and time formats, the Chinese locale's (27–36, 50–58) among them.</summary>
    private static bool IsBuiltInDate(int id) => id is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58;

    /// <summary>A custom format shows a date or time when its first section has y, m, d, h or s outside quotes, escapes and [colours].</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c is '\\' or '_' or '*')
            {
                i++;
            }
            else if (c == '[')
            {
                var end = code.IndexOf(']', i);
                if (end < 0)
                {
                    return false;
                }

                // [h]:mm and [mm]:ss are elapsed times; [Red] and [$-804] are not dates.
                var inner = code[(i + 1)..end];
                if (inner.Length > 0 && inner.All(ch => ch is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                {
                    return true;
                }

                i = end;
            }
            else if (c == ';')
            {
                return false;
            }
            else if (c is 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S')
            {
                return true;
            }
        }

        return false;
    }
}
