using System.Globalization;
using KefuDesk.Components;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Orders;

/// <summary>Which orders to list: a shop, a state, part of an order number, a buyer (name, receiver or phone), shop-local dates.</summary>
public sealed record OrderFilter(Guid? ShopId = null, OrderStatus? Status = null, string? OrderNo = null, string? Buyer = null, DateOnly? From = null,
    DateOnly? To = null);

/// <summary>An order in the list; the receiver's phone and address are masked for agents.</summary>
public sealed record OrderListRow(
    Guid Id,
    Guid ShopId,
    string ShopName,
    string OrderNo,
    Guid CustomerId,
    string BuyerName,
    OrderStatus Status,
    string FirstItem,
    int Quantity,
    long TotalFen,
    long PaidFen,
    string ReceiverName,
    string ReceiverPhone,
    string Address,
    string? Carrier,
    string? TrackingNo,
    DateTime CreatedAt,
    DateTime? PaidAt);

public sealed record OrderListPage(IReadOnlyList<OrderListRow> Items, int Total, int Offset, int Limit);

/// <summary>The orders list (订单): the shops a staff member serves, newest first, filtered and paged, or all of it for 导出 Excel.</summary>
public sealed class OrderList(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxPage = 100;
    public const int MaxExport = 100_000;

    public async Task<OrderListPage> PageAsync(StaffAccess staff, OrderFilter filter, int offset, int limit, CancellationToken ct)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid, $"offset ≥ 0, limit 1–{MaxPage}");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = Filtered(db, staff, filter);
        var total = await orders.CountAsync(ct);
        var rows = await Rows(db, orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip(offset).Take(limit), staff.MaySupervise)
            .ToListAsync(ct);
        return new OrderListPage(rows, total, offset, limit);
    }

    /// <summary>Every matching order (up to <see cref="MaxExport"/>) as an .xlsx sheet, columns named as the shop platforms name them.</summary>
    public async Task<byte[]> ExportAsync(StaffAccess staff, OrderFilter filter, Func<OrderStatus, string> statusName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = Filtered(db, staff, filter).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(MaxExport);
        var rows = await Rows(db, orders, staff.MaySupervise).ToListAsync(ct);
        return await Infrastructure.Spreadsheets.Spreadsheet.XlsxAsync("订单", rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["订单编号"] = r.OrderNo,
            ["店铺"] = r.ShopName,
            ["买家会员名"] = r.BuyerName,
            ["订单状态"] = statusName(r.Status),
            ["商品"] = r.FirstItem,
            ["数量"] = r.Quantity,
            ["应付金额"] = r.TotalFen / 100m,
            ["买家实际支付金额"] = r.PaidFen / 100m,
            ["收货人姓名"] = r.ReceiverName,
            ["联系手机"] = r.ReceiverPhone,
            ["收货地址"] = r.Address,
            ["物流公司"] = r.Carrier ?? "",
            ["物流单号"] = r.TrackingNo ?? "",
            ["订单创建时间"] = Local(r.CreatedAt),
            ["订单付款时间"] = r.PaidAt is { } paid ? Local(paid) : "",
        }), ct);
    }

    private static IQueryable<Order> Filtered(KefuDeskDbContext db, StaffAccess staff, OrderFilter filter)
    {
        if (filter.ShopId is { } only && !staff.ShopIds.Contains(only))
        {
            throw new KefuDeskException(KefuDeskError.Forbidden, "not one of your shops");
        }

        var shops = filter.ShopId is { } shop ? [shop] : staff.ShopIds.ToList();
        var orders = db.Orders.AsNoTracking().Where(o => shops.Contains(o.ShopId));
        if (filter.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.OrderNo))
        {
            var no = Checked(filter.OrderNo, 64);
            orders = orders.Where(o => o.OrderNo.Contains(no));
        }

        if (!string.IsNullOrWhiteSpace(filter.Buyer))
        {
            var who = Checked(filter.Buyer, 100);
            var digits = Channels.ChannelBuyer.Normalise(IdentityKind.Phone, who);
            orders = orders.Where(o => o.ReceiverName.Contains(who)
                                       || db.Customers.Any(c => c.Id == o.CustomerId && c.DisplayName != null && c.DisplayName.Contains(who))
                                       || (digits.Length >= 7 && o.ReceiverPhone.Contains(digits)));
        }

        if (filter.From is { } from)
        {
            var start = Utc(from);
            orders = orders.Where(o => o.CreatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = Utc(to.AddDays(1));
            orders = orders.Where(o => o.CreatedAt < end);
        }

        return orders;
    }

    private static IQueryable<OrderListRow> Rows(KefuDeskDbContext db, IQueryable<Order> orders, bool full) =>
        from o in orders
        join s in db.Shops on o.ShopId equals s.Id
        join c in db.Customers on o.CustomerId equals c.Id
        select new OrderListRow(o.Id, o.ShopId, s.Name, o.OrderNo, o.CustomerId, c.DisplayName ?? "", o.Status,
            o.Items.OrderBy(i => i.Id).Select(i => i.Title).FirstOrDefault() ?? "", o.Items.Sum(i => i.Quantity), o.TotalFen, o.PaidFen,
            o.ReceiverName, full ? o.ReceiverPhone : PersonalData.MaskPhone(o.ReceiverPhone)!, full ? o.Address : PersonalData.MaskAddress(o.Address)!,
            o.Carrier, o.TrackingNo, o.CreatedAt, o.PaidAt);

    private static string Checked(string text, int max)
    {
        var t = text.Trim();
        return t.Length <= max ? t : throw new KefuDeskException(KefuDeskError.PayloadInvalid, $"at most {max} characters");
    }

    private static DateTime Utc(DateOnly shopDay) =>
        TimeZoneInfo.ConvertTimeToUtc(shopDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Display.ShopZone);

    private static string Local(DateTime utc) => Display.ShopTime(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
