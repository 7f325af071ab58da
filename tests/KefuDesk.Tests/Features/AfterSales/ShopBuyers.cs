using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.AfterSales;

public sealed record ShopBuyer(Guid CustomerId, string Name, Guid OrderId, string OrderNo);

/// <summary>
/// Buyers with an order, and conversations an agent served, written through the entities into the
/// test class's database (what the shop's order sync and past chats leave behind).
/// </summary>
public static class ShopBuyers
{
    public static async Task<ShopBuyer> WithOrderAsync(AppFixture fx, Guid shopId, string? name = null)
    {
        await using var db = await DbAsync(fx);
        var organisationId = await db.Shops.Where(s => s.Id == shopId).Select(s => s.OrganisationId).SingleAsync();
        var now = DateTime.UtcNow;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var buyer = Customer.KnownBuyer(Guid.NewGuid(), organisationId, name ?? "买家" + tag, null, null, now);
        var orderNo = "T" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999);
        var order = new Order(Guid.CreateVersion7(), shopId, buyer.Id, orderNo, OrderStatus.Delivered, now.AddDays(-3), buyer.DisplayName!, "13800000000",
            "上海市浦东新区张江路 1 号");
        order.AddItem(Guid.CreateVersion7(), null, "SKU-" + tag, "测试商品", 9_900, 1);
        order.RecordPayment(order.TotalFen, now.AddDays(-3));
        db.Customers.Add(buyer);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return new ShopBuyer(buyer.Id, buyer.DisplayName!, order.Id, orderNo);
    }

    /// <summary>A past conversation of the buyer with the shop, served by <paramref name="agentId"/>.</summary>
    public static async Task<Guid> ServedConversationAsync(AppFixture fx, Guid shopId, Guid customerId, Guid agentId, DateTime at)
    {
        await using var db = await DbAsync(fx);
        var conversation = Conversation.Start(Guid.CreateVersion7(at), shopId, customerId, Channel.Web, "past-" + Guid.NewGuid().ToString("N"), null, at); // a thread of its own: the buyer may have several
        conversation.Append(Guid.CreateVersion7(at), MessageAuthor.Customer, "c-" + Guid.NewGuid().ToString("N"), "在吗", at);
        conversation.Assign(agentId, null, at);
        conversation.Append(Guid.CreateVersion7(at), MessageAuthor.Agent(agentId, "客服"), "a-" + Guid.NewGuid().ToString("N"), "在的亲", at.AddMinutes(1));
        conversation.TakeEvents();
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    public static async Task<KefuDeskDbContext> DbAsync(AppFixture fx) =>
        await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
}
