using System.Text.Json;
using KefuDesk.Infrastructure.Errors;
using MailKit.Security;
using MimeKit;

namespace KefuDesk.Features.Channels.Email;

public enum MailSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>A mail server: where it is, how the connection is protected, who signs in.</summary>
public sealed record MailServer(string Host, int Port, MailSecurity Security, string? UserName)
{
    public SecureSocketOptions SocketOptions => Security switch
    {
        MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };
}

/// <summary>
/// A shop's mailbox as the admin connects it:
/// <code>
/// {"imap": {"host": "imap.example.com", "port": 993, "security": "tls", "userName": "service@shop.com", "folder": "INBOX"},
///  "smtp": {"host": "smtp.example.com", "port": 465, "security": "tls", "userName": "service@shop.com"},
///  "fromAddress": "service@shop.com", "fromName": "某某旗舰店", "pollSeconds": 60, "useIdle": true}
/// </code>
/// The channel's secret is the mailbox password (used for SMTP too when it signs in).
/// </summary>
public sealed record EmailSettings(MailServer Imap, string Folder, MailServer Smtp, string FromAddress, string? FromName, int PollSeconds,
    bool UseIdle)
{
    public const int DefaultPollSeconds = 60;
    public const int MinPollSeconds = 10;
    public const int MaxPollSeconds = 3600;

    public MailboxAddress From => new(FromName ?? "", FromAddress);

    /// <summary>Reads settings, refusing each mistake with the field and what it should be.</summary>
    public static EmailSettings Parse(JsonElement settings)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("settings: a JSON object with imap, smtp and fromAddress");
        }

        var imap = Server(settings, "imap", userNameRequired: true);
        var smtp = Server(settings, "smtp", userNameRequired: false);
        var folder = Text(settings.GetProperty("imap"), "folder", "imap.folder", 200) ?? "INBOX";
        var from = Text(settings, "fromAddress", "fromAddress", 254);
        if (from is null || !MailboxAddress.TryParse(from, out var parsed) || parsed.Address != from || !from.Contains('@'))
        {
            throw Invalid("fromAddress: the shop's email address, such as service@shop.com");
        }

        var name = Text(settings, "fromName", "fromName", 100);
        var poll = settings.TryGetProperty("pollSeconds", out var p) && p.ValueKind != JsonValueKind.Null
            ? p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var seconds) && seconds is >= MinPollSeconds and <= MaxPollSeconds
                ? seconds
                : throw Invalid($"pollSeconds: a whole number from {MinPollSeconds} to {MaxPollSeconds}")
            : DefaultPollSeconds;
        var idle = !settings.TryGetProperty("useIdle", out var i) || i.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => true,
            _ => throw Invalid("useIdle: true or false"),
        };
        return new EmailSettings(imap, folder, smtp, from, name, poll, idle);
    }

    public static EmailSettings Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    private static MailServer Server(JsonElement settings, string name, bool userNameRequired)
    {
        if (!settings.TryGetProperty(name, out var server) || server.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{name}: {{host, port, security, userName}}");
        }

        var host = Text(server, "host", $"{name}.host", 253);
        if (host is null || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw Invalid($"{name}.host: the server's name, such as {name}.example.com");
        }

        if (!server.TryGetProperty("port", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out var port) || port is < 1 or > 65535)
        {
            throw Invalid($"{name}.port: 1–65535 (IMAP usually 993, SMTP 465 or 587)");
        }

        var security = Text(server, "security", $"{name}.security", 20)?.ToLowerInvariant() switch
        {
            "tls" or "ssl" => MailSecurity.Tls,
            "starttls" => MailSecurity.StartTls,
            "none" => MailSecurity.None,
            _ => throw Invalid($"{name}.security: none, starttls or tls"),
        };
        var userName = Text(server, "userName", $"{name}.userName", 254);
        if (userNameRequired && userName is null)
        {
            throw Invalid($"{name}.userName: the mailbox's sign-in name");
        }

        return new MailServer(host, port, security, userName);
    }

    private static string? Text(JsonElement parent, string property, string field, int maxLength)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { } text && text.Length <= maxLength
            ? text.Length == 0 ? null : text
            : throw Invalid($"{field}: text of up to {maxLength} characters");
    }

    private static KefuDeskException Invalid(string reason) => new(KefuDeskError.ChannelInvalid, reason);
}
