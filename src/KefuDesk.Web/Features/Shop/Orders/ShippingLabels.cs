using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Orders;

public sealed record PrintInput(IReadOnlyList<Guid> OrderIds, LabelFormat Format);

/// <summary>
/// Shipping labels (面单) for paid orders: printing records who printed which orders in which
/// format, then the printable page shows that batch.
/// </summary>
public sealed class ShippingLabels(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxBatch = 200;

    public async Task<Guid> PrintAsync(StaffAccess staff, PrintInput input, CancellationToken ct = default)
    {
        var ids = input.OrderIds?.Distinct().ToList() ?? [];
        if (ids.Count is 0 or > MaxBatch || !Enum.IsDefined(input.Format))
        {
            throw new KefuDeskException(OrderErrors.LabelsInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        if (orders.Count != ids.Count || orders.Any(o => !staff.Serves(o.ShopId)))
        {
            throw new KefuDeskException(KefuDeskError.OrderNotFound);
        }

        if (orders.FirstOrDefault(o => !o.MayPrintLabel) is { } unpaid)
        {
            throw new KefuDeskException(OrderErrors.NotAllowedInState, $"{unpaid.OrderNo}: {unpaid.Status}");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var batch = Guid.CreateVersion7(now);
        var organisations = await db.Shops.Where(s => orders.Select(o => o.ShopId).Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.OrganisationId, ct);
        foreach (var order in orders)
        {
            db.LabelPrints.Add(new LabelPrint(Guid.CreateVersion7(now), batch, order.ShopId, order.Id, input.Format, staff.AgentId, staff.Nickname, now));
            db.AuditEntries.Add(new AuditEntry(organisations[order.ShopId], order.ShopId, AuditSubjects.Order, order.Id, order.OrderNo,
                "order.label_printed", new AuditActor(staff.AgentId, staff.Nickname), now, null, new { Format = input.Format.ToString() }));
        }

        await db.SaveChangesAsync(ct);
        return batch;
    }

    /// <summary>A printed batch, for its printable page. Labels carry the full address: the parcel needs it.</summary>
    public async Task<LabelBatchView> BatchAsync(StaffAccess staff, Guid batchId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prints = await db.LabelPrints.AsNoTracking().Where(p => p.BatchId == batchId).OrderBy(p => p.Id).ToListAsync(ct);
        if (prints.Count == 0 || prints.Any(p => !staff.Serves(p.ShopId)))
        {
            throw new KefuDeskException(KefuDeskError.OrderNotFound);
        }

        var orderIds = prints.Select(p => p.OrderId).ToList();
        var orders = await db.Orders.AsNoTracking().Include(o => o.Items).Where(o => orderIds.Contains(o.Id)).AsSplitQuery()
            .ToDictionaryAsync(o => o.Id, ct);
        var shopIds = orders.Values.Select(o => o.ShopId).Distinct().ToList();
        var shopNames = await db.Shops.Where(s => shopIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var first = prints[0];
        // By order number, so the packer finds a parcel's label in the pile.
        return new LabelBatchView(batchId, first.Format, first.AgentName, first.At, prints.OrderBy(p => orders[p.OrderId].OrderNo, StringComparer.Ordinal).Select(p =>
        {
            var o = orders[p.OrderId];
            var contents = string.Join("；", o.Items.Select(i => $"{i.Title} ×{i.Quantity}"));
            return new LabelView(o.OrderNo, shopNames[o.ShopId], o.ReceiverName, o.ReceiverPhone, o.Address, o.Carrier, o.TrackingNo, contents, o.Remark);
        }).ToList());
    }
}
