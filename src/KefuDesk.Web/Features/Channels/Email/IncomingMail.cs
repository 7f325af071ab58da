using System.Security.Cryptography;
using System.Text;
using KefuDesk.Features.Customers;
using MimeKit;

namespace KefuDesk.Features.Channels.Email;

/// <summary>
/// A buyer's mail as KefuDesk takes it: who sent it, its id and the ids it answers, its words (the
/// text part, or the HTML part made safe text, without the quoted earlier mails) and its files.
/// Mail written by machines (auto-replies, bounces, lists) is recognised so it never starts a
/// conversation, and never gets an answer that would set two robots talking.
/// </summary>
public sealed record IncomingMail(
    string MessageId,
    MailboxAddress? From,
    string Subject,
    string Text,
    IReadOnlyList<string> ThreadIds,
    IReadOnlyList<MimePart> Files,
    string? SkipReason)
{
    /// <summary>Room left in an external id (300) for "#nn" after a file's mail id.</summary>
    public const int MessageIdMaxLength = 250;

    public const int SubjectMaxLength = 200;

    public static IncomingMail Read(MimeMessage message, string shopAddress)
    {
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var html = message.HtmlBody;
        var text = message.TextBody is { Length: > 0 } plain ? plain : html is null ? "" : MailHtml.ToText(html);
        return new IncomingMail(
            IdOf(message),
            from,
            Shorten(MailSubject.WithoutPrefixes(message.Subject), SubjectMaxLength),
            QuotedReply.Remove(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Trim(),
            ThreadIdsOf(message),
            message.BodyParts.OfType<MimePart>().Where(IsFile).ToList(),
            SkipReasonOf(message, from, shopAddress));
    }

    /// <summary>The mail's Message-Id, or for mail without one, a hash of its headers (the same every time it is fetched).</summary>
    public static string IdOf(MimeMessage message) =>
        message.MessageId is { Length: > 0 and <= MessageIdMaxLength } id && !id.Contains('#')
            ? id
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", message.Headers.Select(h => $"{h.Field}:{h.Value}")))))[..40] + "@kefudesk.hash";

    /// <summary>The mails this one answers, nearest first: In-Reply-To, then References from the newest.</summary>
    private static List<string> ThreadIdsOf(MimeMessage message)
    {
        var ids = new List<string>();
        if (message.InReplyTo is { Length: > 0 } replyTo)
        {
            ids.Add(replyTo);
        }

        ids.AddRange(message.References.Reverse().Where(r => !ids.Contains(r)));
        return ids.Where(i => i.Length <= MessageIdMaxLength).Take(50).ToList();
    }

    /// <summary>Attachments, and pictures placed in the text (a photo pasted into the mail is what the buyer wants us to see).</summary>
    private static bool IsFile(MimePart part) =>
        part.IsAttachment || (part.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase) && part is not TextPart);

    private static string? SkipReasonOf(MimeMessage message, MailboxAddress? from, string shopAddress)
    {
        var headers = message.Headers;
        if (from is null || string.IsNullOrWhiteSpace(from.Address) || !from.Address.Contains('@'))
        {
            return "no sender address";
        }

        if (from.Address.Length > CustomerIdentity.ValueMaxLength)
        {
            return "sender address too long";
        }

        if (string.Equals(from.Address, shopAddress, StringComparison.OrdinalIgnoreCase))
        {
            return "sent by the shop's own address";
        }

        var local = from.LocalPart.ToLowerInvariant();
        if (local is "mailer-daemon" or "postmaster" or "noreply" or "no-reply" or "donotreply" or "do-not-reply")
        {
            return $"sent by {local}";
        }

        if (headers[HeaderId.AutoSubmitted] is { } auto && !auto.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {auto.Trim()}";
        }

        if (message.Body is MultipartReport || headers.Contains("X-Failed-Recipients"))
        {
            return "a delivery report (bounce)";
        }

        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond"))
        {
            return "an auto-reply";
        }

        return headers[HeaderId.Precedence]?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply"
            ? $"Precedence: {headers[HeaderId.Precedence]!.Trim()}"
            : null;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>Cuts the earlier mails a reply quotes below the buyer's words, as the usual mail programs write them.</summary>
public static class QuotedReply
{
    public static string Remove(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (StartsQuote(line, i + 1 < lines.Length ? lines[i + 1].Trim() : ""))
            {
                var kept = string.Join('\n', lines[..i]).TrimEnd();
                return kept.Length > 0 ? kept : text; // a mail that is all quote keeps everything
            }
        }

        // A trailing block of "> " lines.
        var end = lines.Length;
        while (end > 0 && (lines[end - 1].TrimStart().StartsWith('>') || lines[end - 1].Trim().Length == 0))
        {
            end--;
        }

        var body = string.Join('\n', lines[..end]).TrimEnd();
        return end < lines.Length && body.Length > 0 && lines[end..].Any(l => l.TrimStart().StartsWith('>')) ? body : text;
    }

    private static bool StartsQuote(string line, string next) =>
        (line.StartsWith("On ", StringComparison.Ordinal) && (line.EndsWith("wrote:", StringComparison.Ordinal) || next.EndsWith("wrote:", StringComparison.Ordinal)))
        || (line.StartsWith('在') && (line.EndsWith("写道:", StringComparison.Ordinal) || line.EndsWith("写道:", StringComparison.Ordinal)))
        || (line.StartsWith("--", StringComparison.Ordinal) && (line.Contains("原始邮件", StringComparison.Ordinal)
                                                               || line.Contains("Original Message", StringComparison.OrdinalIgnoreCase)))
        || (line.Length >= 10 && line.All(c => c == '_') && (next.StartsWith("From:", StringComparison.Ordinal) || next.StartsWith("发件人", StringComparison.Ordinal)));
}
