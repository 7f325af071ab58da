using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// Finding one's way in an .xlsx: how many parts it lists, where the first sheet, the shared strings
/// and the styles are, and the text of an element. Each part is read through the reading's
/// <see cref="UnpackBudget"/>, with an XmlReader that refuses DTDs (no entity expansion).
/// </summary>
internal static class XlsxParts
{
    /// <summary>A workbook has a dozen parts, a few hundred with many sheets and pictures; each one listed costs memory before anything is read.</summary>
    private const int MaxParts = 10_000;

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    public static XmlReader Xml(Stream part) => XmlReader.Create(part, XmlSettings);

    /// <summary>
    /// Refuses a zip whose central directory lists more parts than a workbook has, before
    /// <see cref="ZipArchive"/> reads that directory into memory.
    /// </summary>
    public static void CheckPartCount(Stream file)
    {
        const int eocdSize = 22;
        var tail = (int)Math.Min(file.Length, eocdSize + ushort.MaxValue);
        var buffer = new byte[tail];
        file.Seek(-tail, SeekOrigin.End);
        file.ReadExactly(buffer);
        file.Position = 0;
        for (var at = tail - eocdSize; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at)) != 0x06054b50)
            {
                continue;
            }

            var entries = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 10));
            // 0xFFFF means "see the zip64 record": a workbook never needs one, so it is as good as too many.
            if (entries > MaxParts)
            {
                throw new InvalidDataException($"The file lists {entries} parts; a workbook has far fewer.");
            }

            return;
        }

        throw new InvalidDataException("Not a zip file: no end of central directory.");
    }

    public static ZipArchiveEntry? Find(ZipArchive zip, string path) =>
        zip.GetEntry(path) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first sheet's part, the shared strings' and the styles' (null when absent), and whether dates count from 1904.</summary>
    public static (ZipArchiveEntry Sheet, ZipArchiveEntry? SharedStrings, ZipArchiveEntry? Styles, bool Date1904) Locate(ZipArchive zip,
        UnpackBudget budget)
    {
        var workbookPath = Relationships(zip, budget, "_rels/.rels", "")
            .Where(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Select(r => r.Target).FirstOrDefault() ?? "xl/workbook.xml";
        var workbook = Find(zip, workbookPath) ?? throw new InvalidDataException("No workbook part.");
        var folder = workbookPath.Contains('/') ? workbookPath[..workbookPath.LastIndexOf('/')] : "";
        var rels = Relationships(zip, budget, $"{folder}/_rels/{workbookPath[(workbookPath.LastIndexOf('/') + 1)..]}.rels".TrimStart('/'), folder);

        string? firstSheetId = null;
        var date1904 = false;
        using (var reader = Xml(budget.Open(workbook)))
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "workbookPr")
                {
                    date1904 = reader.GetAttribute("date1904") is "1" or "true";
                }
                else if (reader.LocalName == "sheet")
                {
                    firstSheetId = RelationshipId(reader);
                    break;
                }
            }
        }

        ZipArchiveEntry? Part(Func<(string Id, string Type, string Target), bool> which) =>
            rels.Where(which).Select(r => Find(zip, r.Target)).FirstOrDefault(e => e is not null);

        var sheet = Part(r => r.Id == firstSheetId) ?? Find(zip, "xl/worksheets/sheet1.xml") ?? throw new InvalidDataException("No sheet part.");
        var shared = Part(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)) ?? Find(zip, "xl/sharedStrings.xml");
        var styles = Part(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)) ?? Find(zip, "xl/styles.xml");
        return (sheet, shared, styles, date1904);
    }

    /// <summary>
    /// The text of the element the reader is on, into <paramref name="text"/>; the reader ends past
    /// the element. With <paramref name="runs"/> (a string item) only its &lt;t&gt; runs count, not
    /// its phonetic guide (&lt;rPh&gt;); otherwise (a value) the element's own text.
    /// </summary>
    public static void Collect(XmlReader reader, CellText text, bool runs)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        var textDepth = runs ? -1 : depth;
        reader.Read();
        while (reader.Depth > depth && !reader.EOF)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when runs && reader.LocalName == "rPh":
                    reader.Skip();
                    continue;
                case XmlNodeType.Element when runs && reader.LocalName == "t" && !reader.IsEmptyElement:
                    textDepth = reader.Depth;
                    break;
                case XmlNodeType.EndElement when runs && reader.Depth == textDepth:
                    textDepth = -1;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                    when textDepth >= 0 && reader.Depth == textDepth + 1:
                    text.Append(reader);
                    break;
            }

            reader.Read();
        }

        reader.Read(); // past the element's end
    }

    private static List<(string Id, string Type, string Target)> Relationships(ZipArchive zip, UnpackBudget budget, string path, string folder)
    {
        var part = Find(zip, path);
        var found = new List<(string, string, string)>();
        if (part is null)
        {
            return found;
        }

        using var reader = Xml(budget.Open(part));
        while (reader.Read() && found.Count < MaxParts)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("TargetMode") != "External")
            {
                found.Add((reader.GetAttribute("Id") ?? "", reader.GetAttribute("Type") ?? "", Resolve(folder, reader.GetAttribute("Target") ?? "")));
            }
        }

        return found;
    }

    /// <summary>The r:id of a &lt;sheet&gt; (the relationships namespace differs between transitional and strict files).</summary>
    private static string? RelationshipId(XmlReader reader)
    {
        while (reader.MoveToNextAttribute())
        {
            if (reader.LocalName == "id" && reader.NamespaceURI.Length > 0)
            {
                return reader.Value;
            }
        }

        return null;
    }

    /// <summary>A relationship's target as a path in the zip: relative to the part's folder, or from the root when it starts with '/'.</summary>
    private static string Resolve(string folder, string target)
    {
        target = target.Replace('\\', '/');
        var path = target.StartsWith('/') ? target : $"{folder}/{target}";
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
