using Microsoft.Extensions.Options;

namespace KefuDesk.Features.AfterSales;

/// <summary>Settings of the after-sales area (configuration section <c>KefuDesk:AfterSales</c>).</summary>
public sealed class AfterSalesOptions
{
    /// <summary>How often overdue cases are looked for and escalated.</summary>
    public int DeadlineSweepSeconds { get; set; } = 60;
}

public static class AfterSalesSetup
{
    /// <summary>After-sales cases: the register, its queries, and the deadline job (one node at a time).</summary>
    public static IServiceCollection AddAfterSales(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AfterSalesOptions>(configuration.GetSection("KefuDesk:AfterSales"));
        services.AddSingleton<AfterSalesCases>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<CaseEscalation>();
        services.AddHostedService(sp => sp.GetRequiredService<CaseEscalation>());
        return services;
    }

    public static IEndpointRouteBuilder MapAfterSales(this IEndpointRouteBuilder app) => app.MapAfterSalesApi();
}
