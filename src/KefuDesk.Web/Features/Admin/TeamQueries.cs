using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Admin;

public sealed record ShopRow(Guid Id, string Name, string Platform, string WidgetKey);

public sealed record GroupRow(Guid Id, Guid ShopId, string Name);

/// <summary>
/// One staff member as the team page shows them. <see cref="Shops"/> names what they serve (admins:
/// every shop); <see cref="ShopIds"/> are the shops given to them explicitly.
/// </summary>
public sealed record TeamMember(Guid Id, string UserName, string DisplayName, string Nickname, string Role, IReadOnlyList<string> Shops, bool LockedOut,
    IReadOnlyList<Guid> ShopIds, IReadOnlyList<Guid> GroupIds, int? ReceptionLimit, bool Disabled, bool PasswordChangeRequired);

/// <summary>The organisation's shops, groups and staff, for the settings page and the team API.</summary>
public sealed class TeamQueries(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<ShopRow>> ShopsAsync(Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Shops.AsNoTracking().Where(s => s.OrganisationId == organisationId).OrderBy(s => s.CreatedAt)
            .Select(s => new ShopRow(s.Id, s.Name, s.Platform, s.WidgetKey)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<GroupRow>> GroupsAsync(Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SkillGroups.AsNoTracking().Where(g => db.Shops.Any(s => s.Id == g.ShopId && s.OrganisationId == organisationId))
            .OrderBy(g => g.Name).Select(g => new GroupRow(g.Id, g.ShopId, g.Name)).ToListAsync(ct);
    }

    public Task<IReadOnlyList<TeamMember>> MembersAsync(Guid organisationId, CancellationToken ct = default) => ReadAsync(organisationId, null, ct);

    public async Task<TeamMember> MemberAsync(Guid organisationId, Guid agentId, CancellationToken ct = default) =>
        (await ReadAsync(organisationId, agentId, ct)).SingleOrDefault() ?? throw new KefuDeskException(KefuDeskError.AgentNotFound);

    private async Task<IReadOnlyList<TeamMember>> ReadAsync(Guid organisationId, Guid? only, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = await db.Shops.AsNoTracking().Where(s => s.OrganisationId == organisationId).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var names = shops.ToDictionary(s => s.Id, s => s.Name);
        var rows = await db.Users.AsNoTracking().Where(a => a.OrganisationId == organisationId && (only == null || a.Id == only))
            .OrderBy(a => a.CreatedAt)
            .Select(a => new
            {
                a.Id, a.UserName, a.DisplayName, a.Nickname, a.LockoutEnd, a.DisabledAt, a.PasswordChangeRequired,
                Role = db.UserRoles.Where(r => r.UserId == a.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                Shops = db.AgentShops.Where(s => s.AgentId == a.Id).Select(s => s.ShopId).ToList(),
                Groups = db.SkillGroupMembers.Where(m => m.AgentId == a.Id).Select(m => m.GroupId).ToList(),
                Limit = db.AgentSeats.Where(s => s.AgentId == a.Id).Select(s => s.ReceptionLimit).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => new TeamMember(r.Id, r.UserName ?? "", r.DisplayName, r.Nickname, r.Role ?? "",
            r.Role == StaffRoles.Admin ? shops.Select(s => s.Name).ToList() : r.Shops.Select(s => names.GetValueOrDefault(s, "?")).ToList(),
            r.LockoutEnd > now, r.Shops, r.Groups, r.Limit, r.DisabledAt is not null, r.PasswordChangeRequired)).ToList();
    }
}
