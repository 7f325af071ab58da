using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing.Admin;

public sealed record MemberInput(Guid AgentId, int Priority = 1);

/// <summary>A group as admins write it: name, type, settings, members; <c>IsDefault</c> takes buyers no rule sends elsewhere.</summary>
public sealed record GroupInput(string Name, ServiceType? ServiceType, GroupSettings? Settings, IReadOnlyList<MemberInput>? Members, bool IsDefault = false);

public sealed record GroupView(Guid Id, Guid ShopId, string Name, ServiceType? ServiceType, bool IsDefault, GroupSettings Settings,
    IReadOnlyList<MemberInput> Members);

public sealed record EntryRuleInput(EntryCondition Condition, string? Value, Guid GroupId);

public sealed record EntryRuleView(Guid Id, int Position, EntryCondition Condition, string Value, Guid GroupId);

public sealed record ShopRoutingView(Guid ShopId, BusinessHours? Hours, IReadOnlyList<GroupView> Groups, IReadOnlyList<EntryRuleView> Rules);

public sealed record SeatInput(int? ReceptionLimit, int Weight = 1);

/// <summary>
/// Admins shape a shop's routing: skill groups (settings and members), entry rules, business hours;
/// supervisors set an agent's limit and weight. Every input is checked whole before anything changes.
/// </summary>
public sealed class RoutingAdmin(IDbContextFactory<KefuDeskDbContext> dbFactory, ILogger<RoutingAdmin> log)
{
    public const int MaxGroupsPerShop = 50;
    public const int MaxRulesPerShop = 100;

    public async Task<ShopRoutingView> ShopAsync(Guid organisationId, Guid shopId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await ShopOf(db, organisationId, shopId, ct);
        var groups = await db.SkillGroups.AsNoTracking().Where(g => g.ShopId == shopId).OrderBy(g => g.Name).ToListAsync(ct);
        var ids = groups.Select(g => g.Id).ToList();
        var members = (await db.SkillGroupMembers.AsNoTracking().Where(m => ids.Contains(m.GroupId)).ToListAsync(ct)).ToLookup(m => m.GroupId);
        var rules = await db.EntryRules.AsNoTracking().Where(r => r.ShopId == shopId).OrderBy(r => r.Position).ToListAsync(ct);
        return new ShopRoutingView(shopId, BusinessHours.Parse(shop.Hours),
            [.. groups.Select(g => View(g, members[g.Id]))],
            [.. rules.Select(r => new EntryRuleView(r.Id, r.Position, r.Condition, r.Value, r.GroupId))]);
    }

