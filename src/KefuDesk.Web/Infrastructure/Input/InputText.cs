using System.Buffers;
using System.Globalization;
using System.Resources;
using System.Text;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Infrastructure.Input;

/// <summary>What is wrong with a text that came in from outside.</summary>
public enum TextFault
{
    None,

    /// <summary>A C0 or C1 control character other than tab and line breaks (NUL, ESC, DEL, U+0080–U+009F).</summary>
    Control,

    /// <summary>Not text at all: a lone UTF-16 surrogate, or bytes that are not UTF-8.</summary>
    Broken,
}

/// <summary>
/// The one rule for text that enters the app from outside (REST and hub JSON, forms, imports,
/// channels): Unicode NFC, line breaks as <c>\n</c>, tabs kept, and no other control characters
/// nor broken characters. Input a caller can correct is refused (<see cref="Accepted"/>); text from
/// a channel we cannot answer with an error (an email, an IM bridge) is cleaned (<see cref="Cleaned"/>).
/// A NUL that reached PostgreSQL would fail the whole write; an ESC would colour an operator's terminal.
/// </summary>
public static class InputText
{
    private static readonly ResourceManager Text = new("KefuDesk.Resources.SharedResource", typeof(InputText).Assembly);

    // C0 but tab, line feed and carriage return (line breaks are normalised, not refused), DEL, and C1.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private static readonly SearchValues<char> Unusual = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n')).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
         .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);

    /// <summary>What is wrong with the text, if anything (before line breaks are normalised).</summary>
    public static TextFault Fault(ReadOnlySpan<char> value)
    {
        if (value.ContainsAny(Controls))
        {
            return TextFault.Control;
        }

        return WellFormed(value) ? TextFault.None : TextFault.Broken;
    }

    /// <summary>The text in its stored form (NFC, <c>\n</c> line breaks), or the fault that refuses it.</summary>
    public static bool TryAccept(string value, out string accepted, out TextFault fault)
    {
        if (!value.AsSpan().ContainsAny(Unusual) && value.IsNormalized(NormalizationForm.FormC))
        {
            (accepted, fault) = (value, TextFault.None); // the common case: nothing to do, nothing allocated
            return true;
        }

        fault = Fault(value);
        if (fault != TextFault.None)
        {
            accepted = value;
            return false;
        }

        accepted = LineBreaks(value).Normalize(NormalizationForm.FormC);
        return true;
    }

    /// <summary>Input a person or program can correct: refused with <c>text_invalid</c> naming the field.</summary>
    public static string Accepted(string value, string field) =>
        TryAccept(value, out var accepted, out var fault) ? accepted : throw Refusal(field, fault);

    /// <summary>Like <see cref="Accepted(string, string)"/>; null stays null.</summary>
    public static string? AcceptedOrNull(string? value, string field) => value is null ? null : Accepted(value, field);

    /// <summary>
    /// Text from a channel that cannot be refused (a buyer's email, an IM bridge): control and broken
    /// characters are dropped, the rest kept in the stored form.
    /// </summary>
    public static string Cleaned(string value)
    {
        if (TryAccept(value, out var accepted, out _))
        {
            return accepted;
        }

        var kept = new StringBuilder(value.Length);
        var text = LineBreaks(value);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c) && !Controls.Contains(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Like <see cref="Cleaned(string)"/>; null stays null.</summary>
    public static string? CleanedOrNull(string? value) => value is null ? null : Cleaned(value);

    /// <summary>At most <paramref name="max"/> UTF-16 units, never cutting an emoji (a surrogate pair) in two: half of one cannot be stored.</summary>
    public static string Shortened(string value, int max) =>
        value.Length <= max ? value : value[..(char.IsLowSurrogate(value[max]) && char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];

    /// <summary>The refusal for a field, worded in the caller's language.</summary>
    public static KefuDeskException Refusal(string field, TextFault fault)
    {
        var culture = CultureInfo.CurrentUICulture;
        var wording = Text.GetString(fault == TextFault.Broken ? "Input.Broken" : "Input.Control", culture) ?? "{0}";
        return new KefuDeskException(KefuDeskError.TextInvalid, string.Format(culture, wording, field));
    }

    /// <summary>Every surrogate is half of a pair (a lone one is not a character and cannot be stored as UTF-8).</summary>
    private static bool WellFormed(ReadOnlySpan<char> value)
    {
        for (var i = value.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i]))
            {
                continue;
            }

            if (!char.IsHighSurrogate(value[i]) || i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1]))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static string LineBreaks(string value) =>
        value.Contains('\r') ? value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : value;
}
