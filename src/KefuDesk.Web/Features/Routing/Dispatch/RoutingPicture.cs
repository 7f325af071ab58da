using KefuDesk.Features.Conversations;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing.Dispatch;

/// <summary>
/// What one routing pass knows about some shops, read in a few queries: groups and members, who
/// takes buyers now (在线 and connected), each one's load and limit, the shops' hours.
/// </summary>
public sealed class RoutingPicture
{
    private readonly Dictionary<Guid, SkillGroup> _groups;
    private readonly ILookup<Guid, SkillGroupMember> _members;
    private readonly ILookup<Guid, Guid> _shopStaff;
    private readonly Dictionary<Guid, Candidate> _available;
    private readonly Dictionary<Guid, BusinessHours?> _shopHours;
    private readonly Dictionary<Guid, BusinessHours?> _groupHours;

    private RoutingPicture(List<SkillGroup> groups, List<SkillGroupMember> members, List<Identity.AgentShop> staff,
        Dictionary<Guid, Candidate> available, Dictionary<Guid, BusinessHours?> shopHours)
    {
        _groups = groups.ToDictionary(g => g.Id);
        _members = members.ToLookup(m => m.GroupId);
        _shopStaff = staff.ToLookup(s => s.ShopId, s => s.AgentId);
        _available = available;
        _shopHours = shopHours;
        _groupHours = groups.ToDictionary(g => g.Id, g => BusinessHours.Parse(g.Hours));
    }

    public static async Task<RoutingPicture> LoadAsync(KefuDeskDbContext db, IReadOnlyCollection<Guid> shopIds, DateTime now, CancellationToken ct)
    {
        var groups = await db.SkillGroups.AsNoTracking().Where(g => shopIds.Contains(g.ShopId)).ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        var members = await db.SkillGroupMembers.AsNoTracking().Where(m => groupIds.Contains(m.GroupId)).ToListAsync(ct);
        var staff = await db.AgentShops.AsNoTracking().Where(s => shopIds.Contains(s.ShopId)).ToListAsync(ct);
        var hours = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).Select(s => new { s.Id, s.Hours }).ToListAsync(ct);

        // Only agents who chose 在线 and have a workspace open take new buyers.
        var agentIds = staff.Select(s => s.AgentId).Distinct().ToList();
        var seats = await (from s in db.AgentSeats.AsNoTracking()
                           join a in db.Users on s.AgentId equals a.Id
                           where agentIds.Contains(s.AgentId) && s.Status == AgentStatus.Online && a.DisabledAt == null
                                 && db.AgentPresences.Any(p => p.AgentId == s.AgentId && p.OnlineUntil > now)
                           select new { Seat = s, a.Nickname }).ToListAsync(ct);
        var onlineIds = seats.Select(s => s.Seat.AgentId).ToList();
        var loads = await db.Conversations.AsNoTracking()
            .Where(c => c.AssigneeId != null && onlineIds.Contains(c.AssigneeId.Value)
                        && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending))
            .GroupBy(c => c.AssigneeId!.Value)
            .Select(g => new { AgentId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.AgentId, g => g.Count, ct);
        var available = seats.ToDictionary(s => s.Seat.AgentId,
            s => new Candidate(s.Seat.AgentId, s.Nickname, s.Seat.Limit, s.Seat.Weight, loads.GetValueOrDefault(s.Seat.AgentId), s.Seat.LastAssignedAt));
        return new RoutingPicture(groups, members, staff, available, hours.ToDictionary(h => h.Id, h => BusinessHours.Parse(h.Hours)));
    }

    public SkillGroup? Group(Guid? id) => id is { } g ? _groups.GetValueOrDefault(g) : null;

    public Candidate? Agent(Guid agentId) => _available.GetValueOrDefault(agentId);

    /// <summary>Serving now: the group's hours, else the shop's; none set means always.</summary>
    public bool IsOpen(Guid shopId, SkillGroup? group, DateTime now) =>
        (group is not null ? _groupHours.GetValueOrDefault(group.Id) : null) is { } groupHours ? groupHours.IsOpen(now)
        : _shopHours.GetValueOrDefault(shopId) is not { } shopHours || shopHours.IsOpen(now);

    /// <summary>
    /// Agents who may take a buyer of the group, best priority tier first: a group's members by their
    /// priority; without a group (or an empty one), everyone serving the shop. When no member of the
    /// group is on duty at all, everyone serving the shop: a buyer never queues for a group nobody
    /// staffs while colleagues sit with free seats (members who are on duty but full are waited for).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Candidate>> Tiers(Guid shopId, SkillGroup? group)
    {
        // Worked out once per shop and group in a pass: candidates are shared, so their loads stay current.
        if (_tiers.TryGetValue((shopId, group?.Id), out var known))
        {
            return known;
        }

        var serving = _shopStaff[shopId].ToHashSet();
        var members = group is null ? [] : _members[group.Id].ToList();
        List<IReadOnlyList<Candidate>> tiers = members.Count == 0
            ? []
            : [.. members.GroupBy(m => m.Priority).OrderBy(t => t.Key)
                .Select(t => (IReadOnlyList<Candidate>)[.. t.Select(m => Agent(m.AgentId)).OfType<Candidate>().Where(c => serving.Contains(c.AgentId))])];
        if (tiers.All(t => t.Count == 0))
        {
            tiers = [[.. serving.Select(Agent).OfType<Candidate>()]];
        }
        _tiers[(shopId, group?.Id)] = tiers;
        return tiers;
    }

    private readonly Dictionary<(Guid, Guid?), IReadOnlyList<IReadOnlyList<Candidate>>> _tiers = [];
}
