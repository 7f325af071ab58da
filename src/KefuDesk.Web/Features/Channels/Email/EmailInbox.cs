using System.Collections.Concurrent;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels.Email;

/// <summary>
/// Brings buyers' mail in, on one node of the cluster at a time (a lease). While this node holds
/// the lease, every switched-on email account has a watch: it signs in by IMAP, imports what is new,
/// then waits for the server to announce mail (IDLE) or polls every <c>pollSeconds</c>. A watch that
/// fails records why on the account (admins see it on the channels page), waits, and tries again.
/// </summary>
public sealed class EmailInbox(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    ChannelSecrets secrets,
    MailImport import,
    TimeProvider clock,
    ILogger<EmailInbox> log)
    : LeasedJob(dbFactory, clock, log)
{
    /// <summary>Servers drop an IDLE after 30 minutes; we renew well before.</summary>
    private static readonly TimeSpan IdleAtMost = TimeSpan.FromMinutes(9);

    /// <summary>After a refused sign-in, the watch tries again this late (the admin's fix restarts it sooner).</summary>
    private static readonly TimeSpan SignInRetry = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _reading = new();
    private readonly Dictionary<Guid, Watch> _watches = [];

    protected override string Name => "email-inbox";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await KeepWatchesAsync(await TryHoldLeaseAsync(stoppingToken), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Email inbox could not check its accounts; trying again in {Interval}", Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await StopWatchesAsync(_watches.Keys.ToList());
        }
    }

    /// <summary>Reads every switched-on mailbox once, now (tests use it; the watches do the same on their own).</summary>
    public override async Task RunOnceAsync(CancellationToken ct)
    {
        foreach (var account in await EnabledAccountsAsync(ct))
        {
            await ReadMailboxAsync(account.Id, ct);
        }
    }

    /// <summary>Signs in, imports what is new, signs out. Failures are recorded on the account and logged, not thrown.</summary>
    public async Task ReadMailboxAsync(Guid accountId, CancellationToken ct)
    {
        try
        {
            var (settings, password) = await SettingsAsync(accountId, ct);
            await using var mailbox = await Mailbox.OpenAsync(settings, password, ct);
            await ImportNewAsync(accountId, mailbox, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailedAsync(accountId, ex, ct);
        }
    }

    private async Task KeepWatchesAsync(bool holder, CancellationToken ct)
    {
        var wanted = holder ? (await EnabledAccountsAsync(ct)).ToDictionary(a => a.Id, a => a.Settings + "|" + a.ProtectedSecret) : [];
        await StopWatchesAsync(_watches.Where(w => !wanted.TryGetValue(w.Key, out var version) || version != w.Value.Version).Select(w => w.Key).ToList());
        foreach (var (id, version) in wanted.Where(w => !_watches.ContainsKey(w.Key)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _watches[id] = new Watch(version, stop, Task.Run(() => WatchAsync(id, stop.Token), CancellationToken.None));
        }
    }

    private async Task StopWatchesAsync(IReadOnlyList<Guid> ids)
    {
        foreach (var id in ids)
        {
            var watch = _watches[id];
            _watches.Remove(id);
            await watch.Stop.CancelAsync();
            await watch.Running;
            watch.Stop.Dispose();
        }
    }

    /// <summary>One mailbox, for as long as this node keeps the lease and the account stays the same.</summary>
    private async Task WatchAsync(Guid accountId, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(EmailSettings.DefaultPollSeconds);
            try
            {
                var (settings, password) = await SettingsAsync(accountId, ct);
                wait = TimeSpan.FromSeconds(settings.PollSeconds);
                await using var mailbox = await Mailbox.OpenAsync(settings, password, ct);
                while (!ct.IsCancellationRequested)
                {
                    await ImportNewAsync(accountId, mailbox, ct);
                    if (settings.UseIdle && mailbox.CanIdle)
                    {
                        await mailbox.IdleAsync(IdleAtMost, ct);
                    }
                    else
                    {
                        await Task.Delay(wait, Clock, ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await FailedAsync(accountId, ex, ct);
                if (ex is AuthenticationException)
                {
                    // Mail providers lock mailboxes that keep failing to sign in. A new password restarts the watch at once.
                    wait = SignInRetry > wait ? SignInRetry : wait;
                }
            }

            try
            {
                await Task.Delay(wait, Clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ImportNewAsync(Guid accountId, Mailbox mailbox, CancellationToken ct)
    {
        var reading = _reading.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        await reading.WaitAsync(ct);
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync(ct);
            var account = await db.ChannelAccounts.FirstAsync(a => a.Id == accountId, ct);
            var settings = EmailSettings.Parse(account.Settings);
            var owner = new MailboxOwner(await db.Shops.Where(s => s.Id == account.ShopId).Select(s => s.OrganisationId).FirstAsync(ct),
                account.ShopId, account.Id, settings.FromAddress);
            var state = MailboxState.Parse(account.State);
            var folder = MailboxState.FolderOf(settings);
            var validity = mailbox.Folder.UidValidity;
            var firstLook = state is null || !state.Continues(folder, validity);
            var last = firstLook ? 0 : state!.LastUid;
            foreach (var uid in await mailbox.NewMailAsync(firstLook ? null : state, ct))
            {
                await ImportOneAsync(owner, mailbox, uid, ct);
                await mailbox.MarkReadAsync(uid, ct);
                last = Math.Max(last, uid.Id);
                if (!firstLook)
                {
                    // Saved mail by mail, so a crash re-reads at most one (and that one is recognised).
                    account.Remember(new MailboxState(folder, validity, last).ToJson());
                    await db.SaveChangesAsync(ct);
                }
            }

            // The first time, unread mail was taken; all mail already there counts as read from now on.
            if (firstLook && mailbox.UidNextAtOpen is { } next)
            {
                last = Math.Max(last, next - 1);
            }

            account.Remember(new MailboxState(folder, validity, last).ToJson());
            account.ReceivingWorks();
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            reading.Release();
        }
    }

    private async Task ImportOneAsync(MailboxOwner owner, Mailbox mailbox, UniqueId uid, CancellationToken ct)
    {
        var summary = await mailbox.SummaryAsync(uid, ct);
        if (summary is null)
        {
            return; // deleted meanwhile
        }

        try
        {
            if (summary.Size > Mailbox.MaxMailBytes)
            {
                await import.ImportTooLargeAsync(owner, summary, ct);
                return;
            }

            using var message = await mailbox.Folder.GetMessageAsync(uid, ct);
            await import.ImportAsync(owner, message, ct);
        }
        catch (Exception refused) when (refused is Infrastructure.Errors.KefuDeskException or MimeKit.ParseException or FormatException)
        {
            // A mail we cannot take would otherwise block the mailbox for good: it stays in the mailbox, read.
            log.LogWarning(refused, "Mail {Uid} ({MessageId}) of channel {Channel} refused", uid, summary.Envelope?.MessageId, owner.ChannelAccountId);
        }
    }

    private async Task<(EmailSettings Settings, string Password)> SettingsAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var account = await db.ChannelAccounts.AsNoTracking().FirstAsync(a => a.Id == accountId, ct);
        return (EmailSettings.Parse(account.Settings), secrets.Reveal(account.ProtectedSecret));
    }

    private async Task<List<ChannelAccount>> EnabledAccountsAsync(CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        return await db.ChannelAccounts.AsNoTracking().Where(a => a.Kind == ChannelKind.Email && a.Enabled).OrderBy(a => a.CreatedAt).ToListAsync(ct);
    }

    private async Task FailedAsync(Guid accountId, Exception ex, CancellationToken ct)
    {
        var reason = Describe(ex);
        log.LogWarning(ex, "Email account {Account}: receiving failed: {Reason}", accountId, reason);
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync(ct);
            var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
            account?.ReceivingFailed(reason, Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception recording) when (recording is not OperationCanceledException)
        {
            log.LogError(recording, "Could not record the failure of email account {Account}", accountId);
        }
    }

    /// <summary>What went wrong, in words an admin can act on (the shop's language), with the server's own words after.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        AuthenticationException => Conversations.ShopText.Get("Email.Error.SignIn") + " " + ex.Message,
        SslHandshakeException => Conversations.ShopText.Get("Email.Error.Tls"),
        System.Net.Sockets.SocketException or TimeoutException or IOException => Conversations.ShopText.Get("Email.Error.Connect") + " " + ex.Message,
        FolderNotFoundException f => Conversations.ShopText.Get("Email.Error.Folder", f.FolderName),
        ImapCommandException or ImapProtocolException => Conversations.ShopText.Get("Email.Error.Server") + " " + ex.Message,
        _ => ex.Message,
    };

    private sealed record Watch(string Version, CancellationTokenSource Stop, Task Running);
}
