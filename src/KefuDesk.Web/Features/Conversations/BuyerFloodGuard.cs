using System.Collections.Concurrent;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// Stops a buyer (or a script posing as one) from flooding a shop: each buyer may send a burst of
/// messages (default 10), then a steady rate (default two a second). Refused with
/// <c>too_many_messages</c> (429). With several nodes the buckets live in Redis, so a buyer whose
/// requests are spread over the nodes meets the same limit; if Redis cannot be reached, each node
/// counts on its own until it can, rather than let everything through.
/// </summary>
public sealed class BuyerFloodGuard(TimeProvider clock, IOptions<KefuDeskOptions> options, ILogger<BuyerFloodGuard> log, RedisConnection? redis = null)
{
    /// <summary>A token bucket as <see cref="Local"/> keeps it, in one Redis hash; the node's clock is passed in, so tests can move it.</summary>
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local burst = tonumber(@burst)
        local refill = tonumber(@refillMs)
        local now = tonumber(@nowMs)
        local stored = redis.call('HMGET', @key, 'tokens', 'since')
        local tokens = tonumber(stored[1]) or burst
        local since = tonumber(stored[2]) or now
        local refilled = math.floor((now - since) / refill)
        if refilled > 0 then
            tokens = math.min(burst, tokens + refilled)
            since = since + refill * refilled
        end
        if tokens == burst then since = now end
        local allowed = 0
        if tokens > 0 then
            tokens = tokens - 1
            allowed = 1
        end
        redis.call('HSET', @key, 'tokens', tokens, 'since', since)
        redis.call('PEXPIRE', @key, refill * burst + 1000)
        return allowed
        """);

    private readonly int _burst = Math.Max(1, options.Value.BuyerMessageBurst);
    private readonly TimeSpan _refill = TimeSpan.FromSeconds(1 / Math.Max(0.01, options.Value.BuyerMessagesPerSecond));
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private long _checks;
    private long _redisFailures;

    /// <summary>The time one more message is allowed after.</summary>
    public TimeSpan RefillEvery => _refill;

    public int BurstSize => _burst;

    public Task CheckAsync(Guid customerId) => CheckAsync(customerId.ToString("N"));

    /// <summary>For buyers known only by a channel's id (an IM user, an openid).</summary>
    public async Task CheckAsync(string buyerKey)
    {
        var now = clock.GetUtcNow();
        var allowed = redis is null ? Local(buyerKey, now) : await SharedAsync(buyerKey, now);
        if (!allowed)
        {
            throw new KefuDeskException(KefuDeskError.TooManyMessages);
        }
    }

    private async Task<bool> SharedAsync(string buyerKey, DateTimeOffset now)
    {
        try
        {
            var db = (await redis!.GetAsync()).GetDatabase();
            var result = await Take.EvaluateAsync(db, new
            {
                key = (RedisKey)("kefudesk:flood:" + buyerKey),
                burst = _burst,
                refillMs = (long)_refill.TotalMilliseconds,
                nowMs = now.ToUnixTimeMilliseconds(),
            });
            return (long)result == 1;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (Interlocked.Increment(ref _redisFailures) % 1000 == 1)
            {
                log.LogWarning(ex, "Flood limits fall back to this node's own count: Redis did not answer");
            }

            return Local(buyerKey, now);
        }
    }

    private bool Local(string buyerKey, DateTimeOffset now)
    {
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

        return allowed;
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
