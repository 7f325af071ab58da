namespace KefuDesk.Features.Conversations;

/// <summary>
/// One line of a conversation's history (started, assigned, transferred, resolved…). Append-only;
/// together with the messages these are the facts that response-time and workload KPIs are computed from.
/// </summary>
public sealed class ConversationEvent
{
    public const int DetailMaxLength = 500;

    private ConversationEvent() { }

    internal ConversationEvent(Guid conversationId, string type, DateTime at, Guid? agentId, Guid? actorId, string? detail)
    {
        ConversationId = conversationId;
        Type = type;
        At = at;
        AgentId = agentId;
        ActorId = actorId;
        Detail = detail is { Length: > DetailMaxLength } ? detail[..DetailMaxLength] : detail;
    }

    public long Id { get; private set; }
    public Guid ConversationId { get; private set; }

    /// <summary>One of <see cref="ConversationEventNames"/>.</summary>
    public string Type { get; private set; } = "";

    public DateTime At { get; private set; }

    /// <summary>The agent the event is about (the new assignee, say).</summary>
    public Guid? AgentId { get; private set; }

    /// <summary>Who did it; null when the system did.</summary>
    public Guid? ActorId { get; private set; }

    /// <summary>What else there is to say: a transfer note, a tag, a recalled message's number.</summary>
    public string? Detail { get; private set; }
}

public static class ConversationEventNames
{
    public const string Started = "conversation.started";
    public const string Assigned = "conversation.assigned";
    public const string Transferred = "conversation.transferred";
    public const string Pending = "conversation.pending";
    public const string Resumed = "conversation.resumed";
    public const string Resolved = "conversation.resolved";
    public const string Reopened = "conversation.reopened";
    public const string Closed = "conversation.closed";
    public const string Tagged = "conversation.tagged";
    public const string Untagged = "conversation.untagged";
    public const string Read = "conversation.read";
    public const string CustomerMerged = "conversation.customer_merged";
    public const string Queued = "conversation.queued";
    public const string Rerouted = "conversation.rerouted";
    public const string Overflowed = "conversation.overflowed";
    public const string LeftAsMessage = "conversation.left_as_message";
    public const string MessageCreated = "message.created";
    public const string MessageRecalled = "message.recalled";
    public const string Mentioned = "note.mentioned";
    public const string SurveyAnswered = "survey.answered";
}
