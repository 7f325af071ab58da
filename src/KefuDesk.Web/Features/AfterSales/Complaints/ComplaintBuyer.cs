using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>Who a new complaint is about, from whatever the caller knows: the customer, an order of the shop, a conversation.</summary>
internal static class ComplaintBuyer
{
    /// <summary>
    /// The buyer (merged records followed to the one that counts) and the order and conversation; null
    /// when nothing names them, the parts disagree, or the customer named is one the staff member may not see.
    /// </summary>
    public static async Task<(Guid CustomerId, Guid? OrderId, Guid? ConversationId)?> FindAsync(KefuDeskDbContext db, StaffAccess staff, Shop.Shop shop,
        ComplaintInput input, CancellationToken ct)
    {
        var named = new List<Guid>();
        Guid? orderId = null;
        if (input.OrderId is not null || !string.IsNullOrWhiteSpace(input.OrderNo))
        {
            var orderNo = input.OrderNo?.Trim();
            var order = await db.Orders.AsNoTracking()
                .Where(o => o.ShopId == shop.Id && (input.OrderId == null || o.Id == input.OrderId) && (orderNo == null || orderNo == "" || o.OrderNo == orderNo))
                .Select(o => new { o.Id, o.CustomerId }).FirstOrDefaultAsync(ct);
            if (order is null)
            {
                return null;
            }

            orderId = order.Id;
            named.Add(order.CustomerId);
        }

        if (input.ConversationId is { } conversationId)
        {
            var customer = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId && c.ShopId == shop.Id)
                .Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct);
            if (customer is null)
            {
                return null;
            }

            named.Add(customer.Value);
        }

        if (input.CustomerId is { } customerId)
        {
            // Naming another shop's buyer here would make them this shop's buyer.
            if (!await db.Customers.Where(c => c.Id == customerId).VisibleTo(db, staff).AnyAsync(ct))
            {
                return null;
            }

            named.Add(customerId);
        }

        if (named.Count == 0)
        {
            return null;
        }

        var current = new HashSet<Guid>();
        foreach (var id in named)
        {
            if (await CurrentAsync(db, shop.OrganisationId, id, ct) is not { } found)
            {
                return null;
            }

            current.Add(found);
        }

        return current.Count == 1 ? (current.Single(), orderId, input.ConversationId) : null;
    }

    /// <summary>The record a customer id stands for now (a merged duplicate points at its survivor), if it is the company's.</summary>
    private static async Task<Guid?> CurrentAsync(KefuDeskDbContext db, Guid organisationId, Guid customerId, CancellationToken ct)
    {
        Guid? id = customerId;
        for (var hops = 0; hops < 10; hops++)
        {
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == id && c.OrganisationId == organisationId)
                .Select(c => new { c.Id, c.MergedIntoId }).FirstOrDefaultAsync(ct);
            if (customer is null)
            {
                return null;
            }

            if (customer.MergedIntoId is null)
            {
                return customer.Id;
            }

            id = customer.MergedIntoId;
        }

        return null;
    }
}
