using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Infrastructure.Realtime;

/// <summary>
/// How many hub connections (buyers and staff) this node holds now. Node-local on purpose: it
/// describes this process's sockets and memory, not shared state.
/// </summary>
public sealed class ConnectionGauge : IHubFilter
{
    private long _open;

    public long Open => Interlocked.Read(ref _open);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        Interlocked.Increment(ref _open);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        // A connection whose OnConnected threw never counted, and SignalR does not call this for it.
        Interlocked.Decrement(ref _open);
        await next(context, exception);
    }
}
