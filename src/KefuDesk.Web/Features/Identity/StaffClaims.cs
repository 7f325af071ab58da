using System.Security.Claims;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Identity;

public static class StaffClaimTypes
{
    public const string Organisation = "kd:org";
    public const string Shop = "kd:shop";
    public const string Nickname = "kd:nick";
    public const string DisplayName = "kd:name";
}

/// <summary>
/// Puts what every request needs to authorise a staff member into the sign-in cookie: their
/// organisation, the shops they serve (admins: all of them) and their names. Identity re-issues
/// it when the security stamp is validated, so a changed shop list takes effect within that interval.
/// </summary>
public sealed class StaffClaimsFactory(
    UserManager<Agent> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options,
    KefuDeskDbContext db)
    : UserClaimsPrincipalFactory<Agent, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Agent user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(StaffClaimTypes.Organisation, user.OrganisationId.ToString()));
        identity.AddClaim(new Claim(StaffClaimTypes.Nickname, user.Nickname));
        identity.AddClaim(new Claim(StaffClaimTypes.DisplayName, user.DisplayName));

        var isAdmin = await UserManager.IsInRoleAsync(user, StaffRoles.Admin);
        var shops = isAdmin
            ? await db.Shops.Where(s => s.OrganisationId == user.OrganisationId).Select(s => s.Id).ToListAsync()
            : await db.AgentShops.Where(s => s.AgentId == user.Id).Select(s => s.ShopId).ToListAsync();
        foreach (var shop in shops)
        {
            identity.AddClaim(new Claim(StaffClaimTypes.Shop, shop.ToString()));
        }

        return identity;
    }
}

public static class StaffPrincipal
{
    public static Guid AgentId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not a staff sign-in."));

    public static Guid OrganisationId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(StaffClaimTypes.Organisation) ?? throw new InvalidOperationException("Not a staff sign-in."));

    public static bool MaySupervise(this ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.Supervisor) || user.IsInRole(StaffRoles.Admin);

    public static StaffAccess Access(this ClaimsPrincipal user) =>
        new(user.AgentId(),
            user.FindFirstValue(StaffClaimTypes.Nickname) ?? "",
            user.FindAll(StaffClaimTypes.Shop).Select(c => Guid.Parse(c.Value)).ToHashSet(),
            user.MaySupervise())
        {
            AdminOf = user.IsInRole(StaffRoles.Admin) ? user.OrganisationId() : null,
        };
}
