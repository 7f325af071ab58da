using System.Net;
using System.Text;
using KefuDesk.Features.Conversations;
using MimeKit;

namespace KefuDesk.Features.Channels.Email;

/// <summary>
/// An agent's reply as the buyer's mail program receives it: from the shop's address, "Re:" the
/// conversation's subject, threaded under the mails before it (In-Reply-To, References), plain
/// text with a simple HTML copy, the file attached.
/// </summary>
public static class ReplyMail
{
    /// <summary>References beyond this many are dropped (the first and the latest are what mail programs use).</summary>
    private const int MaxReferences = 20;

    public sealed record File(AttachmentInfo Info, Stream Content);

    public static MimeMessage Compose(EmailSettings settings, string to, string? subject, MessageView message, IReadOnlyList<string> threadRefs,
        File? file, string? surveyLink, DateTimeOffset now)
    {
        var mail = new MimeMessage();
        mail.From.Add(settings.From);
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = Reply(subject);
        mail.Date = now;
        mail.MessageId = IdFor(message.Id, settings.FromAddress);
        var thread = Thread(threadRefs);
        if (thread.Count > 0)
        {
            mail.InReplyTo = thread[^1];
            foreach (var id in thread.Count <= MaxReferences ? thread : [thread[0], .. thread[^(MaxReferences - 1)..]])
            {
                mail.References.Add(id);
            }
        }

        var text = TextOf(message, surveyLink);
        var body = new BodyBuilder { TextBody = text, HtmlBody = Html(text) };
        if (file is not null)
        {
            body.Attachments.Add(file.Info.FileName, file.Content, ContentType.Parse(file.Info.ContentType));
        }

        mail.Body = body.ToMessageBody();
        return mail;
    }

    /// <summary>
    /// Our Message-Id for a reply: the same for every attempt at the same message, so a mail sent
    /// twice (sent, then the node died before recording it) is one mail to the buyer's program.
    /// </summary>
    public static string IdFor(Guid messageId, string fromAddress) => $"kd.{messageId:N}@{fromAddress[(fromAddress.LastIndexOf('@') + 1)..]}";

    /// <summary>"Re: " once, whatever the buyer's program put in front already.</summary>
    public static string Reply(string? subject)
    {
        var plain = MailSubject.WithoutPrefixes(subject);
        return "Re: " + (plain.Length > 0 ? plain : ShopText.Get("Email.DefaultSubject"));
    }

    /// <summary>The mails of the conversation, oldest first, each once: an attachment's id "&lt;id&gt;#n" stands for its mail.</summary>
    private static List<string> Thread(IReadOnlyList<string> refs)
    {
        var ids = new List<string>();
        foreach (var id in refs.Select(r => r.Contains('#') ? r[..r.LastIndexOf('#')] : r))
        {
            if (id.Contains('@') && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static string TextOf(MessageView message, string? surveyLink)
    {
        var text = message switch
        {
            { Kind: MessageKind.Survey } => ShopText.Get("Email.SurveyInvitation", surveyLink ?? ""),
            { Product: { } p } => $"{p.Title}\n¥{p.PriceFen / 100m:0.00} (SKU {p.Sku})",
            { Order: { } o } => $"{ShopText.Get("Card.OrderNo")} {o.OrderNo}\n{o.Summary}\n¥{o.TotalFen / 100m:0.00}",
            { Attachment: { } a } when string.IsNullOrWhiteSpace(message.Body) => ShopText.Get("Email.FileAttached", a.FileName),
            _ => message.Body,
        };
        if (message.Kind is MessageKind.ProductCard or MessageKind.OrderCard && !string.IsNullOrWhiteSpace(message.Body))
        {
            text = message.Body + "\n\n" + text;
        }

        return message.SenderName is { Length: > 0 } agent ? $"{text}\n\n-- \n{agent}" : text;
    }

    /// <summary>The same words as HTML: encoded, line breaks kept, the survey link clickable.</summary>
    private static string Html(string text)
    {
        var html = new StringBuilder("<div style=\"font-family:sans-serif;font-size:14px;line-height:1.6\">");
        foreach (var line in text.Split('\n'))
        {
            var encoded = WebUtility.HtmlEncode(line);
            html.Append(Uri.TryCreate(line.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? $"<a href=\"{encoded.Trim()}\">{encoded.Trim()}</a>"
                : encoded).Append("<br>");
        }

        return html.Append("</div>").ToString();
    }
}

/// <summary>Mail subjects without the "Re:", "Fwd:", "回复:" their programs pile up.</summary>
public static class MailSubject
{
    private static readonly string[] Prefixes = ["re", "fw", "fwd", "aw", "sv", "回复", "答复", "转发"];

    public static string WithoutPrefixes(string? subject)
    {
        var rest = (subject ?? "").Trim();
        while (true)
        {
            var colon = rest.IndexOfAny([':', ':']);
            if (colon <= 0 || !Prefixes.Contains(rest[..colon].Trim().ToLowerInvariant()))
            {
                return rest;
            }

            rest = rest[(colon + 1)..].Trim();
        }
    }
}
