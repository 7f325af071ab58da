using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Dispatch;

using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Routing;

/// <summary>Helpers for routing tests: agents of their own, coming online, buyers writing, one routing pass.</summary>
public sealed class RoutingScenario(AppFixture fx)
{
    private readonly List<IDisposable> _connections = [];

    public KefuDeskApp App => fx.App;

    public ManualClock Clock => fx.Clock!;

    /// <summary>A new agent serving a new shop of the test company, so each test has a shop to itself.</summary>
    public async Task<(Guid ShopId, string WidgetKey)> NewShopAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var organisation = await db.Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.OrganisationId).FirstAsync();
        var shop = new KefuDesk.Features.Shop.Shop(Guid.CreateVersion7(), organisation, "分流测试店", "rt-" + Guid.NewGuid().ToString("N")[..10], "tmall", DateTime.UtcNow);
        db.Shops.Add(shop);
        await db.SaveChangesAsync();
        var supervisor = await db.Users.Include(u => u.Shops).FirstAsync(u => u.Id == fx.World.Supervisor.Id);
        supervisor.Serve(shop.Id);
        await db.SaveChangesAsync();
        return (shop.Id, shop.WidgetKey);
    }

    public async Task<TestStaff> NewAgentAsync(Guid shopId, string nickname)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Agent>>();
        var organisation = await db.Shops.Where(s => s.Id == shopId).Select(s => s.OrganisationId).FirstAsync();
        var userName = "rt" + Guid.NewGuid().ToString("N")[..12];
        var agent = new Agent(Guid.CreateVersion7(), organisation, userName, nickname + "(全名)", nickname, DateTime.UtcNow);
        agent.Serve(shopId);
        Assert.True((await users.CreateAsync(agent, TestWorld.Password)).Succeeded);
        await users.AddToRoleAsync(agent, StaffRoles.Agent);
        return new TestStaff(agent.Id, userName, TestWorld.Password, nickname);
    }

    /// <summary>The agent opens the workspace (as its page does): connected and 在线.</summary>
    public async Task OnlineAsync(params TestStaff[] agents)
    {
        var presence = App.Services.GetRequiredService<KefuDesk.Features.Routing.Presence.Presence>();
        foreach (var agent in agents)
        {
            _connections.Add(await presence.ConnectAsync(agent.Id));
            _online.Add(agent);
        }
    }

    private readonly List<TestStaff> _online = [];

    /// <summary>Time passes with the agents at work: their open workspaces beat and report activity (those timers follow the real clock, so do it for them).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        var presence = App.Services.GetRequiredService<KefuDesk.Features.Routing.Presence.Presence>();
        var statuses = App.Services.GetRequiredService<AgentStatuses>();
        foreach (var agent in _online.ToList())
        {
            _connections.Add(await presence.ConnectAsync(agent.Id));
            await statuses.ActiveAsync(agent.Id);
        }
    }

    public Task SetStatusAsync(TestStaff agent, AgentStatus status) =>
        App.Services.GetRequiredService<AgentStatuses>().ChooseAsync(agent.Id, status, bySupervisor: false);

    public async Task<PassResult> PassAsync()
    {
        var router = App.Services.GetRequiredService<Router>();
        await router.RunOnceAsync(CancellationToken.None);
        return router.LastPass;
    }

    /// <summary>A new buyer's first message; returns the conversation id.</summary>
    public async Task<Guid> BuyerWritesAsync(string widgetKey, string text, object? entry = null)
    {
        using var buyer = await BuyerClient.StartAsync(App, widgetKey);
        var sent = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString("N"), body = text, entry }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<MessageView>(Json.Options);
        return sent!.ConversationId;
    }

    public async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>());
    }

    public Task<Conversation> ConversationAsync(Guid id) => InDbAsync(db => db.Conversations.AsNoTracking().FirstAsync(c => c.Id == id));

    public Task<List<Message>> MessagesAsync(Guid id) =>
        InDbAsync(db => db.Messages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.Sequence).ToListAsync());

    public void Dispose()
    {
        _online.Clear();
        foreach (var c in _connections)
        {
            c.Dispose();
        }
    }
}
