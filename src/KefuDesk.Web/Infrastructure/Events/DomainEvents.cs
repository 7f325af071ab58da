namespace KefuDesk.Infrastructure.Events;

/// <summary>
/// Something that happened, named in the past tense. Events carry ids and values, never live
/// entities, so a handler running after the commit sees exactly what was decided.
/// </summary>
public interface IDomainEvent
{
    /// <summary>Stable name such as <c>message.created</c>, used in logs and (later) webhooks.</summary>
    string Name { get; }
}

public interface IEventHandler<in TEvent> where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>An entity whose guarded methods raise events; they are taken and published after commit.</summary>
public abstract class AggregateRoot
{
    private readonly List<IDomainEvent> _events = [];

    protected void Raise(IDomainEvent domainEvent) => _events.Add(domainEvent);

    /// <summary>What was raised and not taken yet: for writes that must happen in the same transaction.</summary>
    public IReadOnlyList<IDomainEvent> PendingEvents => _events;

    public IReadOnlyList<IDomainEvent> TakeEvents()
    {
        var taken = _events.ToArray();
        _events.Clear();
        return taken;
    }
}
