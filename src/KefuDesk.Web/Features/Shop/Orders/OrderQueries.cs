using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Orders;

public sealed record OrderPage(IReadOnlyList<OrderSnapshot> Orders, int Total, int Page, int PageSize);

/// <summary>Reads orders for staff: one in full, or a buyer's orders a page at a time.</summary>
public sealed class OrderQueries(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxPageSize = 50;

    public async Task<OrderDetails> DetailsAsync(StaffAccess staff, Guid orderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().Include(o => o.Items).FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !staff.Serves(order.ShopId))
        {
            throw new KefuDeskException(KefuDeskError.OrderNotFound);
        }

        return await DetailsAsync(db, staff, order, ct);
    }

    internal async Task<OrderDetails> DetailsAsync(KefuDeskDbContext db, StaffAccess staff, Order order, CancellationToken ct)
    {
        var rules = await db.Shops.AsNoTracking().Where(s => s.Id == order.ShopId).Select(s => s.OrderRules).FirstAsync(ct);
        var logistics = await db.LogisticsEvents.AsNoTracking().Where(e => e.OrderId == order.Id)
            .OrderByDescending(e => e.At).Select(e => new LogisticsStep(e.At, e.Description, e.Location)).ToListAsync(ct);
        var pending = await db.PriceAdjustments.AsNoTracking()
            .Where(a => a.OrderId == order.Id && a.Status == AdjustmentStatus.Pending)
            .Select(a => new PendingAdjustmentView(a.Id, a.FromTotalFen, a.ToTotalFen, a.Reason, a.RequestedByName, a.RequestedAt))
            .FirstOrDefaultAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var remindedToday = await db.PaymentReminders.CountAsync(r => r.OrderId == order.Id && r.At > since, ct);
        var history = await db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == order.Id)
            .OrderByDescending(e => e.At).Take(50).ToListAsync(ct);
        var full = staff.MaySupervise;

        return new OrderDetails(order.Id, order.ShopId, order.CustomerId, order.OrderNo, order.Status,
            order.GoodsFen, order.DiscountFen, order.ShippingFen, order.TotalFen, order.PaidFen, order.RefundedFen,
            order.CreatedAt, order.PaidAt, order.ShippedAt,
            order.ReceiverName, full ? order.ReceiverPhone : PersonalData.MaskPhone(order.ReceiverPhone),
            full ? order.Address : PersonalData.MaskAddress(order.Address), order.Remark, order.Carrier, order.TrackingNo,
            order.Items.Select(i => new OrderItemView(i.Sku, i.Title, i.UnitPriceFen, i.Quantity, i.ProductId)).ToList(),
            logistics, pending,
            order.Status == OrderStatus.AwaitingPayment ? Math.Max(0, rules.PaymentRemindersPerDay - remindedToday) : 0,
            OrderActionNames.For(order),
            // Before/after hold phone numbers and addresses: only those who may see them in full get them.
            history.Select(e => new AuditView(e.Id, e.At, e.Action, e.ActorName, full ? e.Before : null, full ? e.After : null, e.Note)).ToList());
    }

    /// <summary>
    /// A buyer's orders in one shop the staff member serves, newest first, a page at a time (a loyal
    /// buyer may have hundreds); a buyer they may not see is not found.
    /// </summary>
    public async Task<OrderPage> BuyerOrdersAsync(StaffAccess staff, Guid customerId, Guid shopId, int page, int pageSize, CancellationToken ct = default)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }

        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(KefuDeskError.ShopNotFound);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.VisibleCustomerAsync(staff, customerId, ct);
        var mine = db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.ShopId == shopId);
        var total = await mine.CountAsync(ct);
        var orders = await mine.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Include(o => o.Items).AsSplitQuery().ToListAsync(ct);
        return new OrderPage(orders.Select(o => CustomerProfiles.Snapshot(o, staff.MaySupervise)).ToList(), total, page, pageSize);
    }

    /// <summary>The most order numbers a buyer's chat is checked against (a loyal buyer's whole history).</summary>
    public const int MaxBuyerOrderNumbers = 2000;

    /// <summary>The buyer's order numbers in the shop: what they type in the chat becomes a link to the order.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> BuyerOrderNumbersAsync(StaffAccess staff, Guid customerId, Guid shopId, CancellationToken ct = default)
    {
        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(KefuDeskError.ShopNotFound);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.VisibleCustomerAsync(staff, customerId, ct);
        var rows = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.ShopId == shopId)
            .OrderByDescending(o => o.CreatedAt).Take(MaxBuyerOrderNumbers).Select(o => new { o.OrderNo, o.Id }).ToListAsync(ct);
        return rows.DistinctBy(r => r.OrderNo).ToDictionary(r => r.OrderNo, r => r.Id);
    }

    /// <summary>One order as the panel lists it, if it is the buyer's in this shop.</summary>
    public async Task<OrderSnapshot?> BuyerOrderAsync(StaffAccess staff, Guid customerId, Guid shopId, Guid orderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().Include(o => o.Items)
            .FirstOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId && o.ShopId == shopId, ct);
        return order is null || !staff.Serves(shopId) ? null : CustomerProfiles.Snapshot(order, staff.MaySupervise);
    }
}
