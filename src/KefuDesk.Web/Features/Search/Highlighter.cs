namespace KefuDesk.Features.Search;

/// <summary>A piece of an excerpt; matched pieces are shown marked. Never HTML: pages render the text as text.</summary>
public sealed record HighlightSegment(string Text, bool Match);

/// <summary>
/// Cuts an excerpt around the first match and splits it into plain and matched pieces. Matching
/// runs on folded text (full-width, case, traditional characters) and is mapped back, so the
/// excerpt shows exactly what was written.
/// </summary>
public static class Highlighter
{
    public const int ExcerptLength = 120;

    /// <summary>How much text to keep before the first match.</summary>
    private const int Lead = 30;

    public static IReadOnlyList<HighlightSegment> Excerpt(string text, IReadOnlyList<SearchTerm> terms, int maxLength = ExcerptLength)
    {
        text = text.ReplaceLineEndings(" ");
        var ranges = Matches(text, terms);
        var start = 0;
        var end = text.Length;
        if (text.Length > maxLength)
        {
            start = ranges.Count > 0 ? Math.Max(0, ranges[0].Start - Lead) : 0;
            end = Math.Min(text.Length, start + maxLength);
            start = Math.Max(0, Math.Min(start, end - maxLength));
            if (start > 0 && char.IsLowSurrogate(text[start]))
            {
                start--;
            }

            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end++;
            }
        }

        var segments = new List<HighlightSegment>();
        if (start > 0)
        {
            segments.Add(new HighlightSegment("…", false));
        }

        var at = start;
        foreach (var (s, e) in ranges)
        {
            var from = Math.Max(s, start);
            var to = Math.Min(e, end);
            if (to <= from)
            {
                continue;
            }

            if (from > at)
            {
                segments.Add(new HighlightSegment(text[at..from], false));
            }

            segments.Add(new HighlightSegment(text[from..to], true));
            at = to;
        }

        if (at < end)
        {
            segments.Add(new HighlightSegment(text[at..end], false));
        }

        if (end < text.Length)
        {
            segments.Add(new HighlightSegment("…", false));
        }

        return segments;
    }

    /// <summary>The matched ranges in the original text, sorted and merged.</summary>
    public static IReadOnlyList<(int Start, int End)> Matches(string text, IReadOnlyList<SearchTerm> terms)
    {
        var (folded, source) = TextFolding.FoldWithMap(text);
        var found = new List<(int Start, int End)>();
        foreach (var term in terms)
        {
            var before = found.Count;
            Find(folded, term.Text, !term.IsCjk, found);
            if (term.IsCjk && found.Count == before)
            {
                // Not written as one run (发货…货慢): mark the pairs that matched.
                foreach (var token in term.Tokens)
                {
                    Find(folded, token, wordStart: false, found);
                }
            }
        }

        found.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var (s, e) in found)
        {
            var start = source[s];
            var end = OriginalEnd(source, e);
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    private static void Find(string folded, string needle, bool wordStart, List<(int, int)> found)
    {
        if (needle.Length == 0)
        {
            return;
        }

        for (var i = folded.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = folded.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            if (!wordStart || i == 0 || !IsLatinWordPart(folded[i - 1]))
            {
                found.Add((i, i + needle.Length));
            }
        }
    }

    /// <summary>A word starts after anything but a letter or digit of a spaced script (我的iPhone: the word starts at i).</summary>
    private static bool IsLatinWordPart(char c) =>
        char.IsLetterOrDigit(c) && !char.IsSurrogate(c) && !TextFolding.IsCjk(new System.Text.Rune(c));

    /// <summary>The original index just after the character that produced folded character <paramref name="end"/> - 1.</summary>
    private static int OriginalEnd(int[] source, int end)
    {
        var last = source[end - 1];
        for (var k = end; k < source.Length; k++)
        {
            if (source[k] > last)
            {
                return source[k];
            }
        }

        return source[^1];
    }
}
