using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>Two nodes with the default flood limits and one clock the test moves.</summary>
public sealed class ThrottledCluster : IAsyncLifetime
{
    private readonly TestDatabase _database = new PostgresTestDatabase();

    public ManualClock Clock { get; } = ManualClock.StartingNow();
    public KefuDeskApp A { get; private set; } = default!;
    public KefuDeskApp B { get; private set; } = default!;
    public TestWorld World { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        A = new KefuDeskApp(_database, TwoNodeCluster.Redis, clock: Clock);
        World = await TestWorld.SeedAsync(A.Services);
        B = new KefuDeskApp(_database, TwoNodeCluster.Redis, clock: Clock);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>A buyer's flood limit is counted in Redis: sending through both nodes does not double it.</summary>
public sealed class TwoNodeFloodTests(ThrottledCluster cluster) : IClassFixture<ThrottledCluster>
{
    private static Task<HttpResponseMessage> SendAsync(BuyerClient buyer, string id) =>
        buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = id, body = "消息 " + id });

    [Fact]
    public async Task A_buyer_whose_messages_reach_both_nodes_meets_one_limit_not_two()
    {
        using var onA = await BuyerClient.StartAsync(cluster.A, cluster.World.Shop.WidgetKey);
        using var onB = await BuyerClient.StartAsync(cluster.B, cluster.World.Shop.WidgetKey, onA.Token);
        var guard = cluster.A.Services.GetRequiredService<BuyerFloodGuard>();

        for (var i = 0; i < guard.BurstSize; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(i % 2 == 0 ? onA : onB, $"c-{i}")).StatusCode);
        }

        await (await SendAsync(onA, "c-a")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_messages");
        await (await SendAsync(onB, "c-b")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_messages");

        // One message's worth later: one more, on either node, and no second.
        cluster.Clock.Advance(guard.RefillEvery);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(onB, "c-later")).StatusCode);
        await (await SendAsync(onA, "c-again")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_messages");

        // Another buyer has a bucket of their own.
        using var other = await BuyerClient.StartAsync(cluster.B, cluster.World.Shop.WidgetKey);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, "o-1")).StatusCode);
    }
}
