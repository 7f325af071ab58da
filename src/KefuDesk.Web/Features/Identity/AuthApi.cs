using System.Security.Claims;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace KefuDesk.Features.Identity;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record StaffMe(Guid Id, string UserName, string DisplayName, string Nickname, IReadOnlyList<string> Roles, IReadOnlyList<Guid> ShopIds);

/// <summary>Cookie sign-in for staff API clients (the Blazor pages use the same sign-in manager).</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Staff sign-in");
        api.MapPost("/sign-in", SignIn).AllowAnonymous().WithName("StaffSignIn")
            .WithSummary("Sign in with user name (or email) and password; sets the staff cookie")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status423Locked);
        api.MapPost("/sign-out", SignOut).RequireAuthorization(StaffPolicies.Staff).WithName("StaffSignOut");
        api.MapGet("/me", Me).RequireAuthorization(StaffPolicies.Staff).WithName("StaffMe")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Ok<StaffMe>> SignIn(SignInRequest request, StaffSignIn signIn)
    {
        var agent = await signIn.PasswordSignInAsync(request.UserName, request.Password);
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

/// <summary>Password sign-in shared by the sign-in page and the API: by user name or email, with lockout.</summary>
public sealed class StaffSignIn(SignInManager<Agent> signIn, UserManager<Agent> users)
{
    public async Task<Agent> PasswordSignInAsync(string? userNameOrEmail, string? password, bool remember = false)
    {
        if (string.IsNullOrWhiteSpace(userNameOrEmail) || string.IsNullOrEmpty(password))
        {
            throw new KefuDeskException(KefuDeskError.SignInFailed);
        }

        var name = userNameOrEmail.Trim();
        var agent = await users.FindByNameAsync(name) ?? await users.FindByEmailAsync(name);
        if (agent is null)
        {
            throw new KefuDeskException(KefuDeskError.SignInFailed);
        }

        var result = await signIn.PasswordSignInAsync(agent, password, remember, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            throw new KefuDeskException(KefuDeskError.SignInLockedOut);
        }

        return result.Succeeded ? agent : throw new KefuDeskException(KefuDeskError.SignInFailed);
    }

    public async Task<StaffMe> DescribeAsync(Agent agent)
    {
        var principal = await signIn.CreateUserPrincipalAsync(agent);
        return new StaffMe(agent.Id, agent.UserName ?? "", agent.DisplayName, agent.Nickname,
            (await users.GetRolesAsync(agent)).ToList(), principal.Access().ShopIds.ToList());
    }
}
