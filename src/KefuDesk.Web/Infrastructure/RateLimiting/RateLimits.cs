using System.Threading.RateLimiting;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace KefuDesk.Infrastructure.RateLimiting;

/// <summary>
/// KefuDesk's named limits, each a token bucket per partition (an address, an account, a shop, a
/// buyer) in <see cref="TokenBuckets"/>. Endpoints whose partition is in the request itself use
/// them through ASP.NET Core's rate-limiting middleware (<c>RequireRateLimiting(name)</c>, per
/// address); code that learns its partition from the body or the outcome (which shop, whether the
/// password was right) asks the same limiter here.
/// </summary>
public sealed class RateLimits(TokenBuckets buckets, IOptions<KefuDeskOptions> options)
{
    public const string SignInPerAddress = "sign-in-per-address";
    public const string SignInPerAccount = "sign-in-per-account";
    public const string NewVisitorsPerAddress = "new-visitors-per-address";
    public const string NewVisitorsPerShop = "new-visitors-per-shop";
    public const string NewConversationsPerAddress = "new-conversations-per-address";
    public const string NewConversationsPerShop = "new-conversations-per-shop";
    public const string BuyerMessages = "buyer-messages";

    public BucketShape ShapeOf(string name)
    {
        var o = options.Value;
        return name switch
        {
            SignInPerAddress => BucketShape.Of(o.Limits.SignInPerAddress),
            SignInPerAccount => BucketShape.Of(o.Limits.SignInPerAccount),
            NewVisitorsPerAddress => BucketShape.Of(o.Limits.NewVisitorsPerAddress),
            NewVisitorsPerShop => BucketShape.Of(o.Limits.NewVisitorsPerShop),
            NewConversationsPerAddress => BucketShape.Of(o.Limits.NewConversationsPerAddress),
            NewConversationsPerShop => BucketShape.Of(o.Limits.NewConversationsPerShop),
            BuyerMessages => new BucketShape(Math.Max(1, o.BuyerMessageBurst), TimeSpan.FromSeconds(1 / Math.Max(0.01, o.BuyerMessagesPerSecond))),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such limit."),
        };
    }

    /// <summary>The limiter of one partition of a named limit.</summary>
    public RateLimiter Limiter(string name, string partition) => new BucketLimiter(buckets, KeyOf(name, partition), ShapeOf(name));

    /// <summary>Spends one from the partition, or refuses with <paramref name="refusal"/> and how long to wait.</summary>
    public async Task EnsureAsync(string name, string partition, KefuDeskError refusal)
    {
        using var lease = await Limiter(name, partition).AcquireAsync();
        if (!lease.IsAcquired)
        {
            throw new KefuDeskException(refusal, retryAfter: RetryAfterOf(lease));
        }
    }

    /// <summary>Gives back what an attempt spent when it turned out not to count.</summary>
    public Task GiveBackAsync(string name, string partition) => buckets.GiveBackAsync(KeyOf(name, partition), ShapeOf(name));

    /// <summary>Starts the partition afresh (full).</summary>
    public Task ForgetAsync(string name, string partition) => buckets.ForgetAsync(KeyOf(name, partition));

    public static TimeSpan? RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;

    private static string KeyOf(string name, string partition) => name + ":" + partition;
}
