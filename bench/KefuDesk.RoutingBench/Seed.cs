using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Presence;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.RoutingBench;

/// <summary>Writes the benchmark's company straight into the database: one shop, agents 在线 and connected, waiting buyers.</summary>
public static class Seed
{
    public static async Task<(Guid OrganisationId, Shop Shop, List<Guid> Agents)> ShopWithAgentsAsync(KefuDeskDbContext db, int agents, int limit)
    {
        var now = DateTime.UtcNow;
        var org = new Organisation(Guid.CreateVersion7(), "压测公司", now);
        var shop = new Shop(Guid.CreateVersion7(), org.Id, "压测旗舰店", "bench-" + Guid.NewGuid().ToString("N")[..8], "tmall", now);
        db.Organisations.Add(org);
        db.Shops.Add(shop);
        db.ConsultationCategories.AddRange(ConsultationCategory.Defaults(org.Id));
        var ids = new List<Guid>();
        for (var i = 0; i < agents; i++)
        {
            var agent = new Agent(Guid.CreateVersion7(), org.Id, $"bench{i:000}", $"客服{i:000}", $"客服{i:000}", now) { NormalizedUserName = $"BENCH{i:000}" };
            agent.Serve(shop.Id);
            db.Users.Add(agent);
            var seat = new AgentSeat(agent.Id, now);
            seat.Configure(limit, 1);
            db.AgentStatusChanges.Add(seat.ChangeStatus(AgentStatus.Online, StatusReason.SignedIn, now)!);
            db.AgentSeats.Add(seat);
            db.AgentPresences.Add(new AgentPresence(agent.Id, now));
            ids.Add(agent.Id);
        }

        await db.SaveChangesAsync();
        await KeepConnectedAsync(db);
        return (org.Id, shop, ids);
    }

    /// <summary>The agents' workspaces stay open for the whole run.</summary>
    public static Task KeepConnectedAsync(KefuDeskDbContext db) =>
        db.AgentPresences.ExecuteUpdateAsync(u => u.SetProperty(p => p.OnlineUntil, DateTime.UtcNow.AddDays(1)));

    /// <summary>Buyers who wrote one after another, waiting for an agent (as the writer leaves them before routing).</summary>
    public static async Task WaitingBuyersAsync(IDbContextFactory<KefuDeskDbContext> factory, Guid organisationId, Guid shopId, int count)
    {
        var start = DateTime.UtcNow.AddMinutes(-5);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(2000))
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var i in chunk)
            {
                var at = start.AddMilliseconds(i * 10);
                var customer = Customer.Visitor(Guid.CreateVersion7(), organisationId, at);
                var conversation = Conversation.Start(Guid.CreateVersion7(), shopId, customer.Id, Channel.Web, "web", null, at);
                conversation.Route(null, 0, null, null, at);
                conversation.TakeEvents();
                db.Customers.Add(customer);
                db.Conversations.Add(conversation);
            }

            await db.SaveChangesAsync();
        }
    }
}
