using System.Text;

namespace KefuDesk.Features.Search;

/// <summary>One thing the buyer or agent typed into the search box, as the index knows it.</summary>
/// <param name="Text">The folded word or Chinese run, for highlighting.</param>
/// <param name="Tokens">What must all be in the index (character pairs of a Chinese run, or the word).</param>
/// <param name="Prefix">Whether the last token may be the start of a longer indexed token.</param>
public sealed record SearchTerm(string Text, IReadOnlyList<string> Tokens, bool Prefix, bool IsCjk);

/// <summary>
/// Splits text into index tokens without a dictionary (none exists for .NET here): Chinese,
/// Japanese and Korean runs become overlapping character pairs (退货运费 → 退货 货运 运费) plus the
/// run's last character alone, so a one-character query finds every occurrence by prefix; words of
/// other scripts and numbers (order numbers, SF1234567890) become lower-case words.
/// </summary>
public static class SearchTokenizer
{
    /// <summary>Longer "words" (pasted links, base64) are cut; nobody searches for them.</summary>
    public const int MaxWordLength = 40;

    /// <summary>Latin words shorter than this match exactly; longer ones also match longer words (iphon → iphone).</summary>
    public const int MinPrefixLength = 3;

    /// <summary>The space-separated tokens stored in the search table for a text.</summary>
    public static string IndexText(string text)
    {
        var sb = new StringBuilder(text.Length * 3);
        foreach (var run in Runs(TextFolding.Fold(text)))
        {
            foreach (var token in run.IsCjk ? CjkTokens(run.Text, withLastChar: true) : [run.Text])
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(token);
            }
        }

        return sb.ToString();
    }

    /// <summary>What a query asks for: every term must match (AND).</summary>
    public static IReadOnlyList<SearchTerm> QueryTerms(string query)
    {
        var terms = new List<SearchTerm>();
        foreach (var run in Runs(TextFolding.Fold(query)))
        {
            if (run.IsCjk)
            {
                terms.Add(run.Text.EnumerateRunes().Count() == 1
                    ? new SearchTerm(run.Text, [run.Text], Prefix: true, IsCjk: true)
                    : new SearchTerm(run.Text, CjkTokens(run.Text, withLastChar: false).Distinct().ToList(), Prefix: false, IsCjk: true));
            }
            else
            {
                terms.Add(new SearchTerm(run.Text, [run.Text], Prefix: run.Text.Length >= MinPrefixLength, IsCjk: false));
            }
        }

        return terms.DistinctBy(t => (t.Text, t.Prefix)).ToList();
    }

    private readonly record struct Run(string Text, bool IsCjk);

    private static IEnumerable<Run> Runs(string folded)
    {
        var current = new StringBuilder();
        bool? cjk = null;
        foreach (var rune in folded.EnumerateRunes())
        {
            bool? kind = TextFolding.IsCjk(rune) ? true : TextFolding.IsWordPart(rune) ? false : null;
            if (kind != cjk && current.Length > 0)
            {
                yield return Finish(current, cjk!.Value);
            }

            cjk = kind;
            if (kind is not null)
            {
                current.Append(rune.ToString());
            }
        }

        if (current.Length > 0)
        {
            yield return Finish(current, cjk!.Value);
        }
    }

    private static Run Finish(StringBuilder current, bool cjk)
    {
        var text = current.ToString();
        current.Clear();
        if (!cjk && text.Length > MaxWordLength)
        {
            text = text[..(char.IsHighSurrogate(text[MaxWordLength - 1]) ? MaxWordLength - 1 : MaxWordLength)];
        }

        return new Run(text, cjk);
    }

    private static IEnumerable<string> CjkTokens(string run, bool withLastChar)
    {
        var runes = run.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (runes.Length == 1)
        {
            yield return runes[0];
            yield break;
        }

        for (var i = 0; i + 1 < runes.Length; i++)
        {
            yield return runes[i] + runes[i + 1];
        }

        if (withLastChar)
        {
            yield return runes[^1];
        }
    }
}
