using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.LoadTest;

/// <summary>
/// One buyer on the widget hub. SignalR runs one invocation per connection at a time, so a buyer
/// has at most one send in flight; a tick that finds it busy is skipped and counted.
/// </summary>
public sealed class BuyerClient(int index, WidgetSession session, HubConnection connection) : IAsyncDisposable
{
    private int _busy;

    public int Index { get; } = index;
    public WidgetSession Session { get; } = session;
    public HubConnection Connection { get; } = connection;

    /// <summary>Known after the first message (for the claim); like the widget, sends never name it.</summary>
    public Guid? ConversationId { get; set; }

    public static async Task<BuyerClient> StartAsync(Uri baseUrl, HttpClient http, string shopKey, int index, CancellationToken ct)
    {
        var session = await Http.PostAsync<WidgetSession>(http, "api/widget/sessions", new WidgetSessionRequest(shopKey, null), ct);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/buyer"), HttpTransportType.WebSockets,
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(session.VisitorToken))
            .Build();
        // The buyer hears its own messages back (and would hear agent replies); nothing to measure there.
        connection.On<MessageView>("messageCreated", _ => { });
        connection.On<object>("conversationStatusChanged", _ => { });
        await connection.StartAsync(ct);
        return new BuyerClient(index, session, connection);
    }

    public Task<MessageView> SendAsync(string clientMessageId, string body, CancellationToken ct) =>
        Connection.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest(clientMessageId, body, null), ct);

    /// <summary>Starts a measured send unless one is still in flight; false means the tick was skipped.</summary>
    public bool TrySend(MessageLog log, int expectedAgent, string body, long scheduledAt)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        var index = log.Start(Index, expectedAgent, scheduledAt, Stopwatch.GetTimestamp());
        if (index < 0)
        {
            Volatile.Write(ref _busy, 0);
            return true;
        }

        _ = Track(log, index, SendAsync(log.ClientMessageId(index), body, CancellationToken.None));
        return true;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private async Task Track(MessageLog log, int index, Task<MessageView> send)
    {
        try
        {
            await send;
            log.Acked(index, Stopwatch.GetTimestamp());
        }
        catch (Exception e)
        {
            log.Failed(index, e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }
}
