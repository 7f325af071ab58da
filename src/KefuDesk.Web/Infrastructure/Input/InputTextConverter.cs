using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KefuDesk.Infrastructure.Input;

/// <summary>
/// Every string read from a request's JSON passes <see cref="InputText"/>: refused (the default, for
/// callers who can correct their input) or cleaned (for channels we cannot answer with an error).
/// Ids, tokens and base64 are ASCII without controls, so they come through unchanged.
/// </summary>
public sealed class InputTextConverter(bool clean = false) : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }

        return ReadText(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Dictionary keys are text from outside too.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadText(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private string ReadText(ref Utf8JsonReader reader)
    {
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 bytes or an escaped lone surrogate (\ud800): not text.
            if (clean)
            {
                return InputText.Cleaned(Lenient(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
            }

            throw new TextRefusedException(TextFault.Broken);
        }

        return clean ? InputText.Cleaned(value)
            : InputText.TryAccept(value, out var accepted, out var fault) ? accepted : throw new TextRefusedException(fault);
    }

    /// <summary>The string as far as it is text: bytes that are not UTF-8 dropped, escapes undone, lone surrogates left for cleaning.</summary>
    private static string Lenient(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw).Replace("\uFFFD", "", StringComparison.Ordinal);
        var unescaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                unescaped.Append(text[i]);
                continue;
            }

            var e = text[++i];
            if (e == 'u' && i + 4 < text.Length && ushort.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                unescaped.Append((char)unit);
                i += 4;
                continue;
            }

            unescaped.Append(e switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => e });
        }

        return unescaped.ToString();
    }

}

/// <summary>A string in a request body that <see cref="InputText"/> refuses; <see cref="JsonException.Path"/> says where.</summary>
public sealed class TextRefusedException(TextFault fault) : JsonException("The text contains a control character or is not valid text.")
{
    public TextFault Fault { get; } = fault;

    /// <summary>The field as the caller wrote it: <c>$.lines[0].title</c> is <c>lines[0].title</c>.</summary>
    public string Field => Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : Path ?? "$";

    public Errors.KefuDeskException Refusal() => InputText.Refusal(Field, Fault);
}
