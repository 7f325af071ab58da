using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Admin;

public sealed record ShopRow(Guid Id, string Name, string Platform, string WidgetKey);

public sealed record TeamMember(Guid Id, string UserName, string DisplayName, string Nickname, string Role, IReadOnlyList<string> Shops, bool LockedOut);

/// <summary>The organisation's shops and staff, for the settings page.</summary>
public sealed class TeamQueries(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<ShopRow>> ShopsAsync(Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Shops.AsNoTracking().Where(s => s.OrganisationId == organisationId).OrderBy(s => s.CreatedAt)
            .Select(s => new ShopRow(s.Id, s.Name, s.Platform, s.WidgetKey)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TeamMember>> MembersAsync(Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = await db.Shops.AsNoTracking().Where(s => s.OrganisationId == organisationId).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var rows = await db.Users.AsNoTracking().Where(a => a.OrganisationId == organisationId).OrderBy(a => a.CreatedAt)
            .Select(a => new
            {
                a.Id, a.UserName, a.DisplayName, a.Nickname, a.LockoutEnd,
                Role = db.UserRoles.Where(r => r.UserId == a.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                Shops = db.AgentShops.Where(s => s.AgentId == a.Id).Select(s => s.ShopId).ToList(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => new TeamMember(r.Id, r.UserName ?? "", r.DisplayName, r.Nickname, r.Role ?? "",
            r.Role == StaffRoles.Admin ? shops.Values.ToList() : r.Shops.Select(s => shops.GetValueOrDefault(s, "?")).ToList(),
            r.LockoutEnd > now)).ToList();
    }
}
