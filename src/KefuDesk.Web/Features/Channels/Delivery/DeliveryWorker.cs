using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels.Delivery;

/// <summary>
/// Sends queued channel replies, on one node of the cluster at a time (a lease), straight away when
/// this node queued something and at least every second otherwise. Replies of one conversation go
/// out in order: one that waits for a retry holds back the later ones. Failures retry with back-off
/// (5 s, 30 s, 2 min, 10 min, 30 min, 1 h) and then become dead letters for an admin to retry.
/// </summary>
public sealed class DeliveryWorker(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    IEnumerable<IChannelAdapter> adapters,
    ChannelSecrets secrets,
    DeliveryNudge nudge,
    TimeProvider clock,
    ILogger<DeliveryWorker> log)
    : LeasedJob(dbFactory, clock, log)
{
    private const int Batch = 50;

    private static readonly TimeSpan[] BackOff =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
    ];

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Dictionary<ChannelKind, IChannelAdapter> _adapters = adapters.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Last()); // the last registered wins

    protected override string Name => "channel-delivery";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    /// <summary>When an attempt failed this many times, the next failure is final.</summary>
    public static int MaxAttempts => BackOff.Length + 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await nudge.WaitAsync(Interval, stoppingToken);
            await RunIfHolderAsync(stoppingToken);
        }
    }

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await SendDueAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task SendDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        // Due replies whose conversation has no earlier reply waiting for a retry: one stuck channel
        // or conversation never holds back the others.
        var queue = await db.OutboundDeliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now
                        && !db.OutboundDeliveries.Any(e => e.ConversationId == d.ConversationId && e.Status == DeliveryStatus.Pending
                                                           && e.NextAttemptAt > now && e.Sequence < d.Sequence))
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Sequence).Take(Batch).ToListAsync(ct);
        var heldBack = new HashSet<Guid>();
        foreach (var delivery in queue)
        {
            if (heldBack.Contains(delivery.ConversationId))
            {
                continue; // an earlier reply of the conversation just failed: keep the order
            }

            if (!await SendAsync(db, delivery, now, ct))
            {
                heldBack.Add(delivery.ConversationId);
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<bool> SendAsync(KefuDeskDbContext db, OutboundDelivery delivery, DateTime now, CancellationToken ct)
    {
        try
        {
            var account = await db.ChannelAccounts.FindAsync([delivery.ChannelAccountId], ct)
                ?? throw new InvalidOperationException("The channel account no longer exists.");
            if (!account.Enabled)
            {
                throw new InvalidOperationException("The channel account is switched off.");
            }

            if (await db.Messages.AnyAsync(m => m.Id == delivery.MessageId && m.RecalledAt != null, ct))
            {
                delivery.Withdraw();
                return true;
            }

            var adapter = _adapters.GetValueOrDefault(account.Kind) ?? throw new InvalidOperationException($"No adapter for {account.Kind} channels.");
            var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == delivery.ConversationId, ct);
            var recipient = await db.CustomerIdentities.AsNoTracking().Where(i => i.CustomerId == conversation.CustomerId).ToListAsync(ct);
            var refs = await db.ChannelMessageRefs.AsNoTracking()
                .Where(r => r.ConversationId == conversation.Id && r.ChannelAccountId == account.Id)
                .OrderBy(r => r.At).Select(r => r.ExternalId).ToListAsync(ct);
            var context = new OutboundContext(account, secrets.Reveal(account.ProtectedSecret), conversation.Id, conversation.Subject, recipient,
                DeliveryOutbox.Read(delivery), refs);

            var externalId = await adapter.SendAsync(context, ct);
            delivery.Delivered(Clock.GetUtcNow().UtcDateTime);
            if (externalId is not null)
            {
                db.ChannelMessageRefs.Add(new ChannelMessageRef(account.Id, externalId, conversation.Id, delivery.MessageId, now));
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var retryAt = delivery.Attempts < BackOff.Length ? now + BackOff[delivery.Attempts] : (DateTime?)null;
            delivery.Failed(ex.Message, retryAt);
            log.Log(retryAt is null ? LogLevel.Error : LogLevel.Warning, ex,
                "Delivery {Delivery} of message {Message} failed (attempt {Attempt}); {Next}",
                delivery.Id, delivery.MessageId, delivery.Attempts, retryAt is null ? "dead letter" : $"retry at {retryAt:O}");
            return false;
        }
    }
}
