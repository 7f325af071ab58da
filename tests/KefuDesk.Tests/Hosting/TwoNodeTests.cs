using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Realtime;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// Two nodes behind one PostgreSQL and one Redis behave as one: a buyer on node A and an agent on
/// node B talk, staff screens on either node hear about it, and concurrent writes through both nodes
/// never give one sequence number twice.
/// </summary>
/// <summary>Two nodes sharing one PostgreSQL database and one Redis, for the tests of a class.</summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    public const string RedisVariable = "KEFUDESK_TEST_REDIS";

    private readonly TestDatabase _database = new PostgresTestDatabase();

    /// <summary>These tests write fast on purpose: flood protection would get in the way.</summary>
    private static readonly Dictionary<string, string?> Unthrottled = new() { ["KefuDesk:BuyerMessageBurst"] = "100000" };

    public KefuDeskApp A { get; private set; } = default!;
    public KefuDeskApp B { get; private set; } = default!;
    public TestWorld World { get; private set; } = default!;

    internal static string Redis => Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } redis
        ? redis
        : throw new InvalidOperationException($"Two-node tests need Redis: set {RedisVariable} (scripts/test.sh starts one and sets it).");

    public async Task InitializeAsync()
    {
        A = new KefuDeskApp(_database, Redis, Unthrottled);
        World = await TestWorld.SeedAsync(A.Services);
        B = new KefuDeskApp(_database, Redis, Unthrottled);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class TwoNodeTests(TwoNodeCluster cluster) : IClassFixture<TwoNodeCluster>
{
    private KefuDeskApp A => cluster.A;
    private KefuDeskApp B => cluster.B;
    private TestWorld World => cluster.World;

    [Fact]
    public async Task A_buyer_on_one_node_and_an_agent_on_the_other_talk_as_on_one_node()
    {
        using var buyer = await BuyerClient.StartAsync(A, World.Shop.WidgetKey);
        await using var agent = await StaffClient.SignInAsync(B, World.Agent);
        await using var buyerHub = buyer.Hub();
        await using var agentHub = agent.AgentHub();
        var buyerInbox = new Inbox<MessageView>(buyerHub, HubEvents.MessageCreated);
        var agentInbox = new Inbox<MessageView>(agentHub, HubEvents.MessageCreated);
        await buyerHub.StartReadyAsync();
        await agentHub.StartReadyAsync();

        var hello = await buyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("n-1", "你好,跨节点", null));
        Assert.Equal(hello.Id, (await agentInbox.NextAsync(m => m.Id == hello.Id)).Id);

        await agentHub.InvokeAsync<ConversationAssignment>("Claim", hello.ConversationId);
        var reply = await agentHub.InvokeAsync<MessageView>("SendMessage", new AgentSendRequest(hello.ConversationId, "n-2", "收到"));
        Assert.Equal(reply.Id, (await buyerInbox.NextAsync(m => m.Id == reply.Id)).Id);
    }

    [Fact]
    public async Task Staff_screens_on_the_other_node_hear_new_messages()
    {
        var heard = new TaskCompletionSource<WorkspaceNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = B.Services.GetRequiredService<WorkspaceFeed>().Subscribe(notice =>
        {
            if (notice.Kind == WorkspaceNoticeKind.MessageCreated && notice.Message?.Body == "工作台能看到吗")
            {
                heard.TrySetResult(notice);
            }

            return Task.CompletedTask;
        });
        using var buyer = await BuyerClient.StartAsync(A, World.Shop.WidgetKey);
        await using var hub = buyer.Hub();
        await hub.StartReadyAsync();

        var sent = await hub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("w-1", "工作台能看到吗", null));

        var notice = await heard.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(sent.ConversationId, notice.ConversationId);
    }

    [Fact]
    public async Task Writes_through_both_nodes_at_once_never_share_a_sequence_number()
    {
        using var buyer = await BuyerClient.StartAsync(A, World.Shop.WidgetKey);
        await using var onA = buyer.Hub();
        await using var onB = new HubConnectionBuilder()
            .WithUrl(B.Url("/hubs/buyer"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(buyer.Token))
            .AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions))
            .Build();
        await onA.StartReadyAsync();
        await onB.StartReadyAsync();
        var opening = await onA.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("open", "开始", null));

        async Task<List<MessageView>> Burst(HubConnection hub, string node) =>
            [.. await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
                hub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest($"{node}-{i}", $"{node} {i}", opening.ConversationId))))];

        // The same client ids sent through both nodes as well: still one message each.
        var results = await Task.WhenAll(Burst(onA, "a"), Burst(onB, "b"), Burst(onB, "a"));

        var distinct = results.SelectMany(r => r).DistinctBy(m => m.Id).ToList();
        Assert.Equal(120, distinct.Count);
        Assert.Equal(Enumerable.Range(2, 120).Select(i => (long)i), distinct.Select(m => m.Sequence).Order());
        await using var db = A.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        Assert.Equal(121, await db.Messages.CountAsync(m => m.ConversationId == opening.ConversationId));
    }

    [Fact]
    public async Task A_cluster_job_runs_on_one_node_at_a_time()
    {
        var onA = A.Services.GetRequiredService<KefuDesk.Features.Conversations.Writing.ConversationHousekeeping>();
        var onB = B.Services.GetRequiredService<KefuDesk.Features.Conversations.Writing.ConversationHousekeeping>();

        var first = await onA.TryHoldLeaseAsync(CancellationToken.None);
        var second = await onB.TryHoldLeaseAsync(CancellationToken.None);
        var renewed = await onA.TryHoldLeaseAsync(CancellationToken.None);

        // Exactly one node holds it (whichever asked first), and keeps it while it renews.
        Assert.True(first ^ second);
        Assert.Equal(first, renewed);
    }
}
