using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>
/// The event dispatcher runs pushes one event at a time; a client that stops reading makes a
/// group send wait until the server drops it. Pushes must therefore never hold up the next event.
/// </summary>
public sealed class ConversationPushesTests
{
    [Fact]
    public void A_stalled_connection_does_not_hold_up_the_next_push()
    {
        var stalled = new StalledHub();
        var pushes = new ConversationPushes(stalled.For<BuyerHub>(), stalled.For<AgentHub>(), stalled, NullLogger<ConversationPushes>.Instance);
        var message = new MessageView(Guid.NewGuid(), Guid.NewGuid(), 1, "c1", SenderKind.Customer, null, MessageKind.Text, "你好", DateTime.UtcNow);

        var pushed = pushes.HandleAsync(new MessageCreated(message.ConversationId, Guid.NewGuid(), Guid.NewGuid(), null, Channel.Web, message), CancellationToken.None);
        var assigned = pushes.HandleAsync(new ConversationAssigned(message.ConversationId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, null, DateTime.UtcNow), CancellationToken.None);

        Assert.True(pushed.IsCompletedSuccessfully);
        Assert.True(assigned.IsCompletedSuccessfully);
        Assert.Equal(6, stalled.SendsStarted); // message: buyer, staff, screens; assignment: staff, buyer (queue banner), screens
    }

    /// <summary>Every send starts and never finishes, like a group with one client that stopped reading.</summary>
    private sealed class StalledHub : IWorkspaceFeedTransport, IClientProxy
    {
        private int _sends;

        public int SendsStarted => _sends;

        public Task PublishAsync(WorkspaceNotice notice, CancellationToken cancellationToken) => Never();

        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default) => Never();

        public IHubContext<THub> For<THub>() where THub : Hub => new Context<THub>(this);

        private Task Never()
        {
            Interlocked.Increment(ref _sends);
            return new TaskCompletionSource().Task;
        }

        private sealed class Context<THub>(IClientProxy proxy) : IHubContext<THub> where THub : Hub
        {
            public IHubClients Clients { get; } = new StalledClients(proxy);
            public IGroupManager Groups => throw new NotSupportedException();
        }

        private sealed class StalledClients(IClientProxy proxy) : IHubClients
        {
            public IClientProxy All => proxy;
            public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => proxy;
            public IClientProxy Client(string connectionId) => proxy;
            public IClientProxy Clients(IReadOnlyList<string> connectionIds) => proxy;
            public IClientProxy Group(string groupName) => proxy;
            public IClientProxy Groups(IReadOnlyList<string> groupNames) => proxy;
            public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => proxy;
            public IClientProxy User(string userId) => proxy;
            public IClientProxy Users(IReadOnlyList<string> userIds) => proxy;
        }
    }
}
