using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales.Complaints;

public static class ComplaintsSetup
{
    /// <summary>Complaints (投诉): recording and steps, reads, the deadline job, pushes to staff screens.</summary>
    public static IServiceCollection AddComplaints(this IServiceCollection services)
    {
        services.AddSingleton<ComplaintDesk>();
        services.AddSingleton<ComplaintQueries>();
        services.AddSingleton<ComplaintDeadlines>();
        services.AddHostedService(sp => sp.GetRequiredService<ComplaintDeadlines>());
        services.AddSingleton<ComplaintPushes>();
        services.AddEventHandlers<ComplaintPushes>();
        return services;
    }

    public static IEndpointRouteBuilder MapComplaints(this IEndpointRouteBuilder app) => app.MapComplaintsApi();
}
