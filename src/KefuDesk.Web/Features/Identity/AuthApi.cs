using System.Security.Claims;
using KefuDesk.Infrastructure.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace KefuDesk.Features.Identity;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record ChoosePasswordRequest(string? UserName, string? CurrentPassword, string? NewPassword);

public sealed record StaffMe(Guid Id, string UserName, string DisplayName, string Nickname, IReadOnlyList<string> Roles, IReadOnlyList<Guid> ShopIds);

/// <summary>Cookie sign-in for staff API clients (the Blazor pages use the same sign-in manager).</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Staff sign-in");
        api.MapPost("/sign-in", SignIn).AllowAnonymous().WithName("StaffSignIn")
            .WithSummary("Sign in with user name (or email) and password; sets the staff cookie")
            .WithDescription("A wrong password and an unknown name get the same 401. Too many failed attempts from one address: 429 " +
                             "with Retry-After. A locked account (423 with Retry-After), a disabled one (403 account_disabled) and one whose " +
                             "password an admin reset (403 password_change_required) are reported only to someone giving its right password.")
            .RequireRateLimiting(RateLimits.SignInPerAddress)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/password", ChoosePassword).AllowAnonymous().WithName("StaffChoosePassword")
            .WithSummary("Replace the password (required after an admin reset it) and sign in")
            .WithDescription("Sign-in answers 403 password_change_required after an admin's reset; this takes the one-time password " +
                             "and a new one (at least 8 characters with upper case, lower case and a digit), under the sign-in limits.")
            .RequireRateLimiting(RateLimits.SignInPerAddress)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/sign-out", SignOut).RequireAuthorization(StaffPolicies.Staff).WithName("StaffSignOut");
        api.MapGet("/me", Me).RequireAuthorization(StaffPolicies.Staff).WithName("StaffMe")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Ok<StaffMe>> SignIn(SignInRequest request, HttpContext http, StaffSignIn signIn)
    {
        // The attempt was counted against the address by the rate-limiting middleware.
        var agent = await signIn.PasswordSignInAsync(request.UserName, request.Password, SourceAddress.Of(http));
        return TypedResults.Ok(await signIn.DescribeAsync(agent));
    }

    private static async Task<Ok<StaffMe>> ChoosePassword(ChoosePasswordRequest request, HttpContext http, StaffSignIn signIn)
    {
        var agent = await signIn.ChoosePasswordAsync(request.UserName, request.CurrentPassword, request.NewPassword, SourceAddress.Of(http));
        return TypedResults.Ok(await signIn.DescribeAsync(agent));
    }

    private static async Task<NoContent> SignOut(SignInManager<Agent> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static Ok<StaffMe> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new StaffMe(
            user.AgentId(),
            user.Identity?.Name ?? "",
            user.FindFirstValue(StaffClaimTypes.DisplayName) ?? "",
            user.FindFirstValue(StaffClaimTypes.Nickname) ?? "",
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
            user.Access().ShopIds.ToList()));
}
