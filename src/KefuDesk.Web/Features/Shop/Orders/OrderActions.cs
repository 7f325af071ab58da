using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Orders;

public sealed record AddressInput(string ReceiverName, string ReceiverPhone, string Address);

public sealed record RemarkInput(string? Remark);

public sealed record CancelInput(string Reason);

public sealed record PriceInput(long NewTotalFen, string Reason, Guid? ConversationId = null);

public sealed record ShipInput(string Carrier, string TrackingNo);

/// <summary>
/// Agents' order actions from the chat. Each loads the order, checks the agent serves its shop and
/// the role allows it, lets the order guard its own state, writes the audit entry in the same
/// transaction, and fails cleanly (409) when someone else changed the order meanwhile.
/// </summary>
public sealed class OrderActions(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, IEventPublisher events, OrderQueries queries)
{
    public const int ReasonMaxLength = 200;

    public Task<OrderDetails> ChangeAddressAsync(StaffAccess staff, Guid orderId, AddressInput input, CancellationToken ct = default) =>
        ActAsync(staff, orderId, async (order, _, now) =>
        {
            var before = new { order.ReceiverName, order.ReceiverPhone, order.Address };
            order.ChangeAddress(input.ReceiverName ?? "", input.ReceiverPhone ?? "", input.Address ?? "", now);
            return new Change("order.address_changed", before, new { order.ReceiverName, order.ReceiverPhone, order.Address });
        }, ct);

    public Task<OrderDetails> ChangeRemarkAsync(StaffAccess staff, Guid orderId, RemarkInput input, CancellationToken ct = default) =>
        ActAsync(staff, orderId, async (order, _, now) =>
        {
            var before = new { order.Remark };
            order.ChangeRemark(input.Remark, now);
            return new Change("order.remark_changed", before, new { order.Remark });
        }, ct);

    public Task<OrderDetails> CancelAsync(StaffAccess staff, Guid orderId, CancelInput input, CancellationToken ct = default)
    {
        var reason = Reason(input.Reason);
        return ActAsync(staff, orderId, async (order, _, now) =>
        {
            // Cancelling a paid order gives money back: that is a supervisor's call.
            if (order.PaidFen > 0 && !staff.MaySupervise)
            {
                throw new KefuDeskException(OrderErrors.CancelPaidNeedsSupervisor);
            }

            var before = new { order.Status, order.RefundedFen };
            order.Cancel(now);
            return new Change("order.cancelled", before, new { order.Status, order.RefundedFen }, reason);
        }, ct);
    }

    public Task<OrderDetails> MarkShippedAsync(StaffAccess staff, Guid orderId, ShipInput input, CancellationToken ct = default) =>
        ActAsync(staff, orderId, async (order, db, now) =>
        {
            var before = new { order.Status, order.Carrier, order.TrackingNo };
            order.MarkShipped(input.Carrier ?? "", input.TrackingNo ?? "", now);
            db.LogisticsEvents.Add(new LogisticsEvent(Guid.CreateVersion7(now), order.Id, now,
                Conversations.ShopText.Get("Orders.Logistics.Shipped", order.Carrier!, order.TrackingNo!), null));
            return new Change("order.shipped", before, new { order.Status, order.Carrier, order.TrackingNo });
        }, ct);

    /// <summary>
    /// 改价: within the agent's limit it applies at once; beyond it, it waits for a supervisor
    /// (one waiting request per order). Supervisors apply any amount.
    /// </summary>
    public async Task<PriceChangeResult> AdjustPriceAsync(StaffAccess staff, Guid orderId, PriceInput input, CancellationToken ct = default)
    {
        var reason = Reason(input.Reason);
        PendingAdjustmentView? pending = null;
        var details = await ActAsync(staff, orderId, async (order, db, now) =>
        {
            if (input.NewTotalFen <= 0 || input.NewTotalFen == order.TotalFen)
            {
                throw new KefuDeskException(OrderErrors.PriceInvalid);
            }

            if (order.Status != OrderStatus.AwaitingPayment)
            {
                throw new KefuDeskException(OrderErrors.NotAllowedInState, order.Status.ToString());
            }

            if (await db.PriceAdjustments.AnyAsync(a => a.OrderId == order.Id && a.Status == AdjustmentStatus.Pending, ct))
            {
                throw new KefuDeskException(OrderErrors.AdjustmentPending);
            }

            var limit = await db.Shops.Where(s => s.Id == order.ShopId).Select(s => s.OrderRules.AgentPriceCutLimitFen).FirstAsync(ct);
            var cut = order.TotalFen - input.NewTotalFen;
            var before = new { order.TotalFen, order.DiscountFen };
            if (staff.MaySupervise || cut <= limit)
            {
                order.AdjustPrice(input.NewTotalFen, now);
                return new Change("order.price_adjusted", before, new { order.TotalFen, order.DiscountFen }, reason);
            }

            var request = new PriceAdjustment(Guid.CreateVersion7(now), order.ShopId, order.Id, order.OrderNo, order.TotalFen, input.NewTotalFen,
                reason, staff.AgentId, staff.Nickname, input.ConversationId, now);
            db.PriceAdjustments.Add(request);
            order.RecordRequest(now); // a second request racing this one fails on the order's version
            pending = new PendingAdjustmentView(request.Id, request.FromTotalFen, request.ToTotalFen, reason, staff.Nickname, now);
            return new Change("order.price_adjustment_requested", before, new { TotalFen = input.NewTotalFen }, reason);
        }, ct);
        return new PriceChangeResult(pending is null, details, pending);
    }

