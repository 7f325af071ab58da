using KefuDesk.Features.Shop.Import;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Features.Shop.Sync;

namespace KefuDesk.Features.Shop;

/// <summary>Shop data from the platforms: import by file, the sync API and webhook, and the orders list.</summary>
public static class ShopDataSetup
{
    public static IServiceCollection AddShopData(this IServiceCollection services)
    {
        services.AddSingleton<ShopSync>();
        services.AddSingleton<SyncSecrets>();
        services.AddSingleton<ImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportRunner>());
        services.AddSingleton<ShopImports>();
        services.AddSingleton<OrderList>();
        return services;
    }

    public static IEndpointRouteBuilder MapShopData(this IEndpointRouteBuilder app)
    {
        app.MapSyncApi();
        app.MapImportApi();
        app.MapOrderListApi();
        return app;
    }
}
