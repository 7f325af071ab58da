using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>Puts orders straight into the test's database, as the shop platform's sync would.</summary>
public static class OrderSeed
{
    public static async Task<Order> AddAsync(AppFixture fx, Guid customerId, OrderStatus status, long unitPriceFen = 5_000, int quantity = 2,
        Guid? shopId = null, DateTime? createdAt = null)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        var at = createdAt ?? DateTime.UtcNow;
        var order = new Order(Guid.NewGuid(), shopId ?? fx.World.Shop.Id, customerId, "T" + Guid.NewGuid().ToString("N")[..12], status, at,
            "王小明", "13812345678", "浙江省杭州市西湖区文三路 100 号");
        order.AddItem(Guid.NewGuid(), null, "SKU-1", "保温杯 500ml", unitPriceFen, quantity);
        if (status != OrderStatus.AwaitingPayment)
        {
            order.RecordPayment(order.TotalFen, at.AddMinutes(2));
        }

        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    public static async Task<Order> ReloadAsync(AppFixture fx, Guid orderId)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        return await db.Orders.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == orderId);
    }

    public static async Task<List<KefuDesk.Features.Audit.AuditEntry>> AuditAsync(AppFixture fx, Guid orderId)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == orderId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync();
    }

    /// <summary>A buyer known to the shop (no conversation needed).</summary>
    public static async Task<Guid> BuyerAsync(AppFixture fx, string name = "王小明")
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        var organisation = await db.Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.OrganisationId).SingleAsync();
        var buyer = KefuDesk.Features.Customers.Customer.KnownBuyer(Guid.NewGuid(), organisation, name, null, null, DateTime.UtcNow);
        db.Customers.Add(buyer);
        await db.SaveChangesAsync();
        return buyer.Id;
    }
}
