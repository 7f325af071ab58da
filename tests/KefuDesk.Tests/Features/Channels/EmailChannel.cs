using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.Email;
using KefuDesk.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace KefuDesk.Tests.Features.Channels;

/// <summary>
/// The real mail servers scripts/services.sh starts (Dovecot for IMAP, Postfix for SMTP, on
/// loopback). Every address at example.test is a mailbox; each test makes its own, so parallel
/// test classes never read each other's mail.
/// </summary>
public static class MailServers
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static (string Host, int Port) Imap => Endpoint("KEFUDESK_TEST_IMAP");

    public static (string Host, int Port) Smtp => Endpoint("KEFUDESK_TEST_SMTP");

    public static string Password => Environment.GetEnvironmentVariable("KEFUDESK_TEST_MAIL_PASSWORD") is { Length: > 0 } p ? p : "kefudesk-mail";

    public static string NewAddress(string who) => $"{who}-{Guid.NewGuid().ToString("N")[..10]}@example.test";

    private static (string, int) Endpoint(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value) || value.LastIndexOf(':') is var colon && colon < 1)
        {
            throw new InvalidOperationException($"Email tests need the mail servers: set {variable} (source scripts/services.sh starts them and sets it).");
        }

        return (value[..colon], int.Parse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Sends a mail through Postfix, signed in as its sender, as a buyer's mail program would.</summary>
    public static async Task SendAsync(MimeMessage mail)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(Smtp.Host, Smtp.Port, SecureSocketOptions.None);
        await smtp.AuthenticateAsync(mail.From.Mailboxes.First().Address, Password);
        await smtp.SendAsync(mail);
        await smtp.DisconnectAsync(true);
    }

    /// <summary>Waits until a mail matching <paramref name="match"/> is in the mailbox, and returns it (failing after a generous timeout).</summary>
    public static async Task<MimeMessage> WaitForAsync(string address, Func<MimeMessage, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            foreach (var mail in await ReadAllAsync(address))
            {
                if (match(mail))
                {
                    return mail;
                }
            }

            await Task.Delay(100, timeout.Token); // polling the mailbox, with a failure timeout
        }
    }

    public static async Task<IReadOnlyList<MimeMessage>> ReadAllAsync(string address)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(Imap.Host, Imap.Port, SecureSocketOptions.None);
        await imap.AuthenticateAsync(address, Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var all = new List<MimeMessage>();
        foreach (var uid in await imap.Inbox.SearchAsync(SearchQuery.All))
        {
            all.Add(await imap.Inbox.GetMessageAsync(uid));
        }

        await imap.DisconnectAsync(true);
        return all;
    }

    /// <summary>Takes the read mark off every mail of a mailbox (a person marking mail unread in their mail program).</summary>
    public static async Task MarkAllUnreadAsync(string address)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(Imap.Host, Imap.Port, SecureSocketOptions.None);
        await imap.AuthenticateAsync(address, Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadWrite);
        await imap.Inbox.RemoveFlagsAsync(await imap.Inbox.SearchAsync(SearchQuery.All), MessageFlags.Seen, silent: true);
        await imap.DisconnectAsync(true);
    }
}

/// <summary>A shop's mailbox connected as an email channel by the admin, on the test mail servers.</summary>
public sealed class EmailChannel
{
    private readonly AppFixture _fx;

    private EmailChannel(AppFixture fx, ChannelRow row, string address)
    {
        _fx = fx;
        Row = row;
        Address = address;
    }

    public ChannelRow Row { get; }

    public Guid Id => Row.Id;

    /// <summary>The shop's address: buyers write to it, replies come from it.</summary>
    public string Address { get; }

    public static object Settings(string address, bool useIdle = false, string security = "none") => new
    {
        imap = new { host = MailServers.Imap.Host, port = MailServers.Imap.Port, security, userName = address },
        smtp = new { host = MailServers.Smtp.Host, port = MailServers.Smtp.Port, security, userName = address },
        fromAddress = address,
        fromName = "测试旗舰店客服",
        pollSeconds = 10,
        useIdle,
    };

    public static async Task<EmailChannel> ConnectAsync(AppFixture fx, StaffClient admin, bool useIdle = false, string? password = null)
    {
        var address = MailServers.NewAddress("shop");
        var response = await admin.Http.PostAsJsonAsync("/api/admin/channels", new
        {
            shopId = fx.World.Shop.Id,
            kind = "email",
            name = "客服邮箱 " + address[5..11],
            settings = Settings(address, useIdle),
            secret = password ?? MailServers.Password,
        }, Json.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new EmailChannel(fx, (await response.Content.ReadFromJsonAsync<ChannelRow>(Json.Options))!, address);
    }

    /// <summary>A buyer's mail to the shop, with a Message-Id of its own.</summary>
    public MimeMessage MailFrom(string buyer, string subject, string? text = null, string? html = null, string? name = "王小明")
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(name ?? "", buyer));
        mail.To.Add(MailboxAddress.Parse(Address));
        mail.Subject = subject;
        mail.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("buyer.example.test");
        mail.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return mail;
    }

    /// <summary>Sends the mail through the SMTP server and waits until it lies in the shop's inbox.</summary>
    public async Task DeliverAsync(MimeMessage mail)
    {
        await MailServers.SendAsync(mail);
        await MailServers.WaitForAsync(Address, m => m.MessageId == mail.MessageId);
    }

    /// <summary>Reads the shop's inbox now (the inbox's own watch may have been quicker; either way the mail is in once).</summary>
    public Task ReadInboxAsync() => _fx.App.Services.GetRequiredService<EmailInbox>().RunOnceAsync(CancellationToken.None);
}
