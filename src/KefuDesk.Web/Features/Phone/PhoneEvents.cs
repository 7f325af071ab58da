using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Phone;

public static class PhoneEventNames
{
    public const string CallLogged = "call.logged";
    public const string CallbackOpened = "callback.opened";
    public const string CallbackTaken = "callback.taken";
    public const string CallbackDone = "callback.done";
    public const string CallbackCancelled = "callback.cancelled";
}

/// <summary>An agent logged a call; its conversation's own events tell the rest.</summary>
public sealed record CallLogged(Guid CallId, Guid ShopId, Guid ConversationId, Guid CustomerId, Guid AgentId, CallDirection Direction,
    CallOutcome Outcome, DateTime StartedAt, int DurationSeconds) : IDomainEvent
{
    public string Name => PhoneEventNames.CallLogged;
}

/// <summary>Something happened to a shop's call-back list; screens recount it.</summary>
public interface ICallbackEvent : IDomainEvent
{
    Guid TaskId { get; }

    Guid ShopId { get; }
}

public sealed record CallbackOpened(Guid TaskId, Guid ShopId, Guid CustomerId, Guid MissedCallId, DateTime At) : ICallbackEvent
{
    public string Name => PhoneEventNames.CallbackOpened;
}

public sealed record CallbackTaken(Guid TaskId, Guid ShopId, Guid AgentId, Guid? PreviousAgentId, DateTime At) : ICallbackEvent
{
    public string Name => PhoneEventNames.CallbackTaken;
}

public sealed record CallbackDone(Guid TaskId, Guid ShopId, Guid AgentId, Guid CallId, DateTime At) : ICallbackEvent
{
    public string Name => PhoneEventNames.CallbackDone;
}

public sealed record CallbackCancelled(Guid TaskId, Guid ShopId, Guid AgentId, DateTime At) : ICallbackEvent
{
    public string Name => PhoneEventNames.CallbackCancelled;
}
