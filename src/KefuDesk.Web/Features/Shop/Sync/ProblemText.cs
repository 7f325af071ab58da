using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Shop.Sync;

/// <summary>Words a problem for people: "单价必须大于 0（「-5」）" after the field's label (a column header or an item's path).</summary>
public static class ProblemText
{
    public static string Describe(IStringLocalizer text, string label, DataProblem problem) =>
        text["ShopData.Problem." + problem.Code, label, problem.Value ?? "", problem.Extra ?? ""];

    /// <summary>"第 12 行：单价必须大于 0".</summary>
    public static string OnRow(IStringLocalizer text, int row, string label, DataProblem problem) =>
        text["ShopData.OnRow", row, Describe(text, label, problem)];

    /// <summary>The first few problems in one line, for a ProblemDetails detail; "…and N more" after them.</summary>
    public static string Summary(IStringLocalizer text, IReadOnlyList<string> messages, int shown = 20) =>
        messages.Count <= shown
            ? string.Join("; ", messages)
            : string.Join("; ", messages.Take(shown)) + "; " + text["ShopData.AndMore", messages.Count - shown];
}
