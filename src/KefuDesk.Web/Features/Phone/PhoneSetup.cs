using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Phone;

public static class PhoneSetup
{
    /// <summary>The phone channel: call log, call-backs, and their pushes to staff screens.</summary>
    public static IServiceCollection AddPhone(this IServiceCollection services)
    {
        services.AddSingleton<PhoneQueries>();
        services.AddSingleton<PhonePushes>();
        services.AddEventHandlers<PhonePushes>();
        return services;
    }

    public static IEndpointRouteBuilder MapPhone(this IEndpointRouteBuilder app) => app.MapPhoneApi();
}
