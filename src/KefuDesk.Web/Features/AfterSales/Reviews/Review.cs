using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>好评, 中评, 差评. Stars map as the platforms do: 4–5 好评, 3 中评, 1–2 差评.</summary>
public enum ReviewRating
{
    Good,
    Neutral,
    Bad,
}

/// <summary>无需跟进 (a good review), 待跟进, 已跟进.</summary>
public enum FollowUpStatus
{
    None,
    Pending,
    Done,
}

/// <summary>What the follow-up came to: the buyer revised or added to the review, the shop explained, or the buyer could not be reached.</summary>
public enum FollowUpOutcome
{
    Revised,
    Explained,
    Unreachable,
}

/// <summary>A review as the platform reports it (import or API); the shop's follow-up is not part of it.</summary>
public sealed record ReviewFacts(string PlatformReviewId, string? OrderNo, string? BuyerNick, string? Sku, string? ProductTitle, int? Stars,
    ReviewRating Rating, int? DescriptionScore, int? ServiceScore, int? LogisticsScore, string? Text, DateTime ReviewedAt)
{
    public static ReviewRating RatingOf(int stars) => stars >= 4 ? ReviewRating.Good : stars == 3 ? ReviewRating.Neutral : ReviewRating.Bad;
}

/// <summary>
/// A buyer's review (评价) of an order on the shop's platform, imported from the platform's export
/// or pushed by its API, with its DSR scores (描述相符, 服务态度, 物流服务). A 中评 or 差评 is flagged
/// on import and assigned to an agent to follow up (<see cref="ReviewAssignment"/>). Re-importing the
/// same platform review id updates it; the follow-up stays.
/// </summary>
public sealed class Review : AggregateRoot
{
    public const int IdMaxLength = 64;
    public const int NickMaxLength = 100;
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 2000;
    public const int NoteMaxLength = 500;
    public const int ReplyMaxLength = 500;

    private Review() { }

