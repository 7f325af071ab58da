using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// What routing needs to know about a conversation: since when the buyer waits for an agent, with
/// which priority, when the agent got it and last answered, and which agent already let it go.
/// </summary>
public sealed partial class Conversation
{
    public const int EntryMaxLength = 100;

    /// <summary>Waiting for an agent since (FIFO order of the queue); null once assigned.</summary>
    public DateTime? WaitingSince { get; private set; }

    /// <summary>In the current group since (its queue timeout counts from here).</summary>
    public DateTime? GroupSince { get; private set; }

    /// <summary>Higher goes first (VIP buyers: 1).</summary>
    public int QueuePriority { get; private set; }

    public DateTime? AssignedAt { get; private set; }

    /// <summary>The last public message of a person on the agents' side (automatic replies do not count).</summary>
    public DateTime? LastAgentReplyAt { get; private set; }

    /// <summary>
    /// The buyer's first message that no person has answered yet (待回复 counts from here); null once
    /// an agent writes to the buyer. Automatic replies, notes and bots do not end the wait.
    /// </summary>
    public DateTime? AwaitingReplySince { get; private set; }

    /// <summary>The buyer's own last words (the 待回复 row shows these, not the bot's answer).</summary>
    public string LastCustomerPreview { get; private set; } = "";

    /// <summary>When this episode's welcome was said: a buyer is welcomed once, not again at each re-route.</summary>
    public DateTime? GreetedAt { get; private set; }

    /// <summary>The last automatic "please wait" reply.</summary>
    public DateTime? WaitNoticeAt { get; private set; }

    /// <summary>Routing took the conversation from this agent; they are not offered it again at once.</summary>
    public Guid? PassedOverAgentId { get; private set; }

    /// <summary>Where the buyer started (the widget's entry point) and the question they picked, if any.</summary>
    public string? EntryPoint { get; private set; }

    public string? Question { get; private set; }

    /// <summary>The buyer is waiting for routing: unassigned, not left as a message, not ended.</summary>
    public bool AwaitsRouting => AssigneeId is null && !LeftOffline && Status is ConversationStatus.New or ConversationStatus.Queued;

    /// <summary>Entry rules chose the group; the buyer now waits for an agent.</summary>
    public void Route(Guid? groupId, int priority, string? entryPoint, string? question, DateTime at)
    {
        SkillGroupId = groupId;
        GroupSince = at;
        QueuePriority = priority;
        EntryPoint = Clip(entryPoint);
        Question = Clip(question);
        WaitingSince ??= at;
        Version++;
    }

    /// <summary>No agent could take the buyer: they queue (排队).</summary>
    public void Enqueue(DateTime at)
    {
        if (!AwaitsRouting)
        {
            throw new KefuDeskException(KefuDeskError.ConversationNotOpen);
        }

        WaitingSince ??= at;
        if (Status != ConversationStatus.Queued)
        {
            Status = ConversationStatus.Queued;
            Version++;
            Record(ConversationEventNames.Queued, at, null, null, SkillGroupId?.ToString());
            Raise(new ConversationQueued(Id, ShopId, CustomerId, SkillGroupId, at));
        }
    }

    /// <summary>Routing takes the conversation back from its agent for the next one; the buyer keeps their place.</summary>
    public void Reroute(RerouteReason reason, Guid? byAgentId, DateTime at)
    {
        if (AssigneeId is not { } from || Status is not (ConversationStatus.Open or ConversationStatus.Pending))
        {
            throw new KefuDeskException(KefuDeskError.ConversationNotOpen);
        }

        AssigneeId = null;
        PassedOverAgentId = from;
        AssignedAt = null;
        Status = ConversationStatus.Queued;
        WaitingSince = LastCustomerMessageAt ?? at;
        Version++;
        Record(ConversationEventNames.Rerouted, at, from, byAgentId, reason.ToString());
        Raise(new ConversationRerouted(Id, ShopId, CustomerId, from, reason, at));
        Raise(new ConversationStatusChanged(Id, ShopId, CustomerId, null, Status, byAgentId, at));
    }

    /// <summary>The group's queue timed out: the buyer moves on to the overflow group, keeping their place.</summary>
    public void Overflow(Guid groupId, DateTime at)
    {
        if (!AwaitsRouting)
        {
            throw new KefuDeskException(KefuDeskError.ConversationNotOpen);
        }

        SkillGroupId = groupId;
        GroupSince = at;
        Version++;
        Record(ConversationEventNames.Overflowed, at, null, null, groupId.ToString());
        Raise(new ConversationStatusChanged(Id, ShopId, CustomerId, null, Status, null, at));
    }

    /// <summary>Nobody will serve the buyer now (after hours, or the queue timed out): it becomes a 留言 for the 留言 list.</summary>
    public void LeaveAsMessage(DateTime at)
    {
        if (!AwaitsRouting)
        {
            return;
        }

        LeftOffline = true;
        WaitingSince = null;
        Version++;
        Record(ConversationEventNames.LeftAsMessage, at, null, null);
        Raise(new ConversationStatusChanged(Id, ShopId, CustomerId, null, Status, null, at));
    }

    public void NoteWaitNotice(DateTime at)
    {
        WaitNoticeAt = at;
        Version++;
    }

    public void NoteGreeted(DateTime at)
    {
        GreetedAt = at;
        Version++;
    }

    private static string? Clip(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is { Length: > EntryMaxLength } t ? t[..EntryMaxLength] : text.Trim();
}
