using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Search;

/// <summary>
/// Indexes messages in the transaction that stores them: a message is findable the moment its
/// sender is told it was sent, and nothing is left for later.
/// </summary>
/// <remarks>
/// An indexer writing after the commit needed a write transaction of its own beside the
/// conversation writer's. On SQLite that meant a second sync to disk and a turn at the one write
/// lock, and the chat path waited behind it: at 1,000 messages a second the writer stood 30–70 ms
/// at the lock several times a second. Here an entry is one more row in a transaction that is
/// being written anyway. Messages stored some other way (demo data, an import) are found by
/// <see cref="SearchCatchUp"/>.
/// </remarks>
public sealed class SearchIndexInBatch : IWriteBatchHook
{
    public void BeforeCommit(WriteBatch batch)
    {
        Dictionary<Guid, MessageSearchEntry>? added = null;
        List<Guid>? recalledEarlier = null;
        foreach (var conversation in batch.TrackedConversations)
        {
            foreach (var domainEvent in conversation.PendingEvents)
            {
                switch (domainEvent)
                {
                    case MessageCreated created when MessageSearchEntry.Indexes(created.Message.Kind):
                        var entry = IndexedMessage.From(created.Message, created.ShopId, created.Channel).ToEntry();
                        batch.Db.Add(entry);
                        (added ??= [])[entry.MessageId] = entry;
                        break;
                    case MessageRecalled recalled when added?.TryGetValue(recalled.MessageId, out var fresh) == true:
                        fresh.MarkRecalled();
                        break;
                    case MessageRecalled recalled:
                        (recalledEarlier ??= []).Add(recalled.MessageId);
                        break;
                }
            }
        }

        if (recalledEarlier is not null)
        {
            // Recalled messages stay findable by staff, marked. An entry not written yet is written
            // marked by the catch-up job, which reads the message as it is then.
            batch.Db.Set<MessageSearchEntry>().Where(e => recalledEarlier.Contains(e.MessageId) && !e.Recalled)
                .ExecuteUpdate(s => s.SetProperty(e => e.Recalled, true));
        }
    }

    public void AfterCommit()
    {
    }
}
