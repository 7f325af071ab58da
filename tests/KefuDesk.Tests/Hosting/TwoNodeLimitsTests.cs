using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Admin;
using KefuDesk.Features.Identity;
using KefuDesk.Tests.Features.Identity;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Hosting;

/// <summary>Two nodes on one database and one Redis, with the low limits of <see cref="LimitSettings"/> and one clock the test moves.</summary>
public sealed class LimitedCluster : IAsyncLifetime
{
    private readonly TestDatabase _database = new PostgresTestDatabase();

    public ManualClock Clock { get; } = ManualClock.StartingNow();
    public KefuDeskApp A { get; private set; } = default!;
    public KefuDeskApp B { get; private set; } = default!;
    public TestWorld World { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        A = new KefuDeskApp(_database, TwoNodeCluster.Redis, LimitSettings.Low, Clock);
        World = await TestWorld.SeedAsync(A.Services);
        B = new KefuDeskApp(_database, TwoNodeCluster.Redis, LimitSettings.Low, Clock);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// Limits are counted in Redis: a caller whose requests land on both nodes meets one limit, not
/// two. Each test is an address of its own, picked at random, because the Redis outlives this run.
/// </summary>
public sealed class TwoNodeLimitsTests(LimitedCluster cluster) : IClassFixture<LimitedCluster>
{
    private static string SomeAddress() => $"127.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";

    [Fact]
    public async Task Failed_sign_ins_from_one_address_meet_one_limit_across_both_nodes()
    {
        await using var admin = await StaffClient.SignInAsync(cluster.A, cluster.World.Admin);
        var request = new CreateAgentRequest("two-nodes", "测试员工", "小测", "Right#Pass1", StaffRoles.Agent, [cluster.World.Shop.Id]);
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostAsJsonAsync("/api/agents", request)).StatusCode);

        var address = SomeAddress();
        var (onA, _) = Clients.From(cluster.A, address);
        var (onB, _) = Clients.From(cluster.B, address);
        for (var i = 0; i < LimitSettings.SignInPerAddress; i++)
        {
            await (await SignInLimitsTests.SignInAsync(i % 2 == 0 ? onA : onB, request.UserName!, "Wrong#Pass1"))
                .AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        }

        await (await SignInLimitsTests.SignInAsync(onA, request.UserName!, "Wrong#Pass1")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_too_many_attempts");
        var refused = await SignInLimitsTests.SignInAsync(onB, request.UserName!, request.Password!);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_too_many_attempts");

        cluster.Clock.Advance(TimeSpan.FromSeconds(SignInLimitsTests.RetryAfterOf(refused)));
        Assert.Equal(HttpStatusCode.OK, (await SignInLimitsTests.SignInAsync(onB, request.UserName!, request.Password!)).StatusCode);
    }

    [Fact]
    public async Task New_visitors_from_one_address_meet_one_limit_across_both_nodes()
    {
        var address = SomeAddress();
        var (onA, _) = Clients.From(cluster.A, address);
        var (onB, _) = Clients.From(cluster.B, address);
        for (var i = 0; i < LimitSettings.NewVisitorsPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await StartAsync(i % 2 == 0 ? onA : onB)).StatusCode);
        }

        await (await StartAsync(onA)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_visitors");
        await (await StartAsync(onB)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_visitors");
    }

    private Task<HttpResponseMessage> StartAsync(HttpClient http) =>
        http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey = cluster.World.Shop.WidgetKey, visitorToken = (string?)null }, Json.Options);
}
