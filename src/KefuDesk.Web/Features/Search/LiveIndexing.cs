using System.Threading.Channels;
using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Search;

/// <summary>
/// Indexes messages as they are committed. The event handlers only queue (they must not hold up
/// the pushes behind them); a loop here writes whatever has queued in one go, so a burst of
/// messages costs a few writes. A node that dies with work queued leaves it to
/// <see cref="SearchCatchUp"/>.
/// </summary>
/// <remarks>
/// After the first message arrives the loop lets more gather for <see cref="Gather"/> before it
/// writes: at a steady 200 messages a second, writing at once meant one more write transaction per
/// message beside the conversation writer's (on SQLite each one a sync to disk, and a wait at the
/// write gate for the chat path). A search finds a message a quarter of a second later instead.
/// </remarks>
public sealed class LiveIndexing(SearchIndexWriter writer, ILogger<LiveIndexing> log)
    : BackgroundService, IEventHandler<MessageCreated>, IEventHandler<MessageRecalled>
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(250);

    private readonly Channel<object> _queue = System.Threading.Channels.Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

    public Task HandleAsync(MessageCreated e, CancellationToken ct)
    {
        if (MessageSearchEntry.Indexes(e.Message.Kind))
        {
            _queue.Writer.TryWrite(IndexedMessage.From(e.Message, e.ShopId, e.Channel));
        }

        return Task.CompletedTask;
    }

    public Task HandleAsync(MessageRecalled e, CancellationToken ct)
    {
        _queue.Writer.TryWrite(e.MessageId);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var added = new List<IndexedMessage>(MaxBatch);
        var recalled = new List<Guid>();
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(Gather, stoppingToken);
            while (added.Count + recalled.Count < MaxBatch && _queue.Reader.TryRead(out var work))
            {
                if (work is IndexedMessage message)
                {
                    added.Add(message);
                }
                else if (work is Guid id)
                {
                    recalled.Add(id);
                }
            }

            try
            {
                // A recall always follows its message's creation in the queue, so added goes first.
                await writer.AddAsync(added, stoppingToken);
                await writer.MarkRecalledAsync(recalled, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Indexing {Count} message(s) for search failed; the catch-up job will index them", added.Count);
            }

            added.Clear();
            recalled.Clear();
        }
    }
}
