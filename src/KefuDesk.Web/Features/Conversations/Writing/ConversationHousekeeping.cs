using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>
/// Once a minute, on one node: resolves conversations that have gone quiet (per shop, and never
/// while the buyer waits for an answer), and closes resolved ones whose reopen window has passed.
/// It only finds candidates; each change is a command that checks again inside the writer.
/// </summary>
public sealed class ConversationHousekeeping(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    ConversationWriter writer,
    TimeProvider clock,
    ILogger<ConversationHousekeeping> log)
    : LeasedJob(dbFactory, clock, log)
{
    private const int Batch = 500;

    protected override string Name => "conversation-housekeeping";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var shops = await db.Shops.AsNoTracking().Select(s => new { s.Id, s.Policy.AutoResolveMinutes, s.Policy.ReopenWindowMinutes }).ToListAsync(ct);
        var work = new List<Task<bool>>();
        foreach (var shop in shops)
        {
            if (shop.AutoResolveMinutes > 0)
            {
                var quietSince = now.AddMinutes(-shop.AutoResolveMinutes);
                var quiet = await db.Conversations.AsNoTracking()
                    .Where(c => c.ShopId == shop.Id && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending)
                                && c.LastSender != SenderKind.Customer && c.LastMessageAt < quietSince)
                    .Select(c => new { c.Id, c.LastSequence })
                    .Take(Batch)
                    .ToListAsync(ct);
                work.AddRange(quiet.Select(c => writer.ExecuteAsync(new AutoResolveConversation(c.Id, c.LastSequence), ct)));
            }

            var reopenUntil = now.AddMinutes(-shop.ReopenWindowMinutes);
            var expired = await db.Conversations.AsNoTracking()
                .Where(c => c.ShopId == shop.Id && c.Status == ConversationStatus.Resolved && c.ResolvedAt < reopenUntil)
                .Select(c => c.Id)
                .Take(Batch)
                .ToListAsync(ct);
            work.AddRange(expired.Select(id => writer.ExecuteAsync(new CloseExpiredConversation(id), ct)));
        }

        var done = await Task.WhenAll(work);
        if (done.Any(d => d))
        {
            log.LogInformation("Housekeeping changed {Count} conversation(s)", done.Count(d => d));
        }
    }
}
