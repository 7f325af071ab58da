using System.Net.Http.Json;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.BrowserTests.Infrastructure;

/// <summary>
/// A shop of the demo company served by one agent of its own (nickname 小雨) who takes
/// <c>seats</c> buyers at a time: what routing does there depends on nobody else on the node.
/// </summary>
public static class ShopWithOwnAgent
{
    public static async Task<(string WidgetKey, TestStaff Agent)> CreateAsync(BrowserFixture fx, string prefix, int seats)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var organisation = await db.Shops.Where(s => s.WidgetKey == DemoAccounts.ShopKey).Select(s => s.OrganisationId).SingleAsync();
        var key = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var shop = new KefuDesk.Features.Shop.Shop(Guid.CreateVersion7(), organisation, "小鹿优选体验店", key, "tmall", DateTime.UtcNow);
        db.Shops.Add(shop);
        await db.SaveChangesAsync();

        return (key, await AddAgentAsync(fx, key, "周小雨", "小雨", seats));
    }

    /// <summary>One more staff member of the shop (an agent unless said), who takes <c>seats</c> buyers at a time.</summary>
    public static async Task<TestStaff> AddAgentAsync(BrowserFixture fx, string widgetKey, string name, string nickname, int seats,
        string role = StaffRoles.Agent)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var shop = await db.Shops.Where(s => s.WidgetKey == widgetKey).Select(s => new { s.Id, s.OrganisationId }).SingleAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Agent>>();
        var userName = "a" + Guid.NewGuid().ToString("N")[..10];
        var agent = new Agent(Guid.CreateVersion7(), shop.OrganisationId, userName, name, nickname, DateTime.UtcNow);
        agent.Serve(shop.Id);
        Assert.True((await users.CreateAsync(agent, TestWorld.Password)).Succeeded);
        await users.AddToRoleAsync(agent, role);

        await using var supervisor = await DemoStaff.SignInAsync(fx.App, DemoAccounts.Supervisor);
        (await supervisor.Http.PutAsJsonAsync($"/api/routing/agents/{agent.Id}/seat", new SeatInput(seats), Json.Options)).EnsureSuccessStatusCode();
        return new TestStaff(agent.Id, userName, TestWorld.Password, nickname);
    }
}
