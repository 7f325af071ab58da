namespace KefuDesk.Features.Shop.Orders;

public static class OrdersSetup
{
    public static IServiceCollection AddOrderActions(this IServiceCollection services)
    {
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<OrderActions>();
        services.AddSingleton<AdjustmentQueries>();
        services.AddSingleton<PaymentReminders>();
        services.AddSingleton<ShippingLabels>();
        return services;
    }
}
