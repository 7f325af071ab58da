using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace KefuDesk.Features.Identity;

public static class AccountEndpoints
{
    /// <summary>The sign-out button posts a form here (antiforgery-checked), then lands on the sign-in page.</summary>
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInManager<Agent> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(IdentitySetup.SignInPath);
        }).ExcludeFromDescription();
        return app;
    }
}
