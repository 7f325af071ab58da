using System.Collections.Concurrent;
using KefuDesk.Infrastructure.Realtime;
using StackExchange.Redis;

namespace KefuDesk.Infrastructure.RateLimiting;

/// <summary>
/// The one store behind every limit in KefuDesk (sign-in attempts, new visitors, buyers' messages):
/// token buckets by key, on the app's clock. With several nodes the buckets live in Redis, so a
/// caller whose requests are spread over the nodes meets one limit; if Redis cannot be reached,
/// each node counts on its own until it can, rather than let everything through.
/// </summary>
public sealed class TokenBuckets(TimeProvider clock, ILogger<TokenBuckets> log, RedisConnection? redis = null)
{
    /// <summary>
    /// A bucket as <see cref="Local"/> keeps it, in one Redis hash. <c>take</c> 1 spends a token,
    /// -1 gives one back. Answers {allowed, milliseconds until the next token when refused}. The
    /// node's clock is passed in, so tests can move it.
    /// </summary>
    private static readonly LuaScript Script = LuaScript.Prepare("""
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
        if tokens >= burst then since = now end
        local allowed = 1
        local wait = 0
        if tonumber(@take) > 0 then
            if tokens > 0 then
                tokens = tokens - 1
            else
                allowed = 0
                wait = since + refill - now
            end
        else
            tokens = math.min(burst, tokens + 1)
        end
        redis.call('HSET', @key, 'tokens', tokens, 'since', since)
        redis.call('PEXPIRE', @key, refill * burst + 1000)
        return { allowed, wait }
        """);

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private long _checks;
    private long _redisFailures;

    /// <summary>Spends one token from the bucket <paramref name="key"/>, or says how long until there is one.</summary>
    public ValueTask<BucketAnswer> TakeAsync(string key, BucketShape shape) => RunAsync(key, shape, take: true);

    /// <summary>Returns a token spent on something that turned out not to count (a right password).</summary>
    public async Task GiveBackAsync(string key, BucketShape shape) => await RunAsync(key, shape, take: false);

    /// <summary>The bucket is full again (an admin unlocked an account).</summary>
    public async Task ForgetAsync(string key)
    {
        _buckets.TryRemove(key, out _);
        if (redis is null)
        {
            return;
        }

        try
        {
            await (await redis.GetAsync()).GetDatabase().KeyDeleteAsync(RedisKeyOf(key));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            log.LogWarning(ex, "Could not reset the limit {Key} in Redis", key);
        }
    }

    private async ValueTask<BucketAnswer> RunAsync(string key, BucketShape shape, bool take)
    {
        var now = clock.GetUtcNow();
        if (redis is null)
        {
            return Local(key, shape, now, take);
        }

        try
        {
            var db = (await redis.GetAsync()).GetDatabase();
            var result = (RedisResult[])(await Script.EvaluateAsync(db, new
            {
                key = RedisKeyOf(key),
                burst = shape.Burst,
                refillMs = (long)Math.Ceiling(shape.RefillEvery.TotalMilliseconds),
                nowMs = now.ToUnixTimeMilliseconds(),
                take = take ? 1 : -1,
            }))!;
            return (long)result[0] == 1 ? BucketAnswer.Yes : new BucketAnswer(false, TimeSpan.FromMilliseconds((long)result[1]));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (Interlocked.Increment(ref _redisFailures) % 1000 == 1)
            {
                log.LogWarning(ex, "Limits fall back to this node's own count: Redis did not answer");
            }

            return Local(key, shape, now, take);
        }
    }

    private static RedisKey RedisKeyOf(string key) => "kefudesk:limit:" + key;

    private BucketAnswer Local(string key, BucketShape shape, DateTimeOffset now, bool take)
    {
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket(shape.Burst, now, shape));
        BucketAnswer answer;
        lock (bucket)
        {
            bucket.Shape = shape;
            var refilled = (int)((now - bucket.Since) / shape.RefillEvery);
            if (refilled > 0)
            {
                bucket.Tokens = Math.Min(shape.Burst, bucket.Tokens + refilled);
                bucket.Since += shape.RefillEvery * refilled;
            }

            if (bucket.Tokens >= shape.Burst)
            {
                bucket.Since = now;
            }

            if (!take)
            {
                bucket.Tokens = Math.Min(shape.Burst, bucket.Tokens + 1);
                answer = BucketAnswer.Yes;
            }
            else if (bucket.Tokens > 0)
            {
                bucket.Tokens--;
                answer = BucketAnswer.Yes;
            }
            else
            {
                answer = new BucketAnswer(false, bucket.Since + shape.RefillEvery - now);
            }
        }

        if (Interlocked.Increment(ref _checks) % 10_000 == 0)
        {
            Forget(now);
        }

        return answer;
    }

    /// <summary>Buckets that are full again are no different from new ones: drop them so memory stays flat.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.Since > bucket.Shape.FullAfter)
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    private sealed class Bucket(int tokens, DateTimeOffset since, BucketShape shape)
    {
        public int Tokens { get; set; } = tokens;
        public DateTimeOffset Since { get; set; } = since;
        public BucketShape Shape { get; set; } = shape;
    }
}
