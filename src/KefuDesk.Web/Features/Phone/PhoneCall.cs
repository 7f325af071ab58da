using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Phone;

public enum CallDirection
{
    Inbound,
    Outbound,
}

public enum CallOutcome
{
    Answered,
    Missed,
    NoAnswer,
    Busy,
    Voicemail,
}

/// <summary>
/// A phone call an agent logs (in or out, number, time, duration, outcome, notes). Each call is a
/// conversation on the phone channel attached to the customer; a missed inbound call becomes a
/// call-back task.
/// </summary>
public sealed class PhoneCall
{
    public const int NumberMaxLength = 30;
    public const int NotesMaxLength = 2000;

    private PhoneCall() { }

    public PhoneCall(Guid id, Guid shopId, Guid conversationId, Guid customerId, Guid agentId, CallDirection direction, string number,
        DateTime startedAt, int durationSeconds, CallOutcome outcome, string? notes, DateTime loggedAt)
    {
        Id = id;
        ShopId = shopId;
        ConversationId = conversationId;
        CustomerId = customerId;
        AgentId = agentId;
        Direction = direction;
        Number = number;
        StartedAt = startedAt;
        DurationSeconds = durationSeconds;
        Outcome = outcome;
        Notes = notes;
        LoggedAt = loggedAt;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid CustomerId { get; private set; }
    public Guid AgentId { get; private set; }
    public CallDirection Direction { get; private set; }
    public string Number { get; private set; } = "";
    public DateTime StartedAt { get; private set; }
    public int DurationSeconds { get; private set; }
    public CallOutcome Outcome { get; private set; }
    public string? Notes { get; private set; }
    public DateTime LoggedAt { get; private set; }

    public bool NeedsCallBack => Direction == CallDirection.Inbound && Outcome is not CallOutcome.Answered;
}

public enum CallbackStatus
{
    Open,
    Done,
    Cancelled,
}

/// <summary>
/// A buyer to call back (a missed call): open until an agent reaches them by phone (done) or a
/// supervisor or its taker drops it (cancelled). An agent takes it so colleagues do not call twice.
/// </summary>
public sealed class CallbackTask : AggregateRoot
{
    private CallbackTask() { }

    public CallbackTask(Guid id, Guid shopId, Guid customerId, Guid missedCallId, string number, DateTime createdAt)
    {
        Id = id;
        ShopId = shopId;
        CustomerId = customerId;
        MissedCallId = missedCallId;
        Number = number;
        CreatedAt = createdAt;
        Status = CallbackStatus.Open;
        Raise(new CallbackOpened(id, shopId, customerId, missedCallId, createdAt));
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid CustomerId { get; private set; }
    public Guid MissedCallId { get; private set; }
    public string Number { get; private set; } = "";
    public CallbackStatus Status { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DoneAt { get; private set; }
    public Guid? DoneByCallId { get; private set; }

    public bool IsOpen => Status == CallbackStatus.Open;

    /// <summary>
    /// The agent will make this call. A task a colleague holds is theirs unless a supervisor takes
    /// it over; taking one's own task again changes nothing.
    /// </summary>
    public void Take(Guid agentId, bool maySupervise, DateTime at)
    {
        EnsureOpen();
        if (AssigneeId == agentId)
        {
            return;
        }

        if (AssigneeId is not null && !maySupervise)
        {
            throw new KefuDeskException(KefuDeskError.CallbackTaken);
        }

        var previous = AssigneeId;
        AssigneeId = agentId;
        Raise(new CallbackTaken(Id, ShopId, agentId, previous, at));
    }

    /// <summary>The buyer was reached by <paramref name="callId"/> (an answered call back).</summary>
    public void Done(Guid callId, Guid agentId, bool maySupervise, DateTime at)
    {
        EnsureOpen();
        EnsureMayAct(agentId, maySupervise);
        AssigneeId ??= agentId;
        Status = CallbackStatus.Done;
        DoneByCallId = callId;
        DoneAt = at;
        Raise(new CallbackDone(Id, ShopId, agentId, callId, at));
    }

    /// <summary>Nobody will call (the buyer wrote in meanwhile, a wrong number): its taker or a supervisor says so.</summary>
    public void Cancel(Guid agentId, bool maySupervise, DateTime at)
    {
        EnsureOpen();
        if (!maySupervise && AssigneeId != agentId)
        {
            throw new KefuDeskException(KefuDeskError.CallbackNotYours);
        }

        Status = CallbackStatus.Cancelled;
        DoneAt = at;
        Raise(new CallbackCancelled(Id, ShopId, agentId, at));
    }

    /// <summary>A call back is open to anyone serving the shop until taken; then to its taker (and supervisors).</summary>
    public void EnsureMayAct(Guid agentId, bool maySupervise)
    {
        if (AssigneeId is { } holder && holder != agentId && !maySupervise)
        {
            throw new KefuDeskException(KefuDeskError.CallbackTaken);
        }
    }

    private void EnsureOpen()
    {
        if (Status != CallbackStatus.Open)
        {
            throw new KefuDeskException(KefuDeskError.CallbackClosed);
        }
    }
}
