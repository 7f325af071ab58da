using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales.Reviews;

public static class ReviewsSetup
{
    /// <summary>Reviews (评价): import and follow-up, reads and DSR, reply templates, pushes to staff screens.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddSingleton<ReviewDesk>();
        services.AddSingleton<ReviewQueries>();
        services.AddSingleton<ReplyTemplates>();
        services.AddSingleton<ReviewPushes>();
        services.AddEventHandlers<ReviewPushes>();
        return services;
    }

    public static IEndpointRouteBuilder MapReviews(this IEndpointRouteBuilder app) => app.MapReviewsApi();
}
