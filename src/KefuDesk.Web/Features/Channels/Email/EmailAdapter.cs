using System.Text.Json;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Surveys;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;
using MailKit.Net.Smtp;

namespace KefuDesk.Features.Channels.Email;

/// <summary>
/// A shop's mailbox as a channel: settings are checked here, replies go out by SMTP. Mail comes in
/// through <see cref="EmailInbox"/>. System notices (transfers, closing words) are not mailed:
/// a buyer's inbox is for what a person wrote.
/// </summary>
public sealed class EmailAdapter(IAttachmentStore store, SurveyLinks surveys, TimeProvider clock) : IChannelAdapter
{
    public static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(30);

    public ChannelKind Kind => ChannelKind.Email;

    public void Validate(JsonElement settings, string? secret)
    {
        EmailSettings.Parse(settings);
        if (string.IsNullOrEmpty(secret))
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "secret: the mailbox password");
        }
    }

    public async Task<IReadOnlyList<ChannelCheckStep>> CheckAsync(JsonElement json, string secret, CancellationToken ct)
    {
        var settings = EmailSettings.Parse(json);
        var steps = new List<ChannelCheckStep>();
        try
        {
            await using var mailbox = await Mailbox.OpenAsync(settings, secret, ct);
            steps.Add(new ChannelCheckStep("imap", true, $"{settings.Folder}: {mailbox.Folder.Count}"));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            steps.Add(new ChannelCheckStep("imap", false, e.Message));
        }

        try
        {
            using var smtp = new SmtpClient { Timeout = (int)ServerTimeout.TotalMilliseconds };
            await smtp.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.SocketOptions, ct);
            if (settings.Smtp.UserName is { } userName)
            {
                await smtp.AuthenticateAsync(userName, secret, ct);
            }

            await smtp.DisconnectAsync(quit: true, ct);
            steps.Add(new ChannelCheckStep("smtp", true));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            steps.Add(new ChannelCheckStep("smtp", false, e.Message));
        }

        return steps;
    }

    public async Task<string?> SendAsync(OutboundContext context, CancellationToken ct)
    {
        if (context.Message.Kind is MessageKind.System)
        {
            return null;
        }

        var settings = EmailSettings.Parse(context.Account.Settings);
        var to = context.Recipient.FirstOrDefault(i => i.Kind == IdentityKind.Email)?.Value
                 ?? throw new InvalidOperationException("The buyer has no email address to reply to.");
        var message = context.Message;
        await using var content = message.Attachment is { } a ? store.OpenRead(a.Id) : null;
        var mail = ReplyMail.Compose(settings, to, context.Subject, message, context.ThreadRefs,
            message.Attachment is { } info ? new ReplyMail.File(info, content!) : null,
            message.Survey is { } survey ? surveys.LinkFor(survey.SurveyId) : null,
            clock.GetUtcNow());

        using var smtp = new SmtpClient { Timeout = (int)ServerTimeout.TotalMilliseconds };
        await smtp.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.SocketOptions, ct);
        if (settings.Smtp.UserName is { } userName)
        {
            await smtp.AuthenticateAsync(userName, context.Secret, ct);
        }

        await smtp.SendAsync(mail, ct);
        await smtp.DisconnectAsync(quit: true, ct);
        return mail.MessageId;
    }
}
