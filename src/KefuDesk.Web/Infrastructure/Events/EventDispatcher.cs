using System.Collections.Concurrent;
using System.Threading.Channels;

namespace KefuDesk.Infrastructure.Events;

public interface IEventPublisher
{
    /// <summary>Queues events that were committed. Call only after the transaction that made them.</summary>
    void Publish(IEnumerable<IDomainEvent> events);
}

/// <summary>
/// Runs handlers for committed events one at a time, in commit order, off the request path.
/// Losing a queued event (node death) loses only a push: clients catch up by sequence number.
/// </summary>
public sealed class EventDispatcher(IServiceProvider services)
    : BackgroundService, IEventPublisher
{
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IDomainEvent, CancellationToken, Task>> Invokers = new();

    private readonly Channel<IDomainEvent> _queue =
        Channel.CreateUnbounded<IDomainEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Publish(IEnumerable<IDomainEvent> events)
    {
        foreach (var e in events)
        {
            _queue.Writer.TryWrite(e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await Invokers.GetOrAdd(e.GetType(), MakeInvoker)(services, e, stoppingToken);
        }
    }

    private static Func<IServiceProvider, IDomainEvent, CancellationToken, Task> MakeInvoker(Type eventType) =>
        (Func<IServiceProvider, IDomainEvent, CancellationToken, Task>)typeof(EventDispatcher)
            .GetMethod(nameof(InvokeAll), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate(typeof(Func<IServiceProvider, IDomainEvent, CancellationToken, Task>));

    private static async Task InvokeAll<TEvent>(IServiceProvider sp, IDomainEvent e, CancellationToken ct)
        where TEvent : IDomainEvent
    {
        foreach (var handler in sp.GetServices<IEventHandler<TEvent>>())
        {
            try
            {
                await handler.HandleAsync((TEvent)e, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failing handler (say, a dropped backplane) must not stop the others.
                sp.GetRequiredService<ILogger<EventDispatcher>>()
                    .LogError(ex, "Handler {Handler} failed for event {EventName}", handler.GetType().Name, e.Name);
            }
        }
    }
}

public static class EventHandlerRegistration
{
    /// <summary>Registers a singleton handler (already registered itself) for every event type it handles.</summary>
    public static IServiceCollection AddEventHandlers<THandler>(this IServiceCollection services) where THandler : class
    {
        foreach (var contract in typeof(THandler).GetInterfaces()
                     .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventHandler<>)))
        {
            services.AddSingleton(contract, sp => sp.GetRequiredService<THandler>());
        }

        return services;
    }
}