    /// <summary>A supervisor approves or rejects a waiting 改价; approval applies it if the order is still unpaid at the same amount.</summary>
    public async Task<AdjustmentRow> DecideAdjustmentAsync(StaffAccess staff, Guid adjustmentId, bool approve, string? note, CancellationToken ct = default)
    {
        if (!staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.Forbidden);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.PriceAdjustments.FirstOrDefaultAsync(a => a.Id == adjustmentId, ct);
        if (request is null || !staff.Serves(request.ShopId))
        {
            throw new KefuDeskException(OrderErrors.AdjustmentNotFound);
        }

        var order = await db.Orders.FirstAsync(o => o.Id == request.OrderId, ct);
        var shop = await db.Shops.AsNoTracking().FirstAsync(s => s.Id == order.ShopId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, ReasonMaxLength)];
        var before = new { order.TotalFen, order.DiscountFen };
        string action;
        if (!approve)
        {
            request.Reject(staff.AgentId, staff.Nickname, note, now);
            action = "order.price_adjustment_rejected";
        }
        else if (order.Status != OrderStatus.AwaitingPayment || order.TotalFen != request.FromTotalFen)
        {
            // Paid or re-priced meanwhile: applying the old request would be wrong.
            request.Lapse(now);
            await SaveAsync(db, order, ct);
            throw new KefuDeskException(OrderErrors.NotAllowedInState, order.Status.ToString());
        }
        else
        {
            request.Approve(staff.AgentId, staff.Nickname, now);
            order.AdjustPrice(request.ToTotalFen, now);
            action = "order.price_adjusted";
        }

        db.AuditEntries.Add(new AuditEntry(shop.OrganisationId, order.ShopId, AuditSubjects.Order, order.Id, order.OrderNo, action,
            new AuditActor(staff.AgentId, staff.Nickname), now, before, new { order.TotalFen, order.DiscountFen },
            approve ? $"{request.RequestedByName}: {request.Reason}" : note));
        await SaveAsync(db, order, ct);
        return AdjustmentQueries.Row(request);
    }

    internal sealed record Change(string Action, object Before, object After, string? Note = null);

    internal async Task<OrderDetails> ActAsync(StaffAccess staff, Guid orderId, Func<Order, KefuDeskDbContext, DateTime, Task<Change>> act,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.Include(o => o.Items).FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !staff.Serves(order.ShopId))
        {
            throw new KefuDeskException(KefuDeskError.OrderNotFound);
        }

        var organisationId = await db.Shops.Where(s => s.Id == order.ShopId).Select(s => s.OrganisationId).FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var change = await act(order, db, now);
        db.AuditEntries.Add(new AuditEntry(organisationId, order.ShopId, AuditSubjects.Order, order.Id, order.OrderNo, change.Action,
            new AuditActor(staff.AgentId, staff.Nickname), now, change.Before, change.After, change.Note));
        await SaveAsync(db, order, ct);
        return await queries.DetailsAsync(db, staff, order, ct);
    }

    private async Task SaveAsync(KefuDeskDbContext db, Order order, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new KefuDeskException(OrderErrors.ChangedMeanwhile);
        }

        events.Publish(order.TakeEvents());
    }

    internal static string Reason(string? reason)
    {
        reason = reason?.Trim() ?? "";
        return reason.Length is 0 or > ReasonMaxLength ? throw new KefuDeskException(OrderErrors.ReasonRequired) : reason;
    }
}
