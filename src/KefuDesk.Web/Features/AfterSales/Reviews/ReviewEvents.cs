using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales.Reviews;

public static class ReviewEventNames
{
    public const string Updated = "review.updated";
    public const string Flagged = "review.flagged";
    public const string FollowedUp = "review.followed_up";
    public const string Replied = "review.replied";
    public const string Reassigned = "review.reassigned";
}

public sealed record ReviewUpdated(Guid ReviewId, Guid ShopId, ReviewRating From, ReviewRating To, DateTime At) : IDomainEvent
{
    public string Name => ReviewEventNames.Updated;
}

/// <summary>A 中差评 came in and waits for follow-up.</summary>
public sealed record ReviewFlagged(Guid ReviewId, Guid ShopId, ReviewRating Rating, Guid? AssigneeId, DateTime At) : IDomainEvent
{
    public string Name => ReviewEventNames.Flagged;
}

public sealed record ReviewFollowedUp(Guid ReviewId, Guid ShopId, FollowUpOutcome Outcome, Guid ByAgentId, DateTime At) : IDomainEvent
{
    public string Name => ReviewEventNames.FollowedUp;
}

public sealed record ReviewReplied(Guid ReviewId, Guid ShopId, Guid ByAgentId, DateTime At) : IDomainEvent
{
    public string Name => ReviewEventNames.Replied;
}

public sealed record ReviewReassigned(Guid ReviewId, Guid ShopId, Guid? From, Guid To, Guid ByAgentId, DateTime At) : IDomainEvent
{
    public string Name => ReviewEventNames.Reassigned;
}
