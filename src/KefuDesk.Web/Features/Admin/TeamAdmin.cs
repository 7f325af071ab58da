using System.Security.Cryptography;
using System.Text.RegularExpressions;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Admin;

/// <summary>What an admin writes about a staff member. Null limit: the default reception limit.</summary>
public sealed record StaffInput(string? DisplayName, string? Nickname, string? Role, IReadOnlyList<Guid>? ShopIds,
    IReadOnlyList<Guid>? GroupIds = null, int? ReceptionLimit = null);

/// <summary>
/// The owner runs the team: adds staff, changes their role, shops, groups, reception limit and the
/// nickname buyers see, switches accounts off and on, and resets a forgotten password. Every change is
/// checked whole before anything is written, and written with its audit entry in one transaction.
/// The organisation always keeps one enabled admin, and nobody switches themselves off.
/// </summary>
public sealed partial class TeamAdmin(
    KefuDeskDbContext db,
    UserManager<Agent> users,
    AgentStatuses statuses,
    TimeProvider clock,
    ILogger<TeamAdmin> log)
{
    public const string AddedAction = "agent.added";
    public const string ChangedAction = "agent.changed";
    public const string DisabledAction = "agent.disabled";
    public const string EnabledAction = "agent.enabled";
    public const string PasswordResetAction = "agent.password_reset";

    public async Task<Agent> AddAsync(Guid organisationId, string? userName, string? password, StaffInput input, AuditActor admin, CancellationToken ct)
    {
        var name = userName?.Trim() ?? "";
        if (!UserNamePattern().IsMatch(name))
        {
            throw new KefuDeskException(KefuDeskError.AgentInvalid, "user name: 3–50 letters, digits or . _ @ -");
        }

        var checkedInput = await CheckAsync(organisationId, input, ct);
        if (await users.FindByNameAsync(name) is not null)
        {
            throw new KefuDeskException(KefuDeskError.UserNameTaken);
        }

        var agent = new Agent(Guid.CreateVersion7(), organisationId, name, checkedInput.DisplayName, checkedInput.Nickname, Now);
        agent.ServeOnly(checkedInput.ShopIds);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(agent, password ?? "");
        if (!created.Succeeded)
        {
            throw new KefuDeskException(
                created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? KefuDeskError.PasswordWeak : KefuDeskError.AgentInvalid,
                string.Join("; ", created.Errors.Select(e => e.Code)));
        }

        await users.AddToRoleAsync(agent, checkedInput.Role);
        await ApplyRoutingAsync(agent.Id, checkedInput, ct);
        await AuditAsync(organisationId, agent, AddedAction, admin, null, Describe(checkedInput), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Staff {UserName} added as {Role} by {Admin}", name, checkedInput.Role, admin.Name);
        return agent;
    }

    public async Task ChangeAsync(Guid organisationId, Guid agentId, StaffInput input, AuditActor admin, CancellationToken ct)
    {
        var agent = await FindAsync(organisationId, agentId, ct);
        var checkedInput = await CheckAsync(organisationId, input, ct);
        var role = await RoleOfAsync(agent);
        if (role == StaffRoles.Admin && checkedInput.Role != StaffRoles.Admin && !agent.IsDisabled)
        {
            await EnsureAnotherAdminAsync(organisationId, agent.Id, ct);
        }

        var before = Describe(new CheckedInput(agent.DisplayName, agent.Nickname, role, [.. agent.Shops.Select(s => s.ShopId)],
            await GroupsOfAsync(agent.Id, ct), (await db.AgentSeats.FindAsync([agent.Id], ct))?.ReceptionLimit));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        agent.Rename(checkedInput.DisplayName, checkedInput.Nickname);
        agent.ServeOnly(checkedInput.ShopIds);
        if (role != checkedInput.Role)
        {
            if (role.Length > 0)
            {
                await users.RemoveFromRoleAsync(agent, role);
            }

            await users.AddToRoleAsync(agent, checkedInput.Role);
        }

        await ApplyRoutingAsync(agent.Id, checkedInput, ct);
        await AuditAsync(organisationId, agent, ChangedAction, admin, before, Describe(checkedInput), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Staff {UserName} changed by {Admin}", agent.UserName, admin.Name);
    }

    /// <summary>
    /// Switches an account off: its sessions end (new security stamp), it is set offline so routing
    /// gives it nobody, and it disappears from transfer lists. Its chats follow the shop's offline rule.
    /// </summary>
    public async Task DisableAsync(Guid organisationId, Guid agentId, AuditActor admin, CancellationToken ct)
    {
        var agent = await FindAsync(organisationId, agentId, ct);
        if (agent.Id == admin.Id)
        {
            throw new KefuDeskException(KefuDeskError.StaffSelf);
        }

        if (agent.IsDisabled)
        {
            return;
        }

        if (await RoleOfAsync(agent) == StaffRoles.Admin)
        {
            await EnsureAnotherAdminAsync(organisationId, agent.Id, ct);
        }

        agent.Disable(Now);
        await AuditAsync(organisationId, agent, DisabledAction, admin, new { disabled = false }, new { disabled = true }, ct);
        await db.SaveChangesAsync(ct);
        await statuses.ChangeAsync(agent.Id, _ => AgentStatus.Offline, StatusReason.Supervisor, ct);
        log.LogInformation("Staff {UserName} disabled by {Admin}", agent.UserName, admin.Name);
    }

    public async Task EnableAsync(Guid organisationId, Guid agentId, AuditActor admin, CancellationToken ct)
    {
        var agent = await FindAsync(organisationId, agentId, ct);
        if (!agent.IsDisabled)
        {
            return;
        }

        agent.Enable();
        await AuditAsync(organisationId, agent, EnabledAction, admin, new { disabled = true }, new { disabled = false }, ct);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Staff {UserName} enabled by {Admin}", agent.UserName, admin.Name);
    }

    /// <summary>
    /// Gives the account a one-time password for the admin to hand over (returned once, never stored in
    /// clear or audited); its sessions end and the owner chooses a new password at the next sign-in.
    /// </summary>
    public async Task<string> ResetPasswordAsync(Guid organisationId, Guid agentId, AuditActor admin, CancellationToken ct)
    {
        var agent = await FindAsync(organisationId, agentId, ct);
        var password = OneTimePassword();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reset = await users.ResetPasswordAsync(agent, await users.GeneratePasswordResetTokenAsync(agent), password);
        if (!reset.Succeeded)
        {
            throw new KefuDeskException(KefuDeskError.PasswordWeak, string.Join("; ", reset.Errors.Select(e => e.Code)));
        }

        agent.RequirePasswordChange();
        agent.LockoutEnd = null;
        await AuditAsync(organisationId, agent, PasswordResetAction, admin, null, null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Password of staff {UserName} reset by {Admin}", agent.UserName, admin.Name);
        return password;
    }

    /// <summary>The audit log is kept per shop: staff entries go with a shop the member serves, else the organisation's first.</summary>
    public static async Task<Guid> AuditShopAsync(KefuDeskDbContext db, Guid organisationId, Guid agentId, CancellationToken ct) =>
        await db.AgentShops.Where(s => s.AgentId == agentId).Select(s => (Guid?)s.ShopId).FirstOrDefaultAsync(ct)
        ?? await db.Shops.Where(s => s.OrganisationId == organisationId).OrderBy(s => s.CreatedAt).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct)
        ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);

    private sealed record CheckedInput(string DisplayName, string Nickname, string Role, List<Guid> ShopIds, List<Guid> GroupIds, int? ReceptionLimit);

    private async Task<CheckedInput> CheckAsync(Guid organisationId, StaffInput input, CancellationToken ct)
    {
        var displayName = input.DisplayName?.Trim() ?? "";
        var nickname = string.IsNullOrWhiteSpace(input.Nickname) ? displayName : input.Nickname.Trim();
        if (displayName.Length is 0 or > Agent.NameMaxLength || nickname.Length > Agent.NameMaxLength || !StaffRoles.All.Contains(input.Role))
        {
            throw new KefuDeskException(KefuDeskError.AgentInvalid);
        }

        if (input.ReceptionLimit is < 0 or > AgentSeat.MaxLimit)
        {
            throw new KefuDeskException(KefuDeskError.ReceptionLimitInvalid, $"0–{AgentSeat.MaxLimit}");
        }

        var shopIds = (input.ShopIds ?? []).Distinct().ToList();
        if (await db.Shops.CountAsync(s => s.OrganisationId == organisationId && shopIds.Contains(s.Id), ct) != shopIds.Count)
        {
            throw new KefuDeskException(KefuDeskError.ShopInvalid);
        }

        var groupIds = (input.GroupIds ?? []).Distinct().ToList();
        if (await db.SkillGroups.CountAsync(g => groupIds.Contains(g.Id) && shopIds.Contains(g.ShopId), ct) != groupIds.Count)
        {
            throw new KefuDeskException(KefuDeskError.StaffGroupInvalid);
        }

        return new CheckedInput(displayName, nickname, input.Role!, shopIds, groupIds, input.ReceptionLimit);
    }

    /// <summary>Group memberships follow the form (new ones at priority 1, kept ones keep theirs); the limit goes on the seat.</summary>
    private async Task ApplyRoutingAsync(Guid agentId, CheckedInput input, CancellationToken ct)
    {
        var memberships = await db.SkillGroupMembers.Where(m => m.AgentId == agentId).ToListAsync(ct);
        db.SkillGroupMembers.RemoveRange(memberships.Where(m => !input.GroupIds.Contains(m.GroupId)));
        db.SkillGroupMembers.AddRange(input.GroupIds.Where(g => memberships.All(m => m.GroupId != g)).Select(g => new SkillGroupMember(g, agentId, 1)));
        var seat = db.SeatFor(agentId, Now);
        seat.Configure(input.ReceptionLimit, seat.Weight);
    }

    private async Task EnsureAnotherAdminAsync(Guid organisationId, Guid agentId, CancellationToken ct)
    {
        var others = await db.Users.Where(a => a.OrganisationId == organisationId && a.Id != agentId && a.DisabledAt == null)
            .Where(a => db.UserRoles.Any(r => r.UserId == a.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == StaffRoles.Admin)))
            .AnyAsync(ct);
        if (!others)
        {
            throw new KefuDeskException(KefuDeskError.StaffLastAdmin);
        }
    }

    private async Task<Agent> FindAsync(Guid organisationId, Guid agentId, CancellationToken ct) =>
        await db.Users.Include(a => a.Shops).FirstOrDefaultAsync(a => a.Id == agentId && a.OrganisationId == organisationId, ct)
        ?? throw new KefuDeskException(KefuDeskError.AgentNotFound);

    private async Task<string> RoleOfAsync(Agent agent) => (await users.GetRolesAsync(agent)).FirstOrDefault() ?? "";

    private Task<List<Guid>> GroupsOfAsync(Guid agentId, CancellationToken ct) =>
        db.SkillGroupMembers.Where(m => m.AgentId == agentId).Select(m => m.GroupId).ToListAsync(ct);

    private async Task AuditAsync(Guid organisationId, Agent agent, string action, AuditActor admin, object? before, object? after, CancellationToken ct)
    {
        var shopId = agent.Shops.Select(s => (Guid?)s.ShopId).FirstOrDefault() ?? await AuditShopAsync(db, organisationId, agent.Id, ct);
        db.AuditEntries.Add(new AuditEntry(organisationId, shopId, AuditSubjects.Agent, agent.Id, agent.UserName ?? "", action, admin, Now, before, after));
    }

    private static object Describe(CheckedInput input) => new
    {
        displayName = input.DisplayName,
        nickname = input.Nickname,
        role = input.Role,
        shops = input.ShopIds.Order().ToList(),
        groups = input.GroupIds.Order().ToList(),
        receptionLimit = input.ReceptionLimit,
    };

    /// <summary>Ten characters an admin can read out: upper, lower and digits, none of 0/O, 1/l/I.</summary>
    private static string OneTimePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789";
        const string all = upper + lower + digits;
        var chars = new char[10];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,50}$")]
    private static partial Regex UserNamePattern();
}
