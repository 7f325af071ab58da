using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Customers;

public sealed record OrderLine(string Title, int Quantity, long UnitPriceFen);

public sealed record OrderSnapshot(Guid Id, string OrderNo, OrderStatus Status, long TotalFen, long PaidFen, DateTime CreatedAt,
    string ReceiverName, string? ReceiverPhone, string? Address, IReadOnlyList<OrderLine> Lines);

public sealed record CustomerProfile(Guid Id, CustomerKind Kind, string? DisplayName, string VisitorCode, string? Phone,
    DateTime CreatedAt, DateTime LastSeenAt, IReadOnlyList<OrderSnapshot> Orders)
{
    public string? Email { get; init; }

    /// <summary>All the buyer's orders in the shop; <see cref="Orders"/> holds only the latest.</summary>
    public int OrderCount { get; init; }
}

/// <summary>
/// The buyer beside the chat: who they are and their recent orders in the shop. Only that shop's
/// orders: what the buyer does in another shop of the company is that shop's business.
/// </summary>
public sealed class CustomerProfiles(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int RecentOrders = 10;

    /// <summary>
    /// Null unless the staff member serves the shop and may see the buyer. Supervisors and admins see
    /// phone and address in full; agents see them masked.
    /// </summary>
    public async Task<CustomerProfile?> GetAsync(StaffAccess staff, Guid customerId, Guid shopId, CancellationToken ct = default)
    {
        if (!staff.Serves(shopId))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).VisibleTo(db, staff).FirstOrDefaultAsync(ct);
        if (customer is null)
        {
            return null;
        }

        var fullPersonalData = staff.MaySupervise;

        // The buyer's latest message here says more about "last seen" than the visitor record.
        var lastMessage = await db.Conversations.Where(c => c.CustomerId == customerId && c.ShopId == shopId)
            .Join(db.Messages.Where(m => m.Sender == Conversations.SenderKind.Customer), c => c.Id, m => m.ConversationId, (_, m) => (DateTime?)m.CreatedAt)
            .MaxAsync(ct);
        var lastSeen = lastMessage > customer.LastSeenAt ? lastMessage.Value : customer.LastSeenAt;

        var orders = await db.Orders.AsNoTracking().Include(o => o.Items)
            .Where(o => o.CustomerId == customerId && o.ShopId == shopId)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Take(RecentOrders)
            .AsSplitQuery()
            .ToListAsync(ct);
        var orderCount = orders.Count < RecentOrders ? orders.Count
            : await db.Orders.CountAsync(o => o.CustomerId == customerId && o.ShopId == shopId, ct);

        return new CustomerProfile(customer.Id, customer.Kind, customer.DisplayName, customer.VisitorCode,
            fullPersonalData ? customer.Phone : PersonalData.MaskPhone(customer.Phone),
            customer.CreatedAt, lastSeen,
            orders.Select(o => Snapshot(o, fullPersonalData)).ToList())
        {
            Email = fullPersonalData ? customer.Email : PersonalData.MaskEmail(customer.Email),
            OrderCount = orderCount,
        };
    }

    public static OrderSnapshot Snapshot(Order o, bool fullPersonalData) =>
        new(o.Id, o.OrderNo, o.Status, o.TotalFen, o.PaidFen, o.CreatedAt, o.ReceiverName,
            fullPersonalData ? o.ReceiverPhone : PersonalData.MaskPhone(o.ReceiverPhone),
            fullPersonalData ? o.Address : PersonalData.MaskAddress(o.Address),
            o.Items.Select(i => new OrderLine(i.Title, i.Quantity, i.UnitPriceFen)).ToList());
}
