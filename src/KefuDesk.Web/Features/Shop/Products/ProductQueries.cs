using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Products;

public sealed record ProductRow(Guid Id, string Sku, string Title, long PriceFen, int Stock, string ImageUrl);

/// <summary>Products beside the chat: what the buyer bought lately, and the shop's products by title or SKU.</summary>
public sealed class ProductQueries(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxResults = 20;

    /// <summary>Products of the buyer's latest orders in the shop, most recent first, each once.</summary>
    public async Task<IReadOnlyList<ProductRow>> RecentForBuyerAsync(StaffAccess staff, Guid customerId, Guid shopId, int take = 6,
        CancellationToken ct = default)
    {
        Require(staff, shopId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Lines name their product by id when the shop sent one, else only by SKU.
        var latest = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.ShopId == shopId)
            .OrderByDescending(o => o.CreatedAt).Take(20).Select(o => new { o.Id, o.CreatedAt }).ToListAsync(ct);
        var orderIds = latest.Select(o => o.Id).ToList();
        var lines = (await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id))
                .SelectMany(o => o.Items).Select(i => new { i.OrderId, i.ProductId, i.Sku }).ToListAsync(ct))
            .Select(i => new { latest.First(o => o.Id == i.OrderId).CreatedAt, i.ProductId, i.Sku }).ToList();
        var skus = lines.Select(l => l.Sku).Distinct().ToList();
        var ids = lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shopId && (ids.Contains(p.Id) || skus.Contains(p.Sku)))
            .ToListAsync(ct);
        return lines.OrderByDescending(l => l.CreatedAt)
            .Select(l => products.FirstOrDefault(p => p.Id == l.ProductId) ?? products.FirstOrDefault(p => p.Sku == l.Sku))
            .OfType<Product>().DistinctBy(p => p.Id).Take(take).Select(Row).ToList();
    }

    /// <summary>The shop's products whose title contains, or SKU starts with, what the agent typed.</summary>
    public async Task<IReadOnlyList<ProductRow>> SearchAsync(StaffAccess staff, Guid shopId, string? q, CancellationToken ct = default)
    {
        Require(staff, shopId);
        q = q?.Trim() ?? "";
        if (q.Length > 100)
        {
            throw new KefuDeskException(KefuDeskError.SearchQueryTooLong);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var products = db.Products.AsNoTracking().Where(p => p.ShopId == shopId);
        if (q.Length > 0)
        {
            products = products.Where(p => p.Title.Contains(q) || p.Sku.StartsWith(q));
        }

        return (await products.OrderBy(p => p.Title).ThenBy(p => p.Sku).Take(MaxResults).ToListAsync(ct)).Select(Row).ToList();
    }

    private static ProductRow Row(Product p) => new(p.Id, p.Sku, p.Title, p.PriceFen, p.Stock, p.ImageUrl);

    private static void Require(StaffAccess staff, Guid shopId)
    {
        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(KefuDeskError.ShopNotFound);
        }
    }
}
