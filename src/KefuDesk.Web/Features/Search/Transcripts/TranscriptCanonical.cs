using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KefuDesk.Features.Conversations;

namespace KefuDesk.Features.Search.Transcripts;

/// <summary>
/// The exact text a transcript's hash is computed over (format <c>kefudesk-transcript/1</c>). It is
/// documented field by field in docs/search.md so a third party can rebuild it from the JSON export:
/// UTF-8, one record per line ending in <c>\n</c>, fields separated by a tab, text fields with
/// <c>\</c>, tab, CR and LF escaped as <c>\\ \t \r \n</c>, ids as lower-case hyphenated GUIDs,
/// enums as in the JSON (camelCase), times in UTC as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>
/// (microseconds: what both databases keep), absent values as empty fields.
/// </summary>
public static class TranscriptCanonical
{
    public const string Format = "kefudesk-transcript/1";

    public static string HashOf(string canonical) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    public static string Text(Guid conversationId, Guid shopId, Channel channel, Guid customerId, DateTime startedAt, string? subject,
        bool includesInternal, IEnumerable<TranscriptMessage> messages)
    {
        var sb = new StringBuilder();
        Line(sb, Format);
        Line(sb, "conversation", Id(conversationId));
        Line(sb, "shop", Id(shopId));
        Line(sb, "channel", Name(channel));
        Line(sb, "customer", Id(customerId));
        Line(sb, "started", Time(startedAt));
        Line(sb, "subject", Escape(subject));
        Line(sb, "internal", Bool(includesInternal));
        foreach (var m in messages)
        {
            Line(sb, "message", m.Sequence.ToString(CultureInfo.InvariantCulture), Id(m.Id), Time(m.At), Name(m.Kind), Name(m.Sender),
                Id(m.SenderAgentId), Escape(m.SenderName), Bool(m.Internal), Time(m.RecalledAt), Escape(m.Body));
            if (m.Attachment is { } a)
            {
                Line(sb, "attachment", Id(a.Id), Escape(a.FileName), Escape(a.ContentType), Number(a.Size));
            }

            if (m.Product is { } p)
            {
                Line(sb, "product", Id(p.ProductId), Escape(p.Sku), Escape(p.Title), Number(p.PriceFen));
            }

            if (m.Order is { } o)
            {
                Line(sb, "order", Id(o.OrderId), Escape(o.OrderNo), Name(o.Status), Number(o.TotalFen));
            }

            if (m.Rating is { } r)
            {
                Line(sb, "rating", Name(r));
            }
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, params string[] fields) => sb.AppendJoin('\t', fields).Append('\n');

    private static string Id(Guid? id) => id?.ToString("D") ?? "";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>Times truncated to microseconds: SQLite keeps ticks, PostgreSQL microseconds; the hash must not depend on which.</summary>
    public static DateTime Microseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static string Time(DateTime? utc) =>
        utc is { } t ? Microseconds(t).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : "";

    private static string Escape(string? text) =>
        text is null ? "" : text.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\r", "\\r").Replace("\n", "\\n");
}
