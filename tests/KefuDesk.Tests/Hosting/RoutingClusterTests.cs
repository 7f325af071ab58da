using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Presence;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>Two nodes with routing on, sharing one PostgreSQL and one Redis.</summary>
public sealed class RoutingCluster : IAsyncLifetime
{
    private readonly TestDatabase _database = new PostgresTestDatabase();

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["KefuDesk:BuyerMessageBurst"] = "100000",
        ["KefuDesk:Routing:Enabled"] = "true",
        ["KefuDesk:Routing:PassMilliseconds"] = "200",
    };

    public KefuDeskApp A { get; private set; } = default!;
    public KefuDeskApp B { get; private set; } = default!;
    public TestWorld World { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var redis = Environment.GetEnvironmentVariable(TwoNodeCluster.RedisVariable) is { Length: > 0 } r
            ? r
            : throw new InvalidOperationException($"Set {TwoNodeCluster.RedisVariable} (scripts/test.sh does).");
        A = new KefuDeskApp(_database, redis, Settings);
        World = await TestWorld.SeedAsync(A.Services);
        B = new KefuDeskApp(_database, redis, Settings);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// A promotion-day rush on two nodes: 1,000 buyers at once for 50 agents with a limit of 10. Nobody is
/// assigned twice, nobody passes the limit, balanced distribution keeps loads within one, and the
/// queue drains VIP first, then first come first served, as agents resolve conversations.
/// </summary>
public sealed class RoutingClusterTests(RoutingCluster cluster) : IClassFixture<RoutingCluster>
{
    private const int Agents = 50;
    private const int Limit = 10;

    [Fact]
    public async Task A_thousand_buyers_for_fifty_agents_are_served_fairly_and_never_beyond_a_limit()
    {
        var (shopId, widgetKey, agents) = await ShopWithAgentsAsync();
        var connections = new List<IDisposable>();
        foreach (var (agent, i) in agents.Select((a, i) => (a, i)))
        {
            var node = i % 2 == 0 ? cluster.A : cluster.B; // each agent's workspace is open on one node or the other
            connections.Add(await node.Services.GetRequiredService<Presence>().ConnectAsync(agent.Id));
        }

        // A first wave fits: balanced distribution keeps every agent's load within one of the others'.
        var wave1 = await ArriveAsync(widgetKey, 230);
        await Eventually.TrueAsync(async () => (await AssignedAsync(wave1)).Count == wave1.Count, TimeSpan.FromSeconds(60));
        var loads = await LoadsAsync(agents);
        Assert.True(loads.Max() - loads.Min() <= 1, $"loads {string.Join(',', loads)}");

        // The rush: everyone else at once. 500 seats in all, so 500 wait.
        var wave2 = await ArriveAsync(widgetKey, 770);
        var all = wave1.Concat(wave2).ToList();
        await Eventually.TrueAsync(async () => (await AssignedAsync(all)).Count == Agents * Limit, TimeSpan.FromSeconds(90));
        await Task.Delay(1000); // a few more passes: nothing more may be assigned
        Assert.Equal(Agents * Limit, (await AssignedAsync(all)).Count);
        Assert.All(await LoadsAsync(agents), load => Assert.Equal(Limit, load));

        // Some waiting buyers turn out to be VIPs: they go first.
        var queue = await QueueOrderAsync(shopId);
        Assert.Equal(1000 - (Agents * Limit), queue.Count);
        Assert.Equal(all.Except(await AssignedAsync(all)).Order(), queue.Order());
        await using (var supervisor = await StaffClient.SignInAsync(cluster.A, cluster.World.Supervisor))
        {
            foreach (var vip in queue.TakeLast(5))
            {
                var customer = await InDbAsync(db => db.Conversations.Where(c => c.Id == vip).Select(c => c.CustomerId).FirstAsync());
                (await supervisor.Http.PutAsJsonAsync($"/api/customers/{customer}/tags", new { tags = new[] { "VIP" } })).EnsureSuccessStatusCode();
            }
        }

        var expected = queue.TakeLast(5).Concat(queue.SkipLast(5)).ToList();
        var writer = cluster.B.Services.GetRequiredService<ConversationWriter>();
        var served = new List<Guid>();
        for (var round = 0; round < 4; round++)
        {
            // Every agent resolves one conversation; the next 50 in the queue get the seats.
            var resolving = await InDbAsync(db => db.Conversations
                .Where(c => c.ShopId == shopId && c.Status == ConversationStatus.Open)
                .GroupBy(c => c.AssigneeId!.Value).Select(g => g.OrderBy(c => c.AssignedAt).First().Id).ToListAsync());
            Assert.Equal(Agents, resolving.Count);
            await Task.WhenAll(resolving.Select(async id =>
            {
                var agentId = await InDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.AssigneeId!.Value).FirstAsync());
                var staff = new StaffAccess(agentId, "客服", new HashSet<Guid> { shopId }, false);
                await writer.ExecuteAsync(new ResolveConversation(staff, id, new ConsultationRecordInput(cluster.World.CategoryId, "已解答", null)));
            }));

            var next = expected.Skip(round * Agents).Take(Agents).ToList();
            await Eventually.TrueAsync(async () => (await AssignedAsync(next)).Count == Agents, TimeSpan.FromSeconds(30));
            served.AddRange(next);
            var stillWaiting = expected.Skip((round + 1) * Agents).ToList();
            Assert.Empty(await AssignedAsync(stillWaiting));
            Assert.All(await LoadsAsync(agents), load => Assert.True(load <= Limit));
        }

        // Over the whole rush: each conversation was assigned exactly once, and replaying every
        // assignment and resolution in commit order never puts an agent above the limit.
        var events = await InDbAsync(db => (from e in db.ConversationEvents
                                             join c in db.Conversations on e.ConversationId equals c.Id
                                             where c.ShopId == shopId && (e.Type == ConversationEventNames.Assigned || e.Type == ConversationEventNames.Resolved)
                                             orderby e.Id
                                             select new { e.ConversationId, e.Type, e.AgentId }).ToListAsync());
        Assert.All(events.Where(e => e.Type == ConversationEventNames.Assigned).GroupBy(e => e.ConversationId), g => Assert.Single(g));
        var running = new Dictionary<Guid, int>();
        var holder = new Dictionary<Guid, Guid>();
        foreach (var e in events)
        {
            if (e.Type == ConversationEventNames.Assigned)
            {
                holder[e.ConversationId] = e.AgentId!.Value;
                running[e.AgentId.Value] = running.GetValueOrDefault(e.AgentId.Value) + 1;
                Assert.True(running[e.AgentId.Value] <= Limit, "an agent went above the limit");
            }
            else
            {
                running[holder[e.ConversationId]]--;
            }
        }

        foreach (var c in connections)
        {
            c.Dispose();
        }
    }

    private async Task<(Guid ShopId, string WidgetKey, List<Agent> Agents)> ShopWithAgentsAsync()
    {
        await using var scope = cluster.A.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Agent>>();
        var organisation = await db.Shops.Where(s => s.Id == cluster.World.Shop.Id).Select(s => s.OrganisationId).FirstAsync();
        var shop = new KefuDesk.Features.Shop.Shop(Guid.CreateVersion7(), organisation, "大促店", "rush-" + Guid.NewGuid().ToString("N")[..8], "tmall", DateTime.UtcNow);
        db.Shops.Add(shop);
        await db.SaveChangesAsync();
        // The supervisor who tags the VIPs serves the shop: a customer is seen only through a shop one serves.
        var supervisor = await db.Users.Include(u => u.Shops).FirstAsync(u => u.Id == cluster.World.Supervisor.Id);
        supervisor.Serve(shop.Id);
        await db.SaveChangesAsync();
        var agents = new List<Agent>();
        for (var i = 0; i < Agents; i++)
        {
            var agent = new Agent(Guid.CreateVersion7(), organisation, $"rush{i:00}-{shop.Id:N}"[..20], $"客服{i:00}", $"客服{i:00}", DateTime.UtcNow);
            agent.Serve(shop.Id);
            Assert.True((await users.CreateAsync(agent)).Succeeded);
            await users.AddToRoleAsync(agent, StaffRoles.Agent);
            agents.Add(agent);
        }

        return (shop.Id, shop.WidgetKey, agents);
    }

    /// <summary>Buyers open the widget and write at once, half through each node; returns their conversations in arrival order.</summary>
    private async Task<List<Guid>> ArriveAsync(string widgetKey, int count)
    {
        var arrivals = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var buyer = await BuyerClient.StartAsync(i % 2 == 0 ? cluster.A : cluster.B, widgetKey);
            var sent = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "m1", body = $"在吗?大促 {i}" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<MessageView>(Json.Options);
            return sent!.ConversationId;
        }));
        return [.. arrivals];
    }

    private Task<List<Guid>> AssignedAsync(IReadOnlyCollection<Guid> ids) =>
        InDbAsync(db => db.Conversations.Where(c => ids.Contains(c.Id) && c.AssigneeId != null).Select(c => c.Id).ToListAsync());

    private async Task<List<int>> LoadsAsync(List<Agent> agents)
    {
        var ids = agents.Select(a => a.Id).ToList();
        var loads = await InDbAsync(db => db.Conversations
            .Where(c => c.AssigneeId != null && ids.Contains(c.AssigneeId.Value) && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending))
            .GroupBy(c => c.AssigneeId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        return [.. ids.Select(id => loads.GetValueOrDefault(id))];
    }

    /// <summary>The waiting buyers in the order the queue serves them (as they arrived, by their first message).</summary>
    private Task<List<Guid>> QueueOrderAsync(Guid shopId) => InDbAsync(db => db.Conversations
        .Where(c => c.ShopId == shopId && c.AssigneeId == null && (c.Status == ConversationStatus.Queued || c.Status == ConversationStatus.New))
        .OrderBy(c => c.WaitingSince).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> query)
    {
        await using var scope = cluster.A.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>());
    }
}
