using System.Globalization;
using System.Text;

namespace KefuDesk.Features.Search;

/// <summary>
/// Makes text comparable for search: full-width letters and digits become half-width (NFKC),
/// everything lower case, traditional Chinese characters their simplified form. The index and
/// the query are folded the same way, so ＡＢＣ finds abc and 退貨 finds 退货.
/// </summary>
public static class TextFolding
{
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            Append(sb, rune);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Folds and remembers where each folded character came from, so a match found in the folded
    /// text can be marked in the original. <c>Source[i]</c> is the original index of folded
    /// character <c>i</c>; one extra entry holds the original length.
    /// </summary>
    public static (string Folded, int[] Source) FoldWithMap(string text)
    {
        var sb = new StringBuilder(text.Length);
        var source = new List<int>(text.Length + 1);
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var before = sb.Length;
            Append(sb, rune);
            for (var i = before; i < sb.Length; i++)
            {
                source.Add(index);
            }

            index += rune.Utf16SequenceLength;
        }

        source.Add(text.Length);
        return (sb.ToString(), source.ToArray());
    }

    private static void Append(StringBuilder sb, Rune rune)
    {
        var value = rune.Value;
        if (value < 0x80)
        {
            sb.Append(char.ToLowerInvariant((char)value));
        }
        else if (value is >= 0xFF01 and <= 0xFF5E)
        {
            // Full-width ASCII (ＡＢＣ１２３!) as typed by Chinese input methods.
            sb.Append(char.ToLowerInvariant((char)(value - 0xFEE0)));
        }
        else if (value == 0x3000)
        {
            sb.Append(' ');
        }
        else if (value is >= 0x4E00 and <= 0x9FFF)
        {
            // Common Han characters are already in normal form: only the variant map applies.
            sb.Append(ChineseVariants.Simplify((char)value));
        }
        else
        {
            var normal = rune.ToString().Normalize(NormalizationForm.FormKC);
            foreach (var r in normal.EnumerateRunes())
            {
                if (r.IsBmp && r.Value is >= 0x4E00 and <= 0x9FFF)
                {
                    sb.Append(ChineseVariants.Simplify((char)r.Value));
                }
                else
                {
                    sb.Append(Rune.ToLowerInvariant(r).ToString());
                }
            }
        }
    }

    /// <summary>Han, kana and Hangul: scripts written without spaces, indexed as character pairs.</summary>
    public static bool IsCjk(Rune rune) => rune.Value switch
    {
        >= 0x3400 and <= 0x4DBF => true, // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xF900 and <= 0xFAFF => true, // compatibility ideographs
        >= 0x20000 and <= 0x3FFFF => true, // extensions B and later
        >= 0x3040 and <= 0x30FF => true, // hiragana, katakana
        >= 0x31F0 and <= 0x31FF => true,
        >= 0xAC00 and <= 0xD7AF => true, // Hangul syllables
        >= 0x1100 and <= 0x11FF => true,
        >= 0x3130 and <= 0x318F => true,
        _ => false,
    };

    /// <summary>Letters and digits of other scripts make words; everything else separates.</summary>
    public static bool IsWordPart(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
}
