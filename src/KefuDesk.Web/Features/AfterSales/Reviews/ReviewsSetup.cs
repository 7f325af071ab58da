namespace KefuDesk.Features.AfterSales.Reviews;

public static class ReviewsSetup
{
    /// <summary>Reviews (评价): import and follow-up, reads and DSR, reply templates.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddSingleton<ReviewDesk>();
        services.AddSingleton<ReviewQueries>();
        services.AddSingleton<ReplyTemplates>();
        return services;
    }

    public static IEndpointRouteBuilder MapReviews(this IEndpointRouteBuilder app) => app.MapReviewsApi();
}
