using System.Text.RegularExpressions;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>
/// House style: Chinese text takes full-width punctuation (，。！？：；（）). A half-width mark
/// touching a Chinese character, or a bracket opened or closed beside one across a space
/// ("设置 (JSON)"), is a slip; code, URLs, times (09:00) and JSON between ASCII keep theirs.
/// </summary>
public static partial class ChineseText
{
    [GeneratedRegex(@"[\u3400-\u9fff][,;:!?()]|[,;:!?()][\u3400-\u9fff]|[\u3400-\u9fff] +\(|\) +[\u3400-\u9fff]")]
    private static partial Regex Slip();

    /// <summary>The first slip with a little context around it, or null.</summary>
    public static string? HalfWidthSlip(string text) =>
        Slip().Match(text) is { Success: true } m ? text[Math.Max(0, m.Index - 8)..Math.Min(text.Length, m.Index + m.Length + 8)] : null;
}
