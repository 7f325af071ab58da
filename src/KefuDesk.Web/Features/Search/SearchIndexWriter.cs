using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Search;

/// <summary>
/// Writes search entries for messages stored without one (the catch-up job). Writing the same
/// message twice (two nodes) is harmless: entries already stored are skipped.
/// </summary>
public sealed class SearchIndexWriter(IDbContextFactory<KefuDeskDbContext> dbFactory, ILogger<SearchIndexWriter> log)
{
    /// <summary>
    /// Raised after entries are stored or marked recalled, with the message ids concerned: whoever
    /// must know a message is findable (tests, diagnostics) waits on this instead of polling.
    /// </summary>
    public event Action<IReadOnlyCollection<Guid>>? Written;

    /// <summary>
    /// Entries written per transaction. On SQLite a write holds the one write lock the chat path
    /// needs too: a catch-up step of 1,000 entries in one transaction would stop every chat for
    /// its whole length, 25 hold it for a few milliseconds at a time.
    /// </summary>
    internal const int EntriesPerWrite = 25;

    /// <summary>Stores the entries not stored yet, a few per transaction; returns how many were new.</summary>
    public async Task<int> AddAsync(IReadOnlyList<IndexedMessage> messages, CancellationToken ct)
    {
        var added = 0;
        foreach (var part in messages.Chunk(EntriesPerWrite))
        {
            added += await AddPartAsync(part, ct);
        }

        return added;
    }

    private async Task<int> AddPartAsync(IReadOnlyList<IndexedMessage> messages, CancellationToken ct)
    {
        try
        {
            var count = await TryAddAsync(messages, ct);
            Written?.Invoke(messages.Select(m => m.MessageId).ToList());
            return count;
        }
        catch (DbUpdateException)
        {
            // Another node indexed part of the batch at the same moment, or a message is gone: one by one.
            var added = 0;
            foreach (var message in messages)
            {
                try
                {
                    added += await TryAddAsync([message], ct);
                }
                catch (DbUpdateException ex)
                {
                    log.LogWarning(ex, "Message {MessageId} could not be indexed for search", message.MessageId);
                }
            }

            Written?.Invoke(messages.Select(m => m.MessageId).ToList());
            return added;
        }
    }

    /// <summary>Marks recalled messages (they stay findable by staff, marked).</summary>
    public async Task MarkRecalledAsync(IReadOnlyList<Guid> messageIds, CancellationToken ct)
    {
        if (messageIds.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<MessageSearchEntry>().Where(e => messageIds.Contains(e.MessageId) && !e.Recalled)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Recalled, true), ct);
        Written?.Invoke(messageIds);
    }

    private async Task<int> TryAddAsync(IReadOnlyList<IndexedMessage> messages, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = messages.Select(m => m.MessageId).ToList();
        var stored = (await db.Set<MessageSearchEntry>().Where(e => ids.Contains(e.MessageId)).Select(e => e.MessageId).ToListAsync(ct))
            .ToHashSet();
        var fresh = messages.Where(m => !stored.Contains(m.MessageId)).DistinctBy(m => m.MessageId).Select(m => m.ToEntry()).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        db.AddRange(fresh);
        await db.SaveChangesAsync(ct);
        return fresh.Count;
    }
}
