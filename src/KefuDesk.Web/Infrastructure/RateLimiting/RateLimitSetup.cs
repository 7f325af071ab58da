using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace KefuDesk.Infrastructure.RateLimiting;

public static class RateLimitSetup
{
    /// <summary>The limits as ASP.NET Core rate-limiting policies, partitioned by the caller's address.</summary>
    public static IServiceCollection AddKefuDeskRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<TokenBuckets>();
        services.AddSingleton<RateLimits>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimits.SignInPerAddress, PerAddress(RateLimits.SignInPerAddress));
            o.OnRejected = (context, _) => new ValueTask(ProblemResponses.WriteAsync(context.HttpContext, RefusalFor(context.HttpContext),
                RateLimits.RetryAfterOf(context.Lease)));
        });
        return services;
    }

    private static Func<HttpContext, System.Threading.RateLimiting.RateLimitPartition<string>> PerAddress(string name) => http =>
    {
        var limits = http.RequestServices.GetRequiredService<RateLimits>();
        return System.Threading.RateLimiting.RateLimitPartition.Get(SourceAddress.Of(http), address => limits.Limiter(name, address));
    };

    /// <summary>What a refused request is told, by the policy that refused it.</summary>
    private static KefuDeskError RefusalFor(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName switch
        {
            RateLimits.SignInPerAddress => KefuDeskError.SignInTooManyAttempts,
            _ => KefuDeskError.TooManyRequests,
        };
}
