namespace KefuDesk.Features.Search;

/// <summary>
/// Traditional → simplified Chinese characters, so buyers who type 退貨 and agents who type 退货
/// find each other. Empty until the generated table is added.
/// </summary>
public static class ChineseVariants
{
    public static char Simplify(char c) => c;
}
