using System.Text.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels.Delivery;

/// <summary>
/// The outbox: an agent's (or the system's) public message in a conversation that came through a
/// channel account gets its delivery row in the same transaction that stores it. Nothing the agent
/// sends is lost between the commit and the channel, even if the node dies right after.
/// </summary>
public sealed class DeliveryOutbox(DeliveryNudge nudge) : IWriteBatchHook
{
    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions());
    // Per writer thread: a batch's BeforeCommit and AfterCommit run on the thread that writes it.
    [ThreadStatic]
    private static bool _queued;

    public void BeforeCommit(WriteBatch batch)
    {
        foreach (var conversation in batch.TrackedConversations)
        {
            if (conversation.ChannelAccountId is not { } account)
            {
                continue;
            }

            // Only messages written now: EF also lists messages a command merely loaded (a recall, a survey card).
            foreach (var message in conversation.Messages.Where(m => !m.IsInternal && m.Sender != SenderKind.Customer
                                                                     && batch.Db.Entry(m).State is EntityState.Added or EntityState.Detached))
            {
                var payload = JsonSerializer.Serialize(MessageView.From(message), Json);
                batch.Db.OutboundDeliveries.Add(new OutboundDelivery(Guid.CreateVersion7(batch.Now), account, conversation.Id, message.Id,
                    message.Sequence, payload, batch.Now));
                _queued = true;
            }
        }
    }

    public void AfterCommit()
    {
        if (_queued)
        {
            _queued = false;
            nudge.Now();
        }
    }

    public static MessageView Read(OutboundDelivery delivery) => JsonSerializer.Deserialize<MessageView>(delivery.Payload, Json)!;
}

/// <summary>Wakes this node's delivery worker when something was queued, instead of waiting for its next tick.</summary>
public sealed class DeliveryNudge
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Now()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
