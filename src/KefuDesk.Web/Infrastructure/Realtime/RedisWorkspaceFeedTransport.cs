using System.Text.Json;
using StackExchange.Redis;

namespace KefuDesk.Infrastructure.Realtime;

/// <summary>
/// Several nodes: publish notices on a Redis channel that every node (this one included) listens
/// to. Pub/sub drops what is sent while a node is disconnected, so on reconnect the node tells its
/// screens to resync from the database.
/// </summary>
public sealed class RedisWorkspaceFeedTransport(
    RedisConnection redis,
    WorkspaceFeed feed,
    ILogger<RedisWorkspaceFeedTransport> logger) : IWorkspaceFeedTransport, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("kefudesk:workspace");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(WorkspaceNotice notice, CancellationToken cancellationToken)
    {
        var connection = await redis.GetAsync();
        await connection.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(notice, Json));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await redis.GetAsync();
        var queue = await connection.GetSubscriber().SubscribeAsync(Channel);
        queue.OnMessage(message =>
        {
            var notice = message.Message.HasValue ? JsonSerializer.Deserialize<WorkspaceNotice>(message.Message.ToString(), Json) : null;
            if (notice is not null)
            {
                feed.Deliver(notice);
            }
        });
        connection.ConnectionRestored += (_, _) =>
        {
            logger.LogInformation("Redis connection restored; asking workspace screens to resync");
            feed.Deliver(new WorkspaceNotice(WorkspaceNoticeKind.Resync, Guid.Empty, Guid.Empty, null));
        };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The node's one Redis connection for its own use (SignalR's backplane keeps its own).</summary>
public sealed class RedisConnection(string configuration) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection =
        new(() => ConnectionMultiplexer.ConnectAsync(configuration));

    public Task<ConnectionMultiplexer> GetAsync() => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}
