using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Customers;

/// <summary>
/// Which customers a staff member may see. A customer record is the company's, but a staff member
/// meets a buyer only through a shop they serve: the buyer has a conversation (chat, email, call,
/// 留言), an order or a complaint there. After-sales cases and reviews always hang on an order of
/// their shop, calls, surveys and files on a conversation, so those three relations cover them. A
/// signed-in widget visit alone (a shop-account identity without a message) is not yet a buyer of
/// the shop. Admins answer for the whole company and see all of its customers. A record merged into
/// another is seen where that one is: its rows moved there.
/// </summary>
public static class VisibleCustomers
{
    public static IQueryable<Customer> VisibleTo(this IQueryable<Customer> customers, KefuDeskDbContext db, StaffAccess staff)
    {
        if (staff.AdminOf is { } organisation)
        {
            return customers.Where(c => c.OrganisationId == organisation);
        }

        var shops = staff.ShopIds.ToList();
        return customers.Where(c =>
            db.Conversations.Any(v => v.CustomerId == (c.MergedIntoId ?? c.Id) && shops.Contains(v.ShopId))
            || db.Orders.Any(o => o.CustomerId == (c.MergedIntoId ?? c.Id) && shops.Contains(o.ShopId))
            || db.Set<Complaint>().Any(x => x.CustomerId == (c.MergedIntoId ?? c.Id) && shops.Contains(x.ShopId)));
    }

    /// <summary>
    /// The customer, when this staff member may see them. Otherwise <c>customer_not_found</c>, as for an
    /// id that does not exist: the answer must not tell that another shop has such a buyer.
    /// </summary>
    public static async Task<Customer> VisibleCustomerAsync(this KefuDeskDbContext db, StaffAccess staff, Guid customerId,
        CancellationToken ct = default) =>
        await db.Customers.Where(c => c.Id == customerId).VisibleTo(db, staff).FirstOrDefaultAsync(ct)
        ?? throw new KefuDeskException(KefuDeskError.CustomerNotFound);

    /// <summary>The same rule inside a writer batch (commands run synchronously there).</summary>
    public static bool Sees(this WriteBatch batch, StaffAccess staff, Guid customerId) =>
        batch.Db.Customers.AsNoTracking().Where(c => c.Id == customerId).VisibleTo(batch.Db, staff).Any();
}
