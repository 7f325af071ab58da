using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace KefuDesk.Features.Widget;

/// <summary>What the widget's endpoints need to know about a shop on every request.</summary>
public sealed record WidgetShopSettings(Guid ShopId, Guid OrganisationId, IReadOnlySet<string> AllowedOrigins, PreChatForm PreChat, string WidgetSecret);

/// <summary>
/// Shop settings for the widget's hot path, cached for a few seconds per node: an admin's change
/// reaches every node within <see cref="Lifetime"/> (this node at once).
/// </summary>
public sealed class WidgetSettings(IDbContextFactory<KefuDeskDbContext> dbFactory, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public Task<WidgetShopSettings?> ForShopAsync(Guid shopId, CancellationToken ct = default) =>
        cache.GetOrCreateAsync(Key(shopId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var shop = await db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shopId, ct);
            return shop is null
                ? null
                : new WidgetShopSettings(shop.Id, shop.OrganisationId, Origins(shop.AllowedOrigins), shop.PreChat, shop.WidgetSecret);
        });

    /// <summary>Every origin some shop allows: a browser's preflight names no shop, so it is answered from these.</summary>
    public Task<IReadOnlySet<string>> AnyShopAllowsAsync(CancellationToken ct = default) =>
        cache.GetOrCreateAsync("widget-origins:any", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var all = await db.Shops.AsNoTracking().Where(s => s.AllowedOrigins != "").Select(s => s.AllowedOrigins).ToListAsync(ct);
            return (IReadOnlySet<string>)all.SelectMany(Origins).ToHashSet(StringComparer.Ordinal);
        })!;

    public void Forget(Guid shopId)
    {
        cache.Remove(Key(shopId));
        cache.Remove("widget-origins:any");
    }

    private static string Key(Guid shopId) => "widget-settings:" + shopId.ToString("N");

    private static HashSet<string> Origins(string stored) =>
        stored.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(WidgetOrigin.Normalise).OfType<string>().ToHashSet(StringComparer.Ordinal);
}
