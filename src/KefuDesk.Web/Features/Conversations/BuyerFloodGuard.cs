using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.RateLimiting;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// Stops a buyer (or a script posing as one) from flooding a shop: each buyer may send a burst of
/// messages (default 10), then a steady rate (default two a second). Refused with
/// <c>too_many_messages</c> (429) and how long to wait. Counted by the app's one limit store
/// (<see cref="RateLimits.BuyerMessages"/>: in Redis with several nodes, so a buyer whose requests
/// are spread over the nodes meets the same limit).
/// </summary>
public sealed class BuyerFloodGuard(RateLimits limits)
{
    private readonly BucketShape _shape = limits.ShapeOf(RateLimits.BuyerMessages);

    /// <summary>The time one more message is allowed after.</summary>
    public TimeSpan RefillEvery => _shape.RefillEvery;

    public int BurstSize => _shape.Burst;

    public Task CheckAsync(Guid customerId) => CheckAsync(customerId.ToString("N"));

    /// <summary>For buyers known only by a channel's id (an IM user, an openid).</summary>
    public Task CheckAsync(string buyerKey) => limits.EnsureAsync(RateLimits.BuyerMessages, buyerKey, KefuDeskError.TooManyMessages);
}
