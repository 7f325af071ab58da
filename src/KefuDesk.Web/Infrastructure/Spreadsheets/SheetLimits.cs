namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// How much of an uploaded spreadsheet the app will read (configuration section
/// <c>KefuDesk:Spreadsheets</c>). A few hundred KB of .xlsx can unpack to gigabytes of XML, so every
/// sheet is read against these bounds and reading stops at the first one passed
/// (<see cref="SheetTooLargeException"/>); nothing beyond it is unpacked.
/// </summary>
public sealed record SheetLimits
{
    public const string Section = "KefuDesk:Spreadsheets";

    /// <summary>Data rows (not blank) under the header row.</summary>
    public int MaxRows { get; set; } = 100_000;

    /// <summary>
    /// Bytes of the file's parts the reader unpacks (an .xlsx's workbook, styles, shared strings and
    /// sheet together; a .csv's own bytes). Checked against each part's stated size before it is
    /// opened and counted while it is inflated.
    /// </summary>
    public long MaxUnpackedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Characters in one cell (the template's longest text is 2,000).</summary>
    public int MaxCellCharacters { get; set; } = 4_000;

    /// <summary>Entries of an .xlsx's shared strings table, which has to be held while the sheet is read.</summary>
    public int MaxSharedStrings { get; set; } = 1_000_000;

    /// <summary>These limits with at most <paramref name="rows"/> rows (a reader with a smaller documented limit).</summary>
    public SheetLimits WithAtMostRows(int rows) => this with { MaxRows = Math.Min(MaxRows, rows) };
}
