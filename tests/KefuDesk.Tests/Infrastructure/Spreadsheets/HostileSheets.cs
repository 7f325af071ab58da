using System.IO.Compression;
using System.Security;
using System.Text;

namespace KefuDesk.Tests.Infrastructure.Spreadsheets;

/// <summary>
/// Hostile files built in the test, part by part: the XML is streamed into the zip, so a file that
/// unpacks to tens of MB is a few hundred KB on disk and never held whole (3,000,000 rows is under
/// half a second to write). Rows carry no r attribute and the same text, which is what compresses
/// so well; the reader numbers them one after another.
/// </summary>
public static class HostileSheets
{
    /// <summary>Excel's 3,000,000-row bomb of the report: one tiny cell a row, 78 MB of sheet XML in about 450 KB.</summary>
    public const int BombRows = 3_000_000;

    /// <summary>An .xlsx: the header row (inline strings), then <paramref name="rows"/> rows of one cell "1" in column A.</summary>
    public static byte[] TinyRows(IReadOnlyList<string> headers, int rows) =>
        Xlsx(sheet =>
        {
            Header(sheet, headers);
            for (var i = 0; i < rows; i++)
            {
                sheet.Write("<row><c><v>1</v></c></row>");
            }
        });

    /// <summary>
    /// An .xlsx: the header row, then rows 2 to <paramref name="atRow"/> of <paramref name="values"/>, except that on
    /// <paramref name="atRow"/> the cell at <paramref name="column"/> (from 0) holds <paramref name="length"/> characters.
    /// </summary>
    public static byte[] LongCell(IReadOnlyList<string> headers, IReadOnlyList<string> values, int atRow, int column, int length) =>
        Xlsx(sheet =>
        {
            Header(sheet, headers);
            for (var row = 2; row <= atRow; row++)
            {
                sheet.Write("<row>");
                for (var c = 0; c < values.Count; c++)
                {
                    sheet.Write("<c t=\"inlineStr\"><is><t>");
                    if (row == atRow && c == column)
                    {
                        for (var written = 0; written < length; written += 1000)
                        {
                            sheet.Write(Thousand, 0, Math.Min(1000, length - written));
                        }
                    }
                    else
                    {
                        sheet.Write(SecurityElement.Escape(values[c]));
                    }

                    sheet.Write("</t></is></c>");
                }

                sheet.Write("</row>");
            }
        });

    /// <summary>An .xlsx whose header row is in the shared strings table, which goes on with <paramref name="bytes"/> of filler strings: a zip bomb in the part read first.</summary>
    public static byte[] SharedStringsBomb(IReadOnlyList<string> headers, long bytes) =>
        Xlsx(sheet =>
        {
            sheet.Write("<row>");
            for (var i = 0; i < headers.Count; i++)
            {
                sheet.Write($"<c t=\"s\"><v>{i}</v></c>");
            }

            sheet.Write("</row>");
        }, shared =>
        {
            foreach (var header in headers)
            {
                shared.Write($"<si><t>{SecurityElement.Escape(header)}</t></si>");
            }

            const string filler = "<si><t>bomb</t></si>";
            for (long written = 0; written < bytes; written += filler.Length)
            {
                shared.Write(filler);
            }
        });

    /// <summary>A .csv: the header line, then one line of <paramref name="length"/> characters without a comma.</summary>
    public static byte[] LongCsvLine(IReadOnlyList<string> headers, int length)
    {
        var text = new StringBuilder(string.Join(',', headers)).Append('\n');
        text.Append('x', length).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A minimal workbook (one sheet, optionally shared strings) with the parts written by the given writers.</summary>
    public static byte[] Xlsx(Action<TextWriter> sheetData, Action<TextWriter>? sharedStrings = null, Action<ZipArchive>? more = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"));
            Part(zip, "_rels/.rels", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>"));
            Part(zip, "xl/workbook.xml", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part(zip, "xl/_rels/workbook.xml.rels", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (sharedStrings is null ? "" : "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                + "</Relationships>"));
            if (sharedStrings is not null)
            {
                Part(zip, "xl/sharedStrings.xml", w =>
                {
                    w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
                    sharedStrings(w);
                    w.Write("</sst>");
                });
            }

            Part(zip, "xl/worksheets/sheet1.xml", w =>
            {
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
                sheetData(w);
                w.Write("</sheetData></worksheet>");
            });
            more?.Invoke(zip);
        }

        return buffer.ToArray();
    }

    public static void Part(ZipArchive zip, string name, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
        write(writer);
    }

    /// <summary>The header row as inline strings.</summary>
    public static void Header(TextWriter sheet, IEnumerable<string> headers)
    {
        sheet.Write("<row>");
        foreach (var header in headers)
        {
            sheet.Write($"<c t=\"inlineStr\"><is><t>{SecurityElement.Escape(header)}</t></is></c>");
        }

        sheet.Write("</row>");
    }

    private static readonly char[] Thousand = new string('长', 1000).ToCharArray();
}
