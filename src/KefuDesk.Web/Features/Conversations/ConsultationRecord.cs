using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations;

/// <summary>What the buyer asked about, as the agent records it on resolving (咨询记录).</summary>
public sealed record ConsultationRecordInput(Guid? CategoryId, string? Summary, IReadOnlyList<string>? Tags);

/// <summary>
/// The consultation record of one episode: a category from the organisation's tree, a short
/// summary and tags. Automatic resolutions (inactivity) carry a record marked automatic.
/// </summary>
public sealed class ConsultationRecord
{
    public const int SummaryMaxLength = 500;

    private ConsultationRecord() { }

    private ConsultationRecord(Guid id, Guid conversationId, Guid? agentId, Guid? categoryId, string summary, string tags,
        bool automatic, DateTime recordedAt)
    {
        Id = id;
        ConversationId = conversationId;
        AgentId = agentId;
        CategoryId = categoryId;
        Summary = summary;
        Tags = tags;
        Automatic = automatic;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid? AgentId { get; private set; }
    public Guid? CategoryId { get; private set; }
    public string Summary { get; private set; } = "";

    /// <summary>The tags as recorded, separated by commas.</summary>
    public string Tags { get; private set; } = "";

    public bool Automatic { get; private set; }
    public DateTime RecordedAt { get; private set; }

    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split(',');

    /// <summary>Checks and builds an agent's record; the category must already be known to exist.</summary>
    public static ConsultationRecord ByAgent(Guid conversationId, Guid agentId, ConsultationRecordInput input, DateTime at)
    {
        var summary = input.Summary?.Trim() ?? "";
        if (input.CategoryId is null || summary.Length is 0 or > SummaryMaxLength)
        {
            throw new KefuDeskException(KefuDeskError.RecordInvalid);
        }

        var tags = (input.Tags ?? []).Select(Conversation.CleanTag).Distinct().ToList();
        if (tags.Count > Conversation.MaxTags || tags.Any(t => t.Contains(',', StringComparison.Ordinal)))
        {
            throw new KefuDeskException(KefuDeskError.TagInvalid);
        }

        return new ConsultationRecord(Guid.CreateVersion7(at), conversationId, agentId, input.CategoryId, summary, string.Join(',', tags), false, at);
    }

    public static ConsultationRecord Automatically(Guid conversationId, Guid? agentId, string summary, DateTime at) =>
        new(Guid.CreateVersion7(at), conversationId, agentId, null, summary, "", true, at);
}
