using System.Security.Claims;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Admin;

public sealed record AgentRow(Guid Id, string UserName, string DisplayName, string Nickname, string Role, IReadOnlyList<Guid> ShopIds,
    IReadOnlyList<Guid>? GroupIds = null, int? ReceptionLimit = null, bool Disabled = false, bool PasswordChangeRequired = false);

public sealed record CreateAgentRequest(string? UserName, string? DisplayName, string? Nickname, string? Password, string? Role,
    IReadOnlyList<Guid>? ShopIds, IReadOnlyList<Guid>? GroupIds = null, int? ReceptionLimit = null);

public sealed record ChangeAgentRequest(string? DisplayName, string? Nickname, string? Role, IReadOnlyList<Guid>? ShopIds,
    IReadOnlyList<Guid>? GroupIds = null, int? ReceptionLimit = null);

public sealed record PasswordResetResult(string OneTimePassword);

/// <summary>The team: supervisors read it, admins run it (every change on the audit log).</summary>
public static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/agents").WithTags("Team")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", List).RequireAuthorization(StaffPolicies.Supervisor).WithName("ListAgents")
            .WithSummary("Staff of my organisation (supervisors and admins)");
        api.MapPost("/", Create).RequireAuthorization(StaffPolicies.Admin).WithName("CreateAgent")
            .WithSummary("Add a staff member (admins)")
            .WithDescription("Role Admin, Supervisor or Agent; shops it serves; skill groups of those shops; reception limit 0–200 (null: the default).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/{id:guid}", Change).RequireAuthorization(StaffPolicies.Admin).WithName("ChangeAgent")
            .WithSummary("Change a staff member's names, role, shops, groups and reception limit (admins)")
            .WithDescription("The organisation keeps one enabled admin: demoting the last is refused (409 staff_last_admin).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/disable", Disable).RequireAuthorization(StaffPolicies.Admin).WithName("DisableAgent")
            .WithSummary("Switch an account off: its sessions end, it is set offline and cannot sign in (admins)")
            .WithDescription("Not your own account (409 staff_self), not the last enabled admin (409 staff_last_admin).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/enable", Enable).RequireAuthorization(StaffPolicies.Admin).WithName("EnableAgent")
            .WithSummary("Switch a disabled account on again (admins)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/reset-password", ResetPassword).RequireAuthorization(StaffPolicies.Admin).WithName("ResetAgentPassword")
            .WithSummary("Give the account a one-time password, returned once; the owner chooses a new one at the next sign-in (admins)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/unlock", Unlock).RequireAuthorization(StaffPolicies.Admin).WithName("UnlockAgent")
            .WithSummary("Let a locked-out staff member sign in again now (admins; written to the audit log)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static AuditActor Actor(ClaimsPrincipal user)
    {
        var admin = user.Access();
        return new AuditActor(admin.AgentId, admin.Nickname);
    }

    private static async Task<NoContent> Unlock(Guid id, ClaimsPrincipal user, LockedAccounts accounts, CancellationToken ct)
    {
        await accounts.UnlockAsync(user.OrganisationId(), id, Actor(user), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<AgentRow>>> List(ClaimsPrincipal user, TeamQueries team, CancellationToken ct) =>
        TypedResults.Ok((await team.MembersAsync(user.OrganisationId(), ct)).Select(Row).ToList());

    private static async Task<Created<AgentRow>> Create(CreateAgentRequest request, ClaimsPrincipal user, TeamAdmin admin, TeamQueries team,
        CancellationToken ct)
    {
        var agent = await admin.AddAsync(user.OrganisationId(), request.UserName, request.Password,
            new StaffInput(request.DisplayName, request.Nickname, request.Role, request.ShopIds, request.GroupIds, request.ReceptionLimit), Actor(user), ct);
        return TypedResults.Created($"/api/agents/{agent.Id}", Row(await team.MemberAsync(user.OrganisationId(), agent.Id, ct)));
    }

    private static async Task<Ok<AgentRow>> Change(Guid id, ChangeAgentRequest request, ClaimsPrincipal user, TeamAdmin admin, TeamQueries team,
        CancellationToken ct)
    {
        await admin.ChangeAsync(user.OrganisationId(), id,
            new StaffInput(request.DisplayName, request.Nickname, request.Role, request.ShopIds, request.GroupIds, request.ReceptionLimit), Actor(user), ct);
        return TypedResults.Ok(Row(await team.MemberAsync(user.OrganisationId(), id, ct)));
    }

    private static async Task<NoContent> Disable(Guid id, ClaimsPrincipal user, TeamAdmin admin, CancellationToken ct)
    {
        await admin.DisableAsync(user.OrganisationId(), id, Actor(user), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Enable(Guid id, ClaimsPrincipal user, TeamAdmin admin, CancellationToken ct)
    {
        await admin.EnableAsync(user.OrganisationId(), id, Actor(user), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PasswordResetResult>> ResetPassword(Guid id, ClaimsPrincipal user, TeamAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(new PasswordResetResult(await admin.ResetPasswordAsync(user.OrganisationId(), id, Actor(user), ct)));

    private static AgentRow Row(TeamMember m) => new(m.Id, m.UserName, m.DisplayName, m.Nickname, m.Role, m.ShopIds, m.GroupIds, m.ReceptionLimit,
        m.Disabled, m.PasswordChangeRequired);
}
