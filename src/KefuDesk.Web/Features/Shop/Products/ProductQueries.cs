using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Products;

/// <summary>A product as the panel beside the chat lists it; <see cref="Reason"/> says why it is among the buyer's recent ones.</summary>
public sealed record ProductRow(Guid Id, string Sku, string Title, long PriceFen, int Stock, string ImageUrl, RecentReason? Reason = null);

public enum RecentReason
{
    /// <summary>In one of the buyer's latest orders (买过).</summary>
    Bought,

    /// <summary>Its card was in a conversation with the buyer (聊过): asked about, or recommended.</summary>
    Discussed,
}

/// <summary>Products beside the chat: what the buyer bought or talked about lately, and the shop's products by title or SKU.</summary>
public sealed class ProductQueries(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxResults = 20;

    /// <summary>
    /// What the buyer had to do with lately in this shop, most recent first, each once: products of
    /// their latest orders, and products whose cards were in their conversations (a buyer who has not
    /// bought yet has no orders: what was recommended to them last time is what 售前 needs).
    /// </summary>
    public async Task<IReadOnlyList<ProductRow>> RecentForBuyerAsync(StaffAccess staff, Guid customerId, Guid shopId, int take = 6,
        CancellationToken ct = default)
    {
        Require(staff, shopId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.VisibleCustomerAsync(staff, customerId, ct);
        var seen = new List<(DateTime At, Guid? ProductId, string? Sku, RecentReason Reason)>();

        // Lines name their product by id when the shop sent one, else only by SKU.
        var latest = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.ShopId == shopId)
            .OrderByDescending(o => o.CreatedAt).Take(20).Select(o => new { o.Id, o.CreatedAt }).ToListAsync(ct);
        var orderIds = latest.Select(o => o.Id).ToList();
        var lines = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id))
            .SelectMany(o => o.Items).Select(i => new { i.OrderId, i.ProductId, i.Sku }).ToListAsync(ct);
        seen.AddRange(lines.Select(l => (latest.First(o => o.Id == l.OrderId).CreatedAt, l.ProductId, (string?)l.Sku, RecentReason.Bought)));

        // Cards sent either way (the buyer asking, an agent recommending), not notes among colleagues, not recalled.
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.ShopId == shopId && c.CustomerId == customerId)
            .OrderByDescending(c => c.LastMessageAt).Take(20).Select(c => c.Id).ToListAsync(ct);
        var cards = await db.Messages.AsNoTracking()
            .Where(m => conversations.Contains(m.ConversationId) && m.Kind == MessageKind.ProductCard && m.Visibility == MessageVisibility.Public
                        && m.RecalledAt == null)
            .OrderByDescending(m => m.CreatedAt).Take(20).Select(m => new { m.CreatedAt, m.Content }).ToListAsync(ct);
        seen.AddRange(cards.Select(c => (At: c.CreatedAt, ProductId: MessageContent.FromJson(c.Content)?.Product?.ProductId, Sku: (string?)null,
            Reason: RecentReason.Discussed)).Where(c => c.ProductId is not null));

        var skus = seen.Select(l => l.Sku).OfType<string>().Distinct().ToList();
        var ids = seen.Select(l => l.ProductId).OfType<Guid>().Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shopId && (ids.Contains(p.Id) || skus.Contains(p.Sku)))
            .ToListAsync(ct);
        return seen.OrderByDescending(l => l.At)
            .Select(l => (Product: products.FirstOrDefault(p => p.Id == l.ProductId) ?? products.FirstOrDefault(p => p.Sku == l.Sku), l.Reason))
            .Where(l => l.Product is not null).DistinctBy(l => l.Product!.Id).Take(take)
            .Select(l => Row(l.Product!) with { Reason = l.Reason }).ToList();
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
