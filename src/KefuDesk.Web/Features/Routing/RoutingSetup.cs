using KefuDesk.Features.Routing.Admin;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Dispatch;

namespace KefuDesk.Features.Routing;

public static class RoutingSetup
{
    public static IServiceCollection AddRoutingFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RoutingOptions>(configuration.GetSection("KefuDesk:Routing"));
        services.AddSingleton<Presence.Presence>();
        services.AddHostedService(sp => sp.GetRequiredService<Presence.Presence>());
        services.AddSingleton<AgentStatuses>();
        services.AddSingleton<StatusSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusSweeper>());
        services.AddSingleton<QueueNotices>();
        services.AddSingleton<QueuePlaces>();
        services.AddSingleton<Router>();
        services.AddHostedService(sp => sp.GetRequiredService<Router>());
        services.AddSingleton<RoutingAdmin>();
        services.AddSingleton<RoutingBoard>();
        services.AddSingleton<Reassignment>();
        return services;
    }
}
