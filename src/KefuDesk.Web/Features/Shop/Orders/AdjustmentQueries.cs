using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Orders;

public sealed record AdjustmentPage(IReadOnlyList<AdjustmentRow> Rows, int Total, int Page, int PageSize);

/// <summary>改价 requests for supervisors: waiting ones first, then the decided history.</summary>
public sealed class AdjustmentQueries(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public async Task<AdjustmentPage> ListAsync(StaffAccess staff, AdjustmentStatus? status, int page, int pageSize, CancellationToken ct = default)
    {
        if (page < 1 || pageSize is < 1 or > 100)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.ToList();
        var query = db.PriceAdjustments.AsNoTracking().Where(a => shops.Contains(a.ShopId));
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.RequestedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new AdjustmentPage(rows.Select(Row).ToList(), total, page, pageSize);
    }

    internal static AdjustmentRow Row(PriceAdjustment a) =>
        new(a.Id, a.OrderId, a.OrderNo, a.ShopId, a.FromTotalFen, a.ToTotalFen, a.Reason, a.RequestedByName, a.RequestedAt, a.Status,
            a.DecidedByName, a.DecidedAt, a.DecisionNote);
}