    public async Task<GroupView> AddGroupAsync(Guid organisationId, Guid shopId, GroupInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ShopOf(db, organisationId, shopId, ct);
        if (await db.SkillGroups.CountAsync(g => g.ShopId == shopId, ct) >= MaxGroupsPerShop)
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"at most {MaxGroupsPerShop} groups per shop");
        }

        var group = new SkillGroup(Guid.CreateVersion7(), shopId, "-", input.ServiceType);
        db.SkillGroups.Add(group);
        var members = await ApplyAsync(db, group, input, ct);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Skill group {Group} ({Name}) added to shop {Shop}", group.Id, group.Name, shopId);
        return View(group, members);
    }

    public async Task<GroupView> ChangeGroupAsync(Guid organisationId, Guid groupId, GroupInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await GroupOf(db, organisationId, groupId, ct);
        db.SkillGroupMembers.RemoveRange(await db.SkillGroupMembers.Where(m => m.GroupId == groupId).ToListAsync(ct));
        var members = await ApplyAsync(db, group, input, ct);
        await db.SaveChangesAsync(ct);
        return View(group, members);
    }

    public async Task RemoveGroupAsync(Guid organisationId, Guid groupId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await GroupOf(db, organisationId, groupId, ct);
        db.SkillGroups.Remove(group); // members and rules go with it; its conversations keep waiting, group-less
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<EntryRuleView>> ReplaceRulesAsync(Guid organisationId, Guid shopId, IReadOnlyList<EntryRuleInput> input,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ShopOf(db, organisationId, shopId, ct);
        var groups = await db.SkillGroups.Where(g => g.ShopId == shopId).Select(g => g.Id).ToListAsync(ct);
        if (input.Count > MaxRulesPerShop)
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"at most {MaxRulesPerShop} rules");
        }

        var rules = input.Select((r, i) =>
        {
            var value = r.Value?.Trim() ?? "";
            if (!Enum.IsDefined(r.Condition) || !groups.Contains(r.GroupId) || value.Length > EntryRule.ValueMaxLength
                || (value.Length == 0 && r.Condition != EntryCondition.Order))
            {
                throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"rule {i + 1}: a value (1–{EntryRule.ValueMaxLength} characters) and a group of this shop");
            }

            return new EntryRule(Guid.CreateVersion7(), shopId, i + 1, r.Condition, value, r.GroupId);
        }).ToList();
        db.EntryRules.RemoveRange(await db.EntryRules.Where(r => r.ShopId == shopId).ToListAsync(ct));
        db.EntryRules.AddRange(rules);
        await db.SaveChangesAsync(ct);
        return [.. rules.Select(r => new EntryRuleView(r.Id, r.Position, r.Condition, r.Value, r.GroupId))];
    }

    public async Task<BusinessHours?> ChangeHoursAsync(Guid organisationId, Guid shopId, BusinessHours? hours, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await ShopOf(db, organisationId, shopId, ct);
        shop.ChangeHours(hours);
        await db.SaveChangesAsync(ct);
        return BusinessHours.Parse(shop.Hours);
    }

    public async Task<SeatView> ConfigureSeatAsync(Guid organisationId, Guid agentId, SeatInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == agentId && u.OrganisationId == organisationId, ct))
        {
            throw new KefuDeskException(KefuDeskError.AgentInvalid);
        }

        var seat = db.SeatFor(agentId, DateTime.UtcNow);
        seat.Configure(input.ReceptionLimit, input.Weight);
        await db.SaveChangesAsync(ct);
        return AgentStatuses.View(seat);
    }

    private static async Task<List<MemberInput>> ApplyAsync(KefuDeskDbContext db, SkillGroup group, GroupInput input, CancellationToken ct)
    {
        group.Rename(input.Name ?? "", input.ServiceType);
        var settings = input.Settings ?? new GroupSettings();
        if (settings.OverflowGroupId is { } overflow && !await db.SkillGroups.AnyAsync(g => g.Id == overflow && g.ShopId == group.ShopId, ct))
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, "the overflow group must be another group of the same shop");
        }

        if (!Enum.IsDefined(settings.Strategy))
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, "strategy: balanced, roundRobin or weighted");
        }

        group.Configure(settings);
        var members = (input.Members ?? []).DistinctBy(m => m.AgentId).ToList();
        var agentIds = members.Select(m => m.AgentId).ToList();
        var serving = await db.AgentShops.Where(s => s.ShopId == group.ShopId && agentIds.Contains(s.AgentId)).Select(s => s.AgentId).ToListAsync(ct);
        if (members.Any(m => !serving.Contains(m.AgentId) || m.Priority is < 1 or > SkillGroupMember.MaxPriority))
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"members must serve the shop; priority 1–{SkillGroupMember.MaxPriority}");
        }

        db.SkillGroupMembers.AddRange(members.Select(m => new SkillGroupMember(group.Id, m.AgentId, m.Priority)));
        if (input.IsDefault)
        {
            await db.SkillGroups.Where(g => g.ShopId == group.ShopId && g.Id != group.Id && g.IsDefault)
                .ExecuteUpdateAsync(u => u.SetProperty(g => g.IsDefault, false), ct);
        }

        group.MakeDefault(input.IsDefault);
        return members;
    }

    private static GroupView View(SkillGroup g, IEnumerable<SkillGroupMember> members) =>
        View(g, members.Select(m => new MemberInput(m.AgentId, m.Priority)).ToList());

    private static GroupView View(SkillGroup g, List<MemberInput> members) => new(g.Id, g.ShopId, g.Name, g.ServiceType, g.IsDefault,
        new GroupSettings(g.Strategy, g.StickyDays, g.Greeting, g.WaitNotice, g.WaitNoticeSeconds, g.BusyReply, g.AfterHoursReply,
            g.QueueTimeoutSeconds, g.OverflowGroupId, g.AnswerTimeoutSeconds, g.RerouteWhenOffline, BusinessHours.Parse(g.Hours)),
        [.. members.OrderBy(m => m.Priority).ThenBy(m => m.AgentId)]);

    private static async Task<Shop.Shop> ShopOf(KefuDeskDbContext db, Guid organisationId, Guid shopId, CancellationToken ct) =>
        await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId && s.OrganisationId == organisationId, ct)
        ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);

    private static async Task<SkillGroup> GroupOf(KefuDeskDbContext db, Guid organisationId, Guid groupId, CancellationToken ct) =>
        await db.SkillGroups.FirstOrDefaultAsync(g => g.Id == groupId && db.Shops.Any(s => s.Id == g.ShopId && s.OrganisationId == organisationId), ct)
        ?? throw new KefuDeskException(KefuDeskError.RoutingInvalid, "no such group");
}
