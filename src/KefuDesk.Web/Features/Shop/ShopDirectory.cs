using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace KefuDesk.Features.Shop;

public sealed record ShopInfo(Guid Id, Guid OrganisationId, string Name, string WidgetKey);

/// <summary>
/// Shop look-ups on the widget's hot path, cached briefly: every page view of every shop asks,
/// and shops change rarely.
/// </summary>
public sealed class ShopDirectory(IDbContextFactory<KefuDeskDbContext> dbFactory, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public Task<ShopInfo?> ByWidgetKeyAsync(string widgetKey, CancellationToken ct = default) =>
        cache.GetOrCreateAsync("shop-key:" + widgetKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Shops.AsNoTracking().Where(s => s.WidgetKey == widgetKey)
                .Select(s => new ShopInfo(s.Id, s.OrganisationId, s.Name, s.WidgetKey))
                .FirstOrDefaultAsync(ct);
        });
}
