namespace KefuDesk.Infrastructure.RateLimiting;

/// <summary>A token bucket's size: <see cref="Burst"/> at once, then one more every <see cref="RefillEvery"/>.</summary>
public readonly record struct BucketShape(int Burst, TimeSpan RefillEvery)
{
    public static BucketShape Of(BucketOptions options) =>
        new(Math.Max(1, options.Burst), TimeSpan.FromSeconds(Math.Max(0.001, options.RefillSeconds)));

    /// <summary>After this long untouched, a bucket is full again: no different from a new one.</summary>
    public TimeSpan FullAfter => RefillEvery * Burst;
}

/// <summary>A limit as configured: <c>Burst</c> at once, then one more every <c>RefillSeconds</c>.</summary>
public sealed class BucketOptions
{
    public BucketOptions() { }

    public BucketOptions(int burst, double refillSeconds)
    {
        Burst = burst;
        RefillSeconds = refillSeconds;
    }

    public int Burst { get; set; } = 1;
    public double RefillSeconds { get; set; } = 1;
}

/// <summary>What a bucket said: allowed, or not before <see cref="RetryAfter"/> has passed.</summary>
public readonly record struct BucketAnswer(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly BucketAnswer Yes = new(true, TimeSpan.Zero);
}
