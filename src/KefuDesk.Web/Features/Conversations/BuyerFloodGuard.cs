using System.Collections.Concurrent;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// Stops a buyer (or a script posing as one) from flooding a shop: each buyer may send a burst of
/// messages (default 10), then a steady rate (default two a second). Refused with
/// <c>too_many_messages</c> (429). Counted per node: a buyer's connection lives on one node, so this
/// is the limit they meet.
/// </summary>
public sealed class BuyerFloodGuard(TimeProvider clock, IOptions<KefuDeskOptions> options)
{
    private readonly int _burst = Math.Max(1, options.Value.BuyerMessageBurst);
    private readonly TimeSpan _refill = TimeSpan.FromSeconds(1 / Math.Max(0.01, options.Value.BuyerMessagesPerSecond));

    /// <summary>The time one more message is allowed after.</summary>
    public TimeSpan RefillEvery => _refill;

    public int BurstSize => _burst;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private long _checks;

    public void Check(Guid customerId) => Check(customerId.ToString("N"));

    /// <summary>For buyers known only by a channel's id (an IM user, an openid).</summary>
    public void Check(string buyerKey)
    {
        var now = clock.GetUtcNow();
        var bucket = _buckets.GetOrAdd(buyerKey, _ => new Bucket(_burst, now));
        bool allowed;
        lock (bucket)
        {
            var refilled = (int)((now - bucket.Since) / _refill);
            if (refilled > 0)
            {
                bucket.Tokens = Math.Min(_burst, bucket.Tokens + refilled);
                bucket.Since += _refill * refilled;
            }

            if (bucket.Tokens == _burst)
            {
                bucket.Since = now;
            }

            allowed = bucket.Tokens > 0;
            if (allowed)
            {
                bucket.Tokens--;
            }
        }

        if (Interlocked.Increment(ref _checks) % 10_000 == 0)
        {
            Forget(now);
        }

        if (!allowed)
        {
            throw new KefuDeskException(KefuDeskError.TooManyMessages);
        }
    }

    /// <summary>Buckets that are full again are no different from new ones: drop them so memory stays flat.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.Since > _refill * _burst)
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    private sealed class Bucket(int tokens, DateTimeOffset since)
    {
        public int Tokens { get; set; } = tokens;
        public DateTimeOffset Since { get; set; } = since;
    }
}
