using System.Text.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace KefuDesk.Features.Channels.Email;

/// <summary>
/// How far KefuDesk has read a mailbox: which folder (server, user, folder), its UIDVALIDITY and the
/// last UID imported. When the server renumbers the folder (a new UIDVALIDITY) or the admin points
/// the channel at another mailbox, reading starts again from unread mail.
/// </summary>
public sealed record MailboxState(string Folder, uint UidValidity, uint LastUid)
{
    public static string FolderOf(EmailSettings settings) =>
        $"{settings.Imap.UserName}@{settings.Imap.Host}:{settings.Imap.Port}/{settings.Folder}".ToLowerInvariant();

    public bool Continues(string folder, uint uidValidity) => Folder == folder && UidValidity == uidValidity;

    public static MailboxState? Parse(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<MailboxState>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this);
}

/// <summary>One signed-in IMAP session on a shop's mailbox folder.</summary>
public sealed class Mailbox : IAsyncDisposable
{
    /// <summary>Mail larger than this is not downloaded; the agent is told to open it in the mailbox.</summary>
    public const long MaxMailBytes = 40L * 1024 * 1024;

    private readonly ImapClient _client;

    private Mailbox(ImapClient client, IMailFolder folder)
    {
        _client = client;
        Folder = folder;
        UidNextAtOpen = folder.UidNext?.Id;
    }

    public IMailFolder Folder { get; }

    /// <summary>The UID the next mail gets, as the server said when the folder was opened.</summary>
    public uint? UidNextAtOpen { get; }

    public bool CanIdle => _client.Capabilities.HasFlag(ImapCapabilities.Idle);

    public static async Task<Mailbox> OpenAsync(EmailSettings settings, string password, CancellationToken ct)
    {
        var client = new ImapClient { Timeout = (int)EmailAdapter.ServerTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Imap.Host, settings.Imap.Port, settings.Imap.SocketOptions, ct);
            await client.AuthenticateAsync(settings.Imap.UserName!, password, ct);
            var folder = await client.GetFolderAsync(settings.Folder, ct);
            await folder.OpenAsync(FolderAccess.ReadWrite, ct);
            return new Mailbox(client, folder);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>UIDs to import, in order: after the last one read, or (first time, or the folder was renumbered) the unread ones.</summary>
    public async Task<IReadOnlyList<UniqueId>> NewMailAsync(MailboxState? state, CancellationToken ct)
    {
        if (state is null || state.UidValidity != Folder.UidValidity)
        {
            return (await Folder.SearchAsync(SearchQuery.NotSeen, ct)).OrderBy(u => u.Id).ToList();
        }

        var range = new UniqueIdRange(new UniqueId(state.LastUid + 1), UniqueId.MaxValue);
        // "n:*" also names the last message when nothing is newer: keep only what is really new.
        return (await Folder.SearchAsync(SearchQuery.Uids(range), ct)).Where(u => u.Id > state.LastUid).OrderBy(u => u.Id).ToList();
    }

    public async Task<IMessageSummary?> SummaryAsync(UniqueId uid, CancellationToken ct) =>
        (await Folder.FetchAsync([uid], MessageSummaryItems.Size | MessageSummaryItems.Envelope | MessageSummaryItems.UniqueId, ct))
        .FirstOrDefault();

    public Task MarkReadAsync(UniqueId uid, CancellationToken ct) => Folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);

    /// <summary>Waits (IMAP IDLE) until the server says mail arrived, <paramref name="atMost"/> passed, or the watch stops.</summary>
    public async Task IdleAsync(TimeSpan atMost, CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        done.CancelAfter(atMost);
        void Arrived(object? sender, EventArgs e) => done.Cancel();
        Folder.CountChanged += Arrived;
        try
        {
            await _client.IdleAsync(done.Token, ct);
        }
        finally
        {
            Folder.CountChanged -= Arrived;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, quick.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ImapProtocolException or ImapCommandException)
        {
            // Leaving anyway.
        }
        finally
        {
            _client.Dispose();
        }
    }
}
