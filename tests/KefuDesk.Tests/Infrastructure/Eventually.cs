using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>
/// Collects what a hub pushes, so a test can wait for the event it expects (with a generous
/// timeout as a failure guard; no sleeps).
/// </summary>
public sealed class Inbox<T>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>();

    public Inbox(HubConnection connection, string method) =>
        connection.On<T>(method, item => _items.Writer.TryWrite(item));

    /// <summary>The next pushed item that matches, skipping others.</summary>
    public async Task<T> NextAsync(Func<T, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var item = await _items.Reader.ReadAsync(timeout.Token);
            if (match is null || match(item))
            {
                return item;
            }
        }
    }

    public bool TryTake(out T? item) => _items.Reader.TryRead(out item);
}

/// <summary>Polls a condition that another node or a background job makes true; the timeout only guards against a hang.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"not true within {patience.TotalSeconds:F0} s");
            await Task.Delay(50);
        }
    }
}