    public Review(Guid id, Guid organisationId, Guid shopId, ReviewFacts facts, Guid? orderId, Guid? customerId, DateTime at)
    {
        Id = id;
        OrganisationId = organisationId;
        ShopId = shopId;
        PlatformReviewId = facts.PlatformReviewId;
        ImportedAt = at;
        Take(facts, orderId, customerId, at);
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid ShopId { get; private set; }

    /// <summary>The platform's id of the review (评价ID): unique per shop, so a re-import updates rather than duplicates.</summary>
    public string PlatformReviewId { get; private set; } = "";

    public string? OrderNo { get; private set; }
    public Guid? OrderId { get; private set; }
    public Guid? CustomerId { get; private set; }
    public string? BuyerNick { get; private set; }
    public string? Sku { get; private set; }
    public string? ProductTitle { get; private set; }

    /// <summary>1–5 when the platform gave stars; null when it gave only 好评/中评/差评.</summary>
    public int? Stars { get; private set; }

    public ReviewRating Rating { get; private set; }
    public int? DescriptionScore { get; private set; }
    public int? ServiceScore { get; private set; }
    public int? LogisticsScore { get; private set; }
    public string? Text { get; private set; }
    public DateTime ReviewedAt { get; private set; }
    public DateTime ImportedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>A 中评 or 差评 (once flagged, always: the follow-up is on record even if the buyer revises).</summary>
    public bool Flagged { get; private set; }

    public DateTime? FlaggedAt { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public FollowUpStatus FollowUp { get; private set; }
    public FollowUpOutcome? Outcome { get; private set; }
    public string? FollowUpNote { get; private set; }
    public DateTime? FollowedUpAt { get; private set; }
    public Guid? FollowedUpById { get; private set; }

    /// <summary>The shop's public reply (解释), to post on the platform.</summary>
    public string? Reply { get; private set; }

    public DateTime? RepliedAt { get; private set; }
    public Guid? RepliedById { get; private set; }
    public int Version { get; private set; }

    public bool NeedsFollowUp => Rating != ReviewRating.Good;

    /// <summary>The platform's newer copy of the review (an appended review, a changed rating). False when nothing changed.</summary>
    public bool Update(ReviewFacts facts, Guid? orderId, Guid? customerId, DateTime at)
    {
        if (facts with { PlatformReviewId = PlatformReviewId } == Facts && orderId == OrderId && customerId == CustomerId)
        {
            return false;
        }

        var was = Rating;
        Take(facts, orderId, customerId, at);
        Touch();
        Raise(new ReviewUpdated(Id, ShopId, was, Rating, at));
        return true;
    }

    public ReviewFacts Facts => new(PlatformReviewId, OrderNo, BuyerNick, Sku, ProductTitle, Stars, Rating, DescriptionScore, ServiceScore,
        LogisticsScore, Text, ReviewedAt);

    /// <summary>A 中差评 waits for follow-up by <paramref name="assigneeId"/> (null: nobody on the team to give it to yet).</summary>
    public void Flag(Guid? assigneeId, DateTime at)
    {
        if (Flagged || !NeedsFollowUp)
        {
            return;
        }

        Flagged = true;
        FlaggedAt = at;
        AssigneeId = assigneeId;
        FollowUp = FollowUpStatus.Pending;
        Touch();
        Raise(new ReviewFlagged(Id, ShopId, Rating, assigneeId, at));
    }

    /// <summary>
    /// The follow-up's outcome (it may be recorded again: an unreachable buyer reached later). The
    /// assignee or a supervisor; an unassigned review becomes the recorder's.
    /// </summary>
    public void RecordFollowUp(FollowUpOutcome outcome, string? note, Guid agentId, bool maySupervise, DateTime at)
    {
        if (!Flagged)
        {
            throw new KefuDeskException(ReviewErrors.NotFlagged);
        }

        EnsureMayAct(agentId, maySupervise);
        AssigneeId ??= agentId;
        FollowUp = FollowUpStatus.Done;
        Outcome = outcome;
        FollowUpNote = note;
        FollowedUpAt = at;
        FollowedUpById = agentId;
        Touch();
        Raise(new ReviewFollowedUp(Id, ShopId, outcome, agentId, at));
    }

    /// <summary>The shop's reply to the review (from a template or written); replaces an earlier one.</summary>
    public void ReplyWith(string reply, Guid agentId, bool maySupervise, DateTime at)
    {
        EnsureMayAct(agentId, maySupervise);
        Reply = reply;
        RepliedAt = at;
        RepliedById = agentId;
        Touch();
        Raise(new ReviewReplied(Id, ShopId, agentId, at));
    }

    /// <summary>Gives the follow-up to another member of the shop's team (supervisors).</summary>
    public void Reassign(Guid assigneeId, Guid agentId, bool maySupervise, DateTime at)
    {
        if (!Flagged)
        {
            throw new KefuDeskException(ReviewErrors.NotFlagged);
        }

        if (!maySupervise)
        {
            throw new KefuDeskException(ReviewErrors.SupervisorOnly);
        }

        if (assigneeId == AssigneeId)
        {
            return;
        }

        var previous = AssigneeId;
        AssigneeId = assigneeId;
        Touch();
        Raise(new ReviewReassigned(Id, ShopId, previous, assigneeId, agentId, at));
    }

    /// <summary>An assigned review is its assignee's (and supervisors'); one nobody has is anyone's in the shop.</summary>
    public void EnsureMayAct(Guid agentId, bool maySupervise)
    {
        if (AssigneeId is { } holder && holder != agentId && !maySupervise)
        {
            throw new KefuDeskException(ReviewErrors.NotYours);
        }
    }

    private void Take(ReviewFacts facts, Guid? orderId, Guid? customerId, DateTime at)
    {
        OrderNo = facts.OrderNo;
        OrderId = orderId;
        CustomerId = customerId;
        BuyerNick = facts.BuyerNick;
        Sku = facts.Sku;
        ProductTitle = facts.ProductTitle;
        Stars = facts.Stars;
        Rating = facts.Rating;
        DescriptionScore = facts.DescriptionScore;
        ServiceScore = facts.ServiceScore;
        LogisticsScore = facts.LogisticsScore;
        Text = facts.Text;
        ReviewedAt = facts.ReviewedAt;
        UpdatedAt = at;
    }

    private void Touch() => Version++;
}
