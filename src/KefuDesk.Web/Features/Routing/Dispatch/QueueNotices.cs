using System.Collections.Concurrent;
using KefuDesk.Features.Conversations.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Routing.Dispatch;

/// <summary>A waiting buyer's place in their group's queue and the estimated wait (null: not enough recent pace to tell).</summary>
public sealed record QueuePlace(Guid ConversationId, Guid ShopId, Guid CustomerId, int Position, int? EstimatedWaitSeconds);

/// <summary>
/// Tells waiting buyers their place (hub event <c>queuePlace</c>) when it changed. What was told is
/// remembered only to avoid repeats: a node taking over routing simply tells everyone once more.
/// </summary>
public sealed class QueueNotices(IHubContext<BuyerHub> buyers, ILogger<QueueNotices> log)
{
    private readonly ConcurrentDictionary<Guid, (int Position, int? Estimate)> _told = new();

    public async Task TellAsync(IEnumerable<QueuePlace> places, CancellationToken ct)
    {
        var current = places.ToList();
        var sends = new List<Task>();
        foreach (var place in current)
        {
            var state = (place.Position, place.EstimatedWaitSeconds);
            if (_told.TryGetValue(place.ConversationId, out var before) && before == state)
            {
                continue;
            }

            _told[place.ConversationId] = state;
            sends.Add(buyers.Clients.Group(HubGroups.Buyer(place.ShopId, place.CustomerId)).SendAsync(HubEvents.QueuePlace, place, ct));
        }

        // Forget buyers who are no longer waiting.
        var waiting = current.Select(p => p.ConversationId).ToHashSet();
        foreach (var id in _told.Keys.Where(id => !waiting.Contains(id)))
        {
            _told.TryRemove(id, out _);
        }

        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Telling {Count} waiting buyers their place failed; the next pass tells them again", sends.Count);
            _told.Clear();
        }
    }
}
