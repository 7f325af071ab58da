using KefuDesk.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Demo;

public static class DemoShopEndpoint
{
    /// <summary>/demo-shop (or /demo-shop/{widgetKey}): a storefront with the widget, for trying KefuDesk as a buyer.</summary>
    public static IEndpointRouteBuilder MapDemoShop(this IEndpointRouteBuilder app)
    {
        app.MapGet("/demo-shop/{widgetKey?}", Show).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<RazorComponentResult<DemoShopPage>, NotFound>> Show(
        string? widgetKey, IDbContextFactory<KefuDeskDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = widgetKey ?? DemoAccounts.ShopKey;
        var shop = await db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.WidgetKey == key, ct)
                   ?? (widgetKey is null ? await db.Shops.AsNoTracking().OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct) : null);
        if (shop is null)
        {
            return TypedResults.NotFound();
        }

        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shop.Id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        return new RazorComponentResult<DemoShopPage>(new
        {
            ShopName = shop.Name,
            WidgetKey = shop.WidgetKey,
            Products = (IReadOnlyList<Shop.Product>)products,
        });
    }
}
