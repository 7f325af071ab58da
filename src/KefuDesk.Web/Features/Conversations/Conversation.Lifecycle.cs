using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// new/queued → open (assigned) → pending (waiting on the buyer) → resolved → closed. A buyer
/// writing resumes a pending conversation and reopens a resolved one (within the shop's window;
/// after it the writer closes it and starts a new one).
/// </summary>
public sealed partial class Conversation
{
    private readonly List<ConsultationRecord> _records = [];

    public IReadOnlyCollection<ConsultationRecord> Records => _records;

    /// <summary>Gives the conversation to an agent (pick-up or routing).</summary>
    public void Assign(Guid agentId, Guid? byAgentId, DateTime at)
    {
        if (IsClosed)
        {
            throw new KefuDeskException(KefuDeskError.ConversationClosed);
        }

        if (AssigneeId == agentId)
        {
            return;
        }

        var previous = AssigneeId;
        AssigneeId = agentId;
        AssignedAt = at;
        WaitingSince = null;
        if (Status is ConversationStatus.New or ConversationStatus.Queued)
        {
            Status = ConversationStatus.Open;
        }

        Version++;
        Record(ConversationEventNames.Assigned, at, agentId, byAgentId);
        Raise(new ConversationAssigned(Id, ShopId, CustomerId, agentId, previous, byAgentId, at));
    }

    /// <summary>Hands the conversation to a colleague, with a note for them (转接).</summary>
    public void TransferToAgent(Guid agentId, Guid byAgentId, string? note, DateTime at)
    {
        GuardTransferable();
        if (AssigneeId == agentId)
        {
            throw new KefuDeskException(KefuDeskError.TransferInvalid);
        }

        var previous = AssigneeId;
        AssigneeId = agentId;
        AssignedAt = at;
        WaitingSince = null;
        Status = ConversationStatus.Open;
        Version++;
        Record(ConversationEventNames.Transferred, at, agentId, byAgentId, note);
        Raise(new ConversationTransferred(Id, ShopId, CustomerId, previous, agentId, null, byAgentId, note, at));
    }

    /// <summary>Hands the conversation to a skill group: it waits there for the group's next agent.</summary>
    public void TransferToGroup(Guid groupId, Guid byAgentId, string? note, DateTime at)
    {
        GuardTransferable();
        var previous = AssigneeId;
        AssigneeId = null;
        AssignedAt = null;
        SkillGroupId = groupId;
        GroupSince = at;
        Status = ConversationStatus.Queued;
        WaitingSince = at;
        Version++;
        Record(ConversationEventNames.Transferred, at, null, byAgentId, note);
        Raise(new ConversationTransferred(Id, ShopId, CustomerId, previous, null, groupId, byAgentId, note, at));
    }

    /// <summary>The agent has asked the buyer something and waits for the answer (待买家回复).</summary>
    public void Pend(Guid byAgentId, DateTime at)
    {
        if (Status != ConversationStatus.Open)
        {
            throw new KefuDeskException(KefuDeskError.ConversationNotOpen);
        }

        ChangeStatus(ConversationStatus.Pending, ConversationEventNames.Pending, byAgentId, at);
    }

    /// <summary>
    /// Ends the episode. The consultation record (咨询记录) goes with it when there is one; its tags
    /// become the conversation's.
    /// </summary>
    public void Resolve(Guid? byAgentId, ConsultationRecord? record, DateTime at)
    {
        if (Status is not (ConversationStatus.Open or ConversationStatus.Pending))
        {
            throw new KefuDeskException(KefuDeskError.ConversationNotOpen);
        }

        if (record is not null)
        {
            _records.Add(record);
            foreach (var tag in record.TagList)
            {
                AddTag(tag);
            }
        }

        ResolvedAt = at;
        AwaitingReplySince = null; // the agent judged the buyer served; a new message starts a new wait
        GreetedAt = null; // and a new episode, welcomed again
        ChangeStatus(ConversationStatus.Resolved, ConversationEventNames.Resolved, byAgentId, at);
    }

    /// <summary>
    /// Closes the conversation for good: the buyer's next message starts a new one. Resolved
    /// conversations close when the reopen window passes; a supervisor may close any (spam, say).
    /// </summary>
    public void Close(Guid? byAgentId, bool force, DateTime at)
    {
        if (IsClosed || (Status != ConversationStatus.Resolved && !force))
        {
            throw new KefuDeskException(IsClosed ? KefuDeskError.ConversationClosed : KefuDeskError.ConversationNotOpen);
        }

        OpenThreadKey = null;
        ClosedAt = at;
        AwaitingReplySince = null;
        ChangeStatus(ConversationStatus.Closed, ConversationEventNames.Closed, byAgentId, at);
    }

    /// <summary>Whether a buyer writing at <paramref name="at"/> may still reopen this resolved conversation.</summary>
    public bool MayReopenAt(DateTime at, TimeSpan window) => MayReopenAt(at, () => window);

    /// <summary>The window is asked for only when it matters (a resolved conversation): reading it is a shop look-up.</summary>
    public bool MayReopenAt(DateTime at, Func<TimeSpan> window) => Status != ConversationStatus.Resolved || at - ResolvedAt <= window();

    /// <summary>A buyer writing brings a pending or resolved conversation back to the agent.</summary>
    private void ResumeFor(MessageAuthor author, DateTime at)
    {
        if (Status == ConversationStatus.Pending)
        {
            ChangeStatus(ConversationStatus.Open, ConversationEventNames.Resumed, author.AgentId, at);
        }
        else if (Status == ConversationStatus.Resolved)
        {
            Reopen(author.AgentId, at);
        }
    }

    private void Reopen(Guid? byAgentId, DateTime at)
    {
        ResolvedAt = null;
        if (AssigneeId is null)
        {
            WaitingSince = at;
        }

        ChangeStatus(AssigneeId is null ? ConversationStatus.New : ConversationStatus.Open, ConversationEventNames.Reopened, byAgentId, at);
    }

    private void GuardTransferable()
    {
        if (Status is ConversationStatus.Resolved or ConversationStatus.Closed)
        {
            throw new KefuDeskException(IsClosed ? KefuDeskError.ConversationClosed : KefuDeskError.ConversationNotOpen);
        }
    }

    private void ChangeStatus(ConversationStatus status, string eventName, Guid? byAgentId, DateTime at)
    {
        Status = status;
        Version++;
        Record(eventName, at, AssigneeId, byAgentId);
        Raise(new ConversationStatusChanged(Id, ShopId, CustomerId, AssigneeId, Status, byAgentId, at));
    }
}
