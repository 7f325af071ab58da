using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.LoadTest;

/// <summary>
/// One buyer on the widget hub. SignalR runs one invocation per connection at a time, so a buyer
/// has at most one send in flight; a tick that finds it busy is skipped and counted.
/// </summary>
public sealed class BuyerClient : IAsyncDisposable
{
    private readonly Uri _baseUrl;
    private int _busy;
    private volatile bool _reconnecting;

    private BuyerClient(Uri baseUrl, int index, WidgetSession session)
    {
        _baseUrl = baseUrl;
        Index = index;
        Session = session;
    }

    public int Index { get; }
    public WidgetSession Session { get; }
    public HubConnection Connection { get; private set; } = null!;

    /// <summary>Called when the connection closes by itself (not when the run or a reconnect closes it).</summary>
    public Func<Exception?, Task>? Lost { get; set; }

    /// <summary>Known after the first message (for the claim); like the widget, sends never name it.</summary>
    public Guid? ConversationId { get; set; }

    public static async Task<BuyerClient> StartAsync(Uri baseUrl, HttpClient http, string shopKey, int index, CancellationToken ct)
    {
        var session = await Http.PostAsync<WidgetSession>(http, "api/widget/sessions", new WidgetSessionRequest(shopKey, null), ct);
        var buyer = new BuyerClient(baseUrl, index, session);
        buyer.Connection = await buyer.ConnectAsync(ct);
        return buyer;
    }

    /// <summary>
    /// Closes the connection and opens a new one with the same visitor token, as a buyer whose
    /// page reloads or whose network drops does. Waits for a send in flight; skips its slots meanwhile.
    /// </summary>
    public async Task ReconnectAsync(CancellationToken ct)
    {
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            await Task.Delay(5, ct);
        }

        try
        {
            _reconnecting = true;
            await Connection.DisposeAsync();
            Connection = await ConnectAsync(ct);
        }
        finally
        {
            _reconnecting = false;
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task<HubConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_baseUrl, "hubs/buyer"), HttpTransportType.WebSockets,
                o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(Session.VisitorToken);
                    o.HttpMessageHandlerFactory = SharedNegotiation.Handler;
                })
            .Build();
        // The buyer hears its own messages back and the agents' replies; nothing to measure there.
        connection.On<MessageView>("messageCreated", _ => { });
        connection.On<object>("conversationStatusChanged", _ => { });
        connection.Closed += e => _reconnecting || Lost is not { } lost ? Task.CompletedTask : lost(e);
        await connection.StartAsync(ct);
        return connection;
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
