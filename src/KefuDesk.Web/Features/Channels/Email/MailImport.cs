using System.Text;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace KefuDesk.Features.Channels.Email;

/// <summary>The mailbox a mail came into: the channel account and the shop behind it.</summary>
public sealed record MailboxOwner(Guid OrganisationId, Guid ShopId, Guid ChannelAccountId, string ShopAddress);

/// <summary>
/// Puts one of a buyer's mails into the workspace: its words as one message, each file as a
/// message of its own ("&lt;Message-Id&gt;#n"), all in the conversation the mail answers. A refused
/// file (type, size) is logged and named in the text, and the rest of the mail still lands. Running
/// it again for the same mail changes nothing.
/// </summary>
public sealed class MailImport(ConversationWriter writer, Attachments attachments, IDbContextFactory<KefuDeskDbContext> dbFactory,
    ILogger<MailImport> log)
{
    /// <summary>Text past this is cut from the message and kept whole as a .txt file beside it.</summary>
    private const int TextLimit = Message.BodyMaxLength - 200;

    public async Task ImportAsync(MailboxOwner owner, MimeMessage message, CancellationToken ct)
    {
        var mail = IncomingMail.Read(message, owner.ShopAddress);
        if (mail.SkipReason is { } reason)
        {
            log.LogInformation("Mail {MessageId} to channel {Channel} skipped: {Reason}", mail.MessageId, owner.ChannelAccountId, reason);
            return;
        }

        var buyer = new ChannelBuyer(IdentityKind.Email, mail.From!.Address, string.IsNullOrWhiteSpace(mail.From.Name) ? null : mail.From.Name.Trim(), Verified: true);
        var conversationId = await ThreadedConversationAsync(owner.ChannelAccountId, mail.ThreadIds, ct);
        var notes = new List<string>();
        var files = new List<(string ExternalId, Guid AttachmentId)>();
        var n = 0;
        foreach (var part in mail.Files)
        {
            n++;
            var name = FileNameOf(part, n);
            if (await StoreAsync(owner, $"{mail.MessageId}#{n}", name, part, notes, ct) is { } stored)
            {
                files.Add(stored);
            }
        }

        var text = mail.Text;
        if (text.Length > TextLimit)
        {
            n++;
            var whole = Encoding.UTF8.GetBytes(text);
            if (await StoreAsync(owner, $"{mail.MessageId}#{n}", ShopText.Get("Email.FullTextFile"), new MemoryStream(whole), notes, ct) is { } full)
            {
                files.Insert(0, full);
            }

            text = text[..TextLimit].TrimEnd() + "\n…\n" + ShopText.Get("Email.Truncated");
        }

        if (notes.Count > 0)
        {
            text = (text + "\n\n" + string.Join('\n', notes)).Trim();
        }

        var subject = mail.Subject.Length > 0 ? mail.Subject : null;
        if (text.Length > 0 || files.Count == 0)
        {
            var words = await writer.ExecuteAsync(SendMessage.FromChannel(owner.OrganisationId, owner.ShopId, owner.ChannelAccountId, Channel.Email,
                ThreadKey(owner), buyer, mail.MessageId, text.Length > 0 ? text : subject ?? ShopText.Get("Email.NoText"), null, subject, conversationId), ct);
            conversationId = words.ConversationId;
        }

        foreach (var (externalId, attachmentId) in files)
        {
            try
            {
                var stored = await writer.ExecuteAsync(SendMessage.FromChannel(owner.OrganisationId, owner.ShopId, owner.ChannelAccountId, Channel.Email,
                    ThreadKey(owner), buyer, externalId, null, new OutgoingContent(AttachmentId: attachmentId), subject, conversationId), ct);
                conversationId = stored.ConversationId;
                if (stored.Attachment?.Id != attachmentId)
                {
                    await attachments.DiscardUnusedAsync(attachmentId, CancellationToken.None); // stored before: this copy is not needed
                }
            }
            catch
            {
                await attachments.DiscardUnusedAsync(attachmentId, CancellationToken.None); // nothing half-written
                throw;
            }
        }

        log.LogInformation("Mail {MessageId} from {From} imported into conversation {Conversation} ({Files} files, {Refused} refused)",
            mail.MessageId, buyer.Value, conversationId, files.Count, notes.Count);
    }

    /// <summary>A mail too large to download: the agent learns it came, from whom and about what, and opens it in the mailbox.</summary>
    public async Task ImportTooLargeAsync(MailboxOwner owner, MailKit.IMessageSummary summary, CancellationToken ct)
    {
        var envelope = summary.Envelope;
        var from = envelope?.From.Mailboxes.FirstOrDefault();
        if (from is null || string.IsNullOrWhiteSpace(from.Address) || from.Address.Length > CustomerIdentity.ValueMaxLength
            || string.Equals(from.Address, owner.ShopAddress, StringComparison.OrdinalIgnoreCase))
        {
            log.LogWarning("Mail {Uid} of channel {Channel} is too large ({Size} bytes) and has no usable sender: left in the mailbox", summary.UniqueId,
                owner.ChannelAccountId, summary.Size);
            return;
        }

        var id = envelope!.MessageId is { Length: > 0 and <= IncomingMail.MessageIdMaxLength } messageId ? messageId : $"uid-{summary.UniqueId.Id}@kefudesk.large";
        var subject = MailSubject.WithoutPrefixes(envelope.Subject);
        var buyer = new ChannelBuyer(IdentityKind.Email, from.Address, string.IsNullOrWhiteSpace(from.Name) ? null : from.Name.Trim(), Verified: true);
        var threaded = await ThreadedConversationAsync(owner.ChannelAccountId, envelope.InReplyTo is { } r ? [r] : [], ct);
        await writer.ExecuteAsync(SendMessage.FromChannel(owner.OrganisationId, owner.ShopId, owner.ChannelAccountId, Channel.Email, ThreadKey(owner),
            buyer, id, ShopText.Get("Email.TooLarge", $"{summary.Size / 1024d / 1024:0.#}"), null,
            subject.Length > 0 ? subject[..Math.Min(subject.Length, IncomingMail.SubjectMaxLength)] : null, threaded), ct);
        log.LogWarning("Mail {MessageId} of channel {Channel} is too large ({Size} bytes): the agent was told to open it in the mailbox", id,
            owner.ChannelAccountId, summary.Size);
    }

    /// <summary>The conversation of the nearest earlier mail this one answers, if we know it.</summary>
    private async Task<Guid?> ThreadedConversationAsync(Guid channelAccountId, IReadOnlyList<string> threadIds, CancellationToken ct)
    {
        if (threadIds.Count == 0)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await db.ChannelMessageRefs.AsNoTracking()
            .Where(r => r.ChannelAccountId == channelAccountId && threadIds.Contains(r.ExternalId))
            .Select(r => new { r.ExternalId, r.ConversationId }).ToListAsync(ct);
        return threadIds.Select(id => known.FirstOrDefault(k => k.ExternalId == id)?.ConversationId).FirstOrDefault(c => c is not null);
    }

    private Task<(string, Guid)?> StoreAsync(MailboxOwner owner, string externalId, string name, MimePart part, List<string> notes, CancellationToken ct)
    {
        var bytes = new MemoryStream();
        part.Content?.DecodeTo(bytes, ct);
        bytes.Position = 0;
        return StoreAsync(owner, externalId, name, bytes, notes, ct);
    }

    /// <summary>Stores a file unless it came before; a refusal becomes a note in the mail's text.</summary>
    private async Task<(string, Guid)?> StoreAsync(MailboxOwner owner, string externalId, string name, MemoryStream bytes, List<string> notes,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ChannelMessageRefs.AnyAsync(r => r.ChannelAccountId == owner.ChannelAccountId && r.ExternalId == externalId, ct))
        {
            return null; // imported before
        }

        var content = bytes.ToArray();
        try
        {
            var info = await attachments.UploadAsync(AttachmentParty.Channel(owner.ShopId), owner.ShopId, name, content.Length,
                () => new MemoryStream(content, writable: false), ct);
            return (externalId, info.Id);
        }
        catch (KefuDeskException refused)
        {
            log.LogWarning("File {File} of mail {ExternalId} refused: {Reason}", name, externalId, refused.Message);
            notes.Add(ShopText.Get("Email.FileRefused", AttachmentRules.CleanFileName(name), ShopText.Get(refused.Error.ResourceKey)));
            return null;
        }
    }

    private static string FileNameOf(MimePart part, int n) =>
        part.FileName is { Length: > 0 } name ? name : $"{(part.ContentType.MediaType == "image" ? "image" : "file")}-{n}.{part.ContentType.MediaSubtype}";

    /// <summary>All mail of one mailbox shares a thread key: a buyer's live conversation continues there unless threading says otherwise.</summary>
    public static string ThreadKey(MailboxOwner owner) => owner.ChannelAccountId.ToString("N");
}
