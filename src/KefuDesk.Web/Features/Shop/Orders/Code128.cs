using System.Globalization;
using System.Text;

namespace KefuDesk.Features.Shop.Orders;

/// <summary>
/// Code 128 barcodes (ISO/IEC 15417), what couriers' and warehouses' scanners read on a label: a
/// tracking or order number as SVG bars. Code set B (printable ASCII), switching to code set C (two
/// digits a symbol) for runs of digits long enough to be worth the switch, as ISO/IEC 15417 Annex E
/// suggests: the narrower the symbol, the wider each bar on a label of fixed width.
/// </summary>
public static class Code128
{
    /// <summary>Bar and space widths, in modules, of symbol values 0–105; 106 is the stop (with its final bar).</summary>
    private static readonly string[] Widths =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    private const int StartB = 104;
    private const int StartC = 105;
    private const int Stop = 106;
    private const int CodeC = 99; // in code set B: switch to C
    private const int CodeB = 100; // in code set C: switch to B
    private const int QuietZone = 10; // modules of white either side, so a scanner finds the edges

    /// <summary>Longest text encoded; a label's barcode must stay short enough to scan.</summary>
    public const int MaxLength = 40;

    /// <summary>The symbol values for text, start and check symbol included; null when it cannot be encoded.</summary>
    public static IReadOnlyList<int>? Symbols(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Any(c => c is < ' ' or > '~'))
        {
            return null;
        }

        var symbols = new List<int>();
        var lead = DigitRun(text, 0);
        var inC = lead >= 4 || (lead == 2 && text.Length == 2);
        symbols.Add(inC ? StartC : StartB);
        for (var i = 0; i < text.Length;)
        {
            var run = DigitRun(text, i);
            if (inC)
            {
                if (run >= 2)
                {
                    symbols.Add(((text[i] - '0') * 10) + (text[i + 1] - '0'));
                    i += 2;
                }
                else
                {
                    inC = false;
                    symbols.Add(CodeB);
                }

                continue;
            }

            // A digit run pays for the switch to C at the end of the text from 4 digits, elsewhere
            // (where it must switch back) from 6; an odd run leaves its first digit in B.
            if (run >= (i + run == text.Length ? 4 : 6))
            {
                if (run % 2 == 1)
                {
                    symbols.Add(text[i++] - ' ');
                }

                symbols.Add(CodeC);
                inC = true;
                continue;
            }

            symbols.Add(text[i++] - ' ');
        }

        var check = symbols[0];
        for (var i = 1; i < symbols.Count; i++)
        {
            check += symbols[i] * i;
        }

        symbols.Add(check % 103);
        return symbols;
    }

    private static int DigitRun(string text, int from)
    {
        var end = from;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - from;
    }

    /// <summary>The bars as widths in modules (bar, space, bar, … ending with a bar), stop included.</summary>
    public static string? Modules(string? text) =>
        Symbols(text) is { } symbols ? string.Concat(symbols.Append(Stop).Select(s => Widths[s])) : null;

    /// <summary>An SVG of the barcode that scales to its box; null when the text cannot be encoded.</summary>
    public static string? Svg(string? text)
    {
        if (Modules(text) is not { } modules)
        {
            return null;
        }

        var width = modules.Sum(c => c - '0') + (2 * QuietZone);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} 40\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"40\" fill=\"#fff\"/>");
        var x = QuietZone;
        for (var i = 0; i < modules.Length; i++)
        {
            var w = modules[i] - '0';
            if (i % 2 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" width=\"{w}\" height=\"40\"/>");
            }

            x += w;
        }

        return svg.Append("</svg>").ToString();
    }
}
