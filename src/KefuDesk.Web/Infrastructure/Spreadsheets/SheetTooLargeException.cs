using System.Globalization;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>Which of the <see cref="SheetLimits"/> a file passed.</summary>
public enum SheetBound
{
    Rows,
    UnpackedBytes,
    CellCharacters,
    SharedStrings,
    SharedStringCharacters,
}

/// <summary>
/// A file passed one of the reader's <see cref="SheetLimits"/>; reading stopped there. Worded for
/// people by <see cref="Describe(IStringLocalizer)"/> (resource keys Sheet.*), and short enough as
/// <see cref="Failure"/> ("sheet_rows:250000") to be kept on a record that is shown later.
/// </summary>
public sealed class SheetTooLargeException(SheetBound bound, long limit, int row = 0)
    : Exception($"The spreadsheet passes a limit: {bound} over {limit}" + (row > 0 ? $" (row {row})" : ""))
{
    private static readonly Dictionary<string, SheetBound> Codes = Enum.GetValues<SheetBound>().ToDictionary(CodeOf);

    public SheetBound Bound { get; } = bound;

    public long Limit { get; } = limit;

    /// <summary>The row as Excel numbers it, where the bound is a row's (a cell too long); else 0.</summary>
    public int Row { get; } = row;

    public string Code => CodeOf(Bound);

    /// <summary>The code with the limit (and the row): what <see cref="Describe(IStringLocalizer, string)"/> words again later.</summary>
    public string Failure => Row > 0 ? FormattableString.Invariant($"{Code}:{Limit}:{Row}") : FormattableString.Invariant($"{Code}:{Limit}");

    public string Describe(IStringLocalizer text) => Describe(text, Failure)!;

    /// <summary>A <see cref="Failure"/> worded ("文件超过 250000 行：…"); null when the text is not one (another kind of failure code).</summary>
    public static string? Describe(IStringLocalizer text, string failure)
    {
        var parts = failure.Split(':');
        if (parts.Length < 2 || !Codes.TryGetValue(parts[0], out var bound)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
        {
            return null;
        }

        var row = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
        return bound switch
        {
            SheetBound.Rows => text["Sheet.TooManyRows", limit],
            SheetBound.UnpackedBytes => text["Sheet.TooLarge", Math.Max(1, limit / 1024 / 1024)],
            SheetBound.CellCharacters => text["Sheet.CellTooLong", limit, row],
            SheetBound.SharedStrings => text["Sheet.TooManyTexts", limit],
            _ => text["Sheet.TooMuchText", limit],
        };
    }

    private static string CodeOf(SheetBound bound) => bound switch
    {
        SheetBound.Rows => "sheet_rows",
        SheetBound.UnpackedBytes => "sheet_size",
        SheetBound.CellCharacters => "sheet_cell",
        SheetBound.SharedStrings => "sheet_texts",
        _ => "sheet_text_size",
    };
}
