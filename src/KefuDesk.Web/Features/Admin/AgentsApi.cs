using System.Security.Claims;
using System.Text.RegularExpressions;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Admin;

public sealed record AgentRow(Guid Id, string UserName, string DisplayName, string Nickname, string Role, IReadOnlyList<Guid> ShopIds);

public sealed record CreateAgentRequest(string? UserName, string? DisplayName, string? Nickname, string? Password, string? Role, IReadOnlyList<Guid>? ShopIds);

/// <summary>The team: supervisors read it, admins add to it.</summary>
public static partial class AgentsApi
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
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/unlock", Unlock).RequireAuthorization(StaffPolicies.Admin).WithName("UnlockAgent")
            .WithSummary("Let a locked-out staff member sign in again now (admins; written to the audit log)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<NoContent> Unlock(Guid id, ClaimsPrincipal user, LockedAccounts accounts, CancellationToken ct)
    {
        var admin = user.Access();
        await accounts.UnlockAsync(user.OrganisationId(), id, new Audit.AuditActor(admin.AgentId, admin.Nickname), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<AgentRow>>> List(ClaimsPrincipal user, KefuDeskDbContext db, CancellationToken ct)
    {
        var org = user.OrganisationId();
        var agents = await db.Users.AsNoTracking().Where(a => a.OrganisationId == org).OrderBy(a => a.UserName)
            .Select(a => new
            {
                a.Id, a.UserName, a.DisplayName, a.Nickname,
                Role = db.UserRoles.Where(r => r.UserId == a.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                Shops = db.AgentShops.Where(s => s.AgentId == a.Id).Select(s => s.ShopId).ToList(),
            })
            .ToListAsync(ct);
        return TypedResults.Ok(agents.Select(a => new AgentRow(a.Id, a.UserName ?? "", a.DisplayName, a.Nickname, a.Role ?? "", a.Shops)).ToList());
    }

    private static async Task<Created<AgentRow>> Create(CreateAgentRequest request, ClaimsPrincipal user, KefuDeskDbContext db,
        UserManager<Agent> users, TimeProvider clock, CancellationToken ct)
    {
        var org = user.OrganisationId();
        var userName = request.UserName?.Trim() ?? "";
        var displayName = request.DisplayName?.Trim() ?? "";
        var nickname = string.IsNullOrWhiteSpace(request.Nickname) ? displayName : request.Nickname.Trim();
        if (!UserNamePattern().IsMatch(userName) || displayName.Length is 0 or > Agent.NameMaxLength
            || nickname.Length > Agent.NameMaxLength || !StaffRoles.All.Contains(request.Role))
        {
            throw new KefuDeskException(KefuDeskError.AgentInvalid);
        }

        var shopIds = (request.ShopIds ?? []).Distinct().ToList();
        var known = await db.Shops.CountAsync(s => s.OrganisationId == org && shopIds.Contains(s.Id), ct);
        if (known != shopIds.Count)
        {
            throw new KefuDeskException(KefuDeskError.ShopInvalid);
        }

        if (await users.FindByNameAsync(userName) is not null)
        {
            throw new KefuDeskException(KefuDeskError.UserNameTaken);
        }

        var agent = new Agent(Guid.CreateVersion7(), org, userName, displayName, nickname, clock.GetUtcNow().UtcDateTime);
        foreach (var shop in shopIds)
        {
            agent.Serve(shop);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(agent, request.Password ?? "");
        if (!created.Succeeded)
        {
            throw new KefuDeskException(
                created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? KefuDeskError.PasswordWeak : KefuDeskError.AgentInvalid,
                string.Join("; ", created.Errors.Select(e => e.Code)));
        }

        await users.AddToRoleAsync(agent, request.Role!);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/agents/{agent.Id}",
            new AgentRow(agent.Id, userName, displayName, nickname, request.Role!, shopIds));
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,50}$")]
    private static partial Regex UserNamePattern();
}
