using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>A member of a shop's team, as lists and owner pickers show them.</summary>
public sealed record TeamMate(Guid Id, string Name, string Role);

/// <summary>Who works for a shop: staff who serve it, and the company's admins (who serve every shop).</summary>
public static class ShopTeam
{
    public static async Task<IReadOnlyList<TeamMate>> OfShopAsync(KefuDeskDbContext db, Guid shopId, CancellationToken ct = default)
    {
        var organisationId = await db.Shops.Where(s => s.Id == shopId).Select(s => s.OrganisationId).FirstOrDefaultAsync(ct);
        var rows = await db.Users.AsNoTracking()
            .Where(a => a.OrganisationId == organisationId && a.DisabledAt == null)
            .Select(a => new
            {
                a.Id, a.DisplayName, a.Nickname,
                Role = db.UserRoles.Where(r => r.UserId == a.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                Serves = db.AgentShops.Any(s => s.AgentId == a.Id && s.ShopId == shopId),
            })
            .ToListAsync(ct);
        return rows.Where(r => r.Serves || r.Role == StaffRoles.Admin)
            .OrderBy(r => r.Role == StaffRoles.Agent ? 0 : r.Role == StaffRoles.Supervisor ? 1 : 2).ThenBy(r => r.DisplayName)
            .Select(r => new TeamMate(r.Id, r.DisplayName == r.Nickname ? r.DisplayName : $"{r.DisplayName}({r.Nickname})", r.Role ?? ""))
            .ToList();
    }

    public static async Task<bool> ServesAsync(KefuDeskDbContext db, Guid shopId, Guid agentId, CancellationToken ct = default) =>
        (await OfShopAsync(db, shopId, ct)).Any(m => m.Id == agentId);
}
