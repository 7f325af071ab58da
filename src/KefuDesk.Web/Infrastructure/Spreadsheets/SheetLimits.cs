namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// How much of an uploaded spreadsheet the app will read (configuration section
/// <c>KefuDesk:Spreadsheets</c>). A few hundred KB of .xlsx can unpack to gigabytes of XML, so every
/// sheet is read against these bounds and reading stops at the first one passed
/// (<see cref="SheetTooLargeException"/>); nothing beyond it is unpacked. The configured values are
/// the most any reader reads, sized for the largest (the shop data import: 64 MB files, a
/// 100,000-order export is 187,000 rows and 190 MB of sheet XML); a reader with smaller documented
/// limits narrows them with <see cref="WithAtMost"/> (the review import: 5,000 rows, 64 MB).
/// </summary>
public sealed record SheetLimits
{
    public const string Section = "KefuDesk:Spreadsheets";

    /// <summary>Rows with something in them under the header row.</summary>
    public int MaxRows { get; set; } = 250_000;

    /// <summary>
    /// Bytes of the file's parts the reader unpacks (an .xlsx's workbook, styles, shared strings and
    /// sheet together; a .csv's own bytes). Checked against each part's stated size before it is
    /// opened and counted while it is inflated. Reading is streamed, so this bounds time, not memory.
    /// </summary>
    public long MaxUnpackedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Characters in one cell (the templates' longest text is 2,000).</summary>
    public int MaxCellCharacters { get; set; } = 4_000;

    /// <summary>
    /// Entries of an .xlsx's shared strings table, which is held in memory while the sheet is read
    /// (an Excel-saved 100,000-order export has about 650,000).
    /// </summary>
    public int MaxSharedStrings { get; set; } = 2_000_000;

    /// <summary>Characters of the shared strings table together: what holding it costs (two bytes each).</summary>
    public long MaxSharedStringCharacters { get; set; } = 32_000_000;

    public bool IsValid => MaxRows > 0 && MaxUnpackedBytes > 0 && MaxCellCharacters > 0 && MaxSharedStrings > 0 && MaxSharedStringCharacters > 0;

    /// <summary>These limits, narrowed for a reader with smaller documented limits.</summary>
    public SheetLimits WithAtMost(int rows, long unpackedBytes) =>
        this with { MaxRows = Math.Min(MaxRows, rows), MaxUnpackedBytes = Math.Min(MaxUnpackedBytes, unpackedBytes) };
}
