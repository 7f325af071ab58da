using System.Threading.RateLimiting;

namespace KefuDesk.Infrastructure.RateLimiting;

/// <summary>
/// One partition of a named limit (one address, one shop) as a .NET <see cref="RateLimiter"/>, so
/// ASP.NET Core's rate-limiting middleware and our own code use the same thing. The count lives in
/// <see cref="TokenBuckets"/> (Redis with several nodes), so this object holds no state and may be
/// dropped and made again at any time.
/// </summary>
internal sealed class BucketLimiter(TokenBuckets buckets, string key, BucketShape shape) : RateLimiter
{
    // Idle "forever": the partitioned limiter may drop this stateless object whenever it sweeps.
    public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

    public override RateLimiterStatistics? GetStatistics() => null;

    // Redis answers asynchronously: the synchronous attempt never decides, and callers (the
    // middleware does) go on to AcquireAsync, which does.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => BucketLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0)
        {
            return BucketLease.Granted;
        }

        var answer = await buckets.TakeAsync(key, shape);
        return answer.Allowed ? BucketLease.Granted : new BucketLease(false, answer.RetryAfter);
    }

    private sealed class BucketLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly BucketLease Granted = new(true, null);
        public static readonly BucketLease Undecided = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
