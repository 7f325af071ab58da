using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Surveys;

/// <summary>
/// One satisfaction survey (满意度评价) per resolved episode, credited to the agent who had the
/// conversation when it was sent (KPI.md). The buyer answers once.
/// </summary>
public sealed class SatisfactionSurvey
{
    public const int CommentMaxLength = 500;

    private SatisfactionSurvey() { }

    internal SatisfactionSurvey(Guid id, Guid conversationId, Guid shopId, Guid customerId, Guid? agentId, DateTime episodeResolvedAt,
        Channel channel, DateTime sentAt)
    {
        Id = id;
        ConversationId = conversationId;
        ShopId = shopId;
        CustomerId = customerId;
        AgentId = agentId;
        EpisodeResolvedAt = episodeResolvedAt;
        Channel = channel;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid CustomerId { get; private set; }

    /// <summary>The assignee when the survey was sent: the agent the rating counts for.</summary>
    public Guid? AgentId { get; private set; }

    /// <summary>When the episode it is about was resolved; one survey per episode.</summary>
    public DateTime EpisodeResolvedAt { get; private set; }

    public Channel Channel { get; private set; }
    public DateTime SentAt { get; private set; }
    public SatisfactionRating? Rating { get; private set; }
    public string? Comment { get; private set; }
    public DateTime? RespondedAt { get; private set; }

    public void Answer(SatisfactionRating rating, string? comment, DateTime at)
    {
        if (RespondedAt is not null)
        {
            throw new KefuDeskException(KefuDeskError.SurveyAnswered);
        }

        if (!Enum.IsDefined(rating))
        {
            throw new KefuDeskException(KefuDeskError.SurveyRatingInvalid);
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (text is { Length: > CommentMaxLength })
        {
            throw new KefuDeskException(KefuDeskError.SurveyCommentTooLong);
        }

        Rating = rating;
        Comment = text;
        RespondedAt = at;
    }
}
