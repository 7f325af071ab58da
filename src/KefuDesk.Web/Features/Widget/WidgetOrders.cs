using System.Security.Claims;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Widget;

/// <summary>
/// One of the buyer's orders as the widget's picker lists it: what the order card will show, and the
/// first item's picture when the shop's catalogue has it. No receiver, phone or address.
/// </summary>
public sealed record BuyerOrder(Guid OrderId, string OrderNo, OrderStatus Status, long TotalFen, string Summary, DateTime CreatedAt, string? ImageUrl);

/// <summary>A page of the buyer's orders, newest first; more: ask again with before = the last one's orderId.</summary>
public sealed record BuyerOrderPage(IReadOnlyList<BuyerOrder> Orders, bool HasMore);

public static class WidgetOrderErrors
{
    public static readonly KefuDeskError PagingInvalid = new("widget_orders_paging_invalid", 400);
}

/// <summary>
/// The buyer's own orders in the widget's shop, so they can pick one to ask about (it goes as an order
/// card). Paged by the last order shown rather than by page number, so an order placed meanwhile
/// neither repeats nor hides one on the next page.
/// </summary>
public static class WidgetOrders
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 20;

    public static RouteHandlerBuilder MapWidgetOrders(this IEndpointRouteBuilder buyer) =>
        buyer.MapGet("/orders", List).WithName("GetBuyerOrders")
            .WithSummary("The buyer's own orders in this shop, newest first (default 10, at most 20); the next page with before = the last orderId");

    private static async Task<Ok<BuyerOrderPage>> List(ClaimsPrincipal user, IDbContextFactory<KefuDeskDbContext> dbFactory,
        ILoggerFactory logs, Guid? before = null, int limit = DefaultLimit, CancellationToken ct = default)
    {
        var buyer = BuyerIdentity.From(user);
        var log = logs.CreateLogger(typeof(WidgetOrders));
        if (limit is < 1 or > MaxLimit)
        {
            log.LogInformation("Buyer {Customer} asked for {Limit} orders at once", buyer.CustomerId, limit);
            throw new KefuDeskException(WidgetOrderErrors.PagingInvalid, limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = db.Orders.AsNoTracking().Where(o => o.CustomerId == buyer.CustomerId && o.ShopId == buyer.ShopId);
        if (before is { } lastShown)
        {
            // Only one of the buyer's own orders can be a cursor: another's would tell them it exists.
            var last = await mine.Where(o => o.Id == lastShown).Select(o => new { o.CreatedAt, o.Id }).FirstOrDefaultAsync(ct);
            if (last is null)
            {
                log.LogInformation("Buyer {Customer} paged from order {Order}, which is not theirs in shop {Shop}", buyer.CustomerId, lastShown, buyer.ShopId);
                throw new KefuDeskException(KefuDeskError.OrderNotFound);
            }

            mine = mine.Where(o => o.CreatedAt < last.CreatedAt || (o.CreatedAt == last.CreatedAt && o.Id.CompareTo(last.Id) < 0));
        }

        var orders = await mine.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Take(limit + 1).Include(o => o.Items).AsSplitQuery().ToListAsync(ct);
        var hasMore = orders.Count > limit;
        var shown = orders.Take(limit).Select(OrderCard.Of).ToList();
        var images = await ImagesAsync(db, buyer.ShopId, orders, ct);
        return TypedResults.Ok(new BuyerOrderPage(shown.Select(c => new BuyerOrder(c.OrderId, c.OrderNo, c.Status, c.TotalFen, c.Summary, c.CreatedAt,
            images.GetValueOrDefault(c.OrderId))).ToList(), hasMore));
    }

    /// <summary>The picture of each order's leading item (the one its summary names), from the shop's own catalogue (an item may name no product, or one since removed).</summary>
    private static async Task<Dictionary<Guid, string>> ImagesAsync(KefuDeskDbContext db, Guid shopId, List<Order> orders, CancellationToken ct)
    {
        var firstProducts = orders.Select(o => (o.Id, OrderCard.LeadingItem(o.Items)?.ProductId)).Where(x => x.ProductId is not null).ToList();
        var productIds = firstProducts.Select(x => x.ProductId!.Value).Distinct().ToList();
        if (productIds.Count == 0)
        {
            return [];
        }

        var pictures = await db.Products.AsNoTracking().Where(p => p.ShopId == shopId && productIds.Contains(p.Id) && p.ImageUrl != "")
            .ToDictionaryAsync(p => p.Id, p => p.ImageUrl, ct);
        return firstProducts.Where(x => pictures.ContainsKey(x.ProductId!.Value)).ToDictionary(x => x.Id, x => pictures[x.ProductId!.Value]);
    }
}
