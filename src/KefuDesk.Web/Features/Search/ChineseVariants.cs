namespace KefuDesk.Features.Search;

/// <summary>
/// Traditional → simplified Chinese characters, so buyers who type 退貨 and agents who type 退货
/// find each other: the index and the query both hold the simplified form. The table is generated
/// from Unihan (see scripts/generate-chinese-variants.sh); changing it means rebuilding the index.
/// </summary>
public static partial class ChineseVariants
{
    private const char First = '\u4E00';
    private const char Last = '\u9FFF';

    private static readonly char[] Map = Build();

    /// <summary>The simplified form of a character of the CJK Unified Ideographs block, or the character itself.</summary>
    public static char Simplify(char c) => c is >= First and <= Last && Map[c - First] is var s && s != '\0' ? s : c;

    private static char[] Build()
    {
        var map = new char[Last - First + 1];
        for (var i = 0; i + 1 < Pairs.Length; i += 2)
        {
            map[Pairs[i] - First] = Pairs[i + 1];
        }

        return map;
    }
}
