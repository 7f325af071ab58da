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

/// <summary>A buyer to call back (a missed call); done when an agent logs the call back.</summary>
public sealed class CallbackTask
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

    public void Take(Guid agentId) => AssigneeId = agentId;

    public void Done(Guid callId, DateTime at)
    {
        Status = CallbackStatus.Done;
        DoneByCallId = callId;
        DoneAt = at;
    }

    public void Cancel(DateTime at)
    {
        Status = CallbackStatus.Cancelled;
        DoneAt = at;
    }
}
