using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Details;

/// <summary>One line of a conversation's history, with names instead of ids.</summary>
public sealed record HistoryLine(string Type, DateTime At, string? AgentName, string? ActorName, string? Detail);

public sealed record RecordLine(DateTime RecordedAt, string? AgentName, string? Category, string Summary, IReadOnlyList<string> Tags, bool Automatic);

public sealed record SurveyLine(Guid Id, DateTime SentAt, string? AgentName, SatisfactionRating? Rating, string? Comment, DateTime? RespondedAt);

/// <summary>Everything about a conversation besides its messages: history, consultation records, surveys.</summary>
public sealed record ConversationFacts(IReadOnlyList<HistoryLine> History, IReadOnlyList<RecordLine> Records, IReadOnlyList<SurveyLine> Surveys);

/// <summary>Whom a conversation can be handed to, with what the agent needs to choose well.</summary>
public sealed record TransferTargets(IReadOnlyList<TransferColleague> Agents, IReadOnlyList<GroupOption> Groups);

/// <summary>
/// A colleague serving the shop: their status (offline also when no workspace is open), how many
/// buyers they hold and their limit. Only <see cref="TakesTransfers"/> colleagues can be chosen.
/// </summary>
public sealed record TransferColleague(Guid AgentId, string UserName, string DisplayName, string Nickname,
    Routing.Agents.AgentStatus Status, int Load, int Limit)
{
    public bool TakesTransfers => Status is Routing.Agents.AgentStatus.Online or Routing.Agents.AgentStatus.Busy && Load < Limit;
}

/// <summary>A skill group of the shop: buyers queuing in it now and members 在线.</summary>
public sealed record GroupOption(Guid Id, string Name, int Queued = 0, int MembersOnline = 0);

public sealed class ConversationDetails(IDbContextFactory<KefuDeskDbContext> dbFactory, ConversationQueries queries, TimeProvider clock)
{
    public async Task<ConversationFacts> FactsAsync(StaffAccess staff, Guid conversationId, CancellationToken ct = default)
    {
        await queries.EnsureStaffMayReadAsync(staff, conversationId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = db.Users.Select(a => new { a.Id, a.DisplayName });

        var history = await (
            from e in db.ConversationEvents.Where(e => e.ConversationId == conversationId)
            join a in names on e.AgentId equals a.Id into agents
            from a in agents.DefaultIfEmpty()
            join b in names on e.ActorId equals b.Id into actors
            from b in actors.DefaultIfEmpty()
            orderby e.Id
            select new HistoryLine(e.Type, e.At, a == null ? null : a.DisplayName, b == null ? null : b.DisplayName, e.Detail))
            .ToListAsync(ct);

        history = await ReadableDetailsAsync(db, history, ct);
        var records = (await (
                from r in db.ConsultationRecords.Where(r => r.ConversationId == conversationId)
                join a in names on r.AgentId equals a.Id into agents
                from a in agents.DefaultIfEmpty()
                join c in db.ConsultationCategories on r.CategoryId equals c.Id into categories
                from c in categories.DefaultIfEmpty()
                join p in db.ConsultationCategories on c.ParentId equals p.Id into parents
                from p in parents.DefaultIfEmpty()
                orderby r.RecordedAt
                select new { r.RecordedAt, Agent = a == null ? null : a.DisplayName, Category = c == null ? null : c.Name, Parent = p == null ? null : p.Name, r.Summary, r.Tags, r.Automatic })
                .ToListAsync(ct))
            .Select(r => new RecordLine(r.RecordedAt, r.Agent, r.Parent is null ? r.Category : $"{r.Parent} › {r.Category}", r.Summary,
                r.Tags.Length == 0 ? [] : r.Tags.Split(','), r.Automatic))
            .ToList();

        var surveys = await (
            from s in db.SatisfactionSurveys.Where(s => s.ConversationId == conversationId)
            join a in names on s.AgentId equals a.Id into agents
            from a in agents.DefaultIfEmpty()
            orderby s.SentAt
            select new SurveyLine(s.Id, s.SentAt, a == null ? null : a.DisplayName, s.Rating, s.Comment, s.RespondedAt))
            .ToListAsync(ct);

        return new ConversationFacts(history, records, surveys);
    }

    /// <summary>Ids in details become names: the group a buyer queued in or moved to, the buyer a conversation was merged into.</summary>
    private static async Task<List<HistoryLine>> ReadableDetailsAsync(KefuDeskDbContext db, List<HistoryLine> history, CancellationToken ct)
    {
        Guid? IdIn(HistoryLine h, params string[] types) => types.Contains(h.Type) && Guid.TryParse(h.Detail, out var id) ? id : null;
        var groupIds = history.Select(h => IdIn(h, ConversationEventNames.Queued, ConversationEventNames.Overflowed)).OfType<Guid>().Distinct().ToList();
        var customerIds = history.Select(h => IdIn(h, ConversationEventNames.CustomerMerged)).OfType<Guid>().Distinct().ToList();
        if (groupIds.Count == 0 && customerIds.Count == 0)
        {
            return history;
        }

        var groups = await db.SkillGroups.Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var customers = await db.Customers.Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.DisplayName, ct);
        return history.Select(h => h.Type switch
        {
            ConversationEventNames.Queued or ConversationEventNames.Overflowed when IdIn(h, h.Type) is { } g => h with { Detail = groups.GetValueOrDefault(g) },
            ConversationEventNames.CustomerMerged when IdIn(h, h.Type) is { } c => h with { Detail = customers.GetValueOrDefault(c) ?? Customers.Customer.CodeFor(c) },
            _ => h,
        }).ToList();
    }

    public async Task<TransferTargets> TransferTargetsAsync(StaffAccess staff, Guid conversationId, CancellationToken ct = default)
    {
        await queries.EnsureStaffMayReadAsync(staff, conversationId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shopId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.ShopId).FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.AgentShops.Where(s => s.ShopId == shopId && s.AgentId != staff.AgentId)
            .Join(db.Users, s => s.AgentId, a => a.Id, (_, a) => a)
            .Where(a => a.DisabledAt == null)
            .Select(a => new
            {
                a.Id, a.UserName, a.DisplayName, a.Nickname,
                Seat = db.AgentSeats.Where(s => s.AgentId == a.Id).Select(s => new { s.Status, s.ReceptionLimit }).FirstOrDefault(),
                Present = db.AgentPresences.Any(p => p.AgentId == a.Id && p.OnlineUntil > now),
                Load = db.Conversations.Count(c => c.AssigneeId == a.Id && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending)),
            })
            .ToListAsync(ct);
        var agents = rows
            .Select(a => new TransferColleague(a.Id, a.UserName ?? "", a.DisplayName, a.Nickname,
                a.Present ? a.Seat?.Status ?? Routing.Agents.AgentStatus.Offline : Routing.Agents.AgentStatus.Offline,
                a.Load, a.Seat?.ReceptionLimit ?? Routing.Agents.AgentSeat.DefaultLimit))
            .OrderByDescending(a => a.TakesTransfers).ThenBy(a => a.Status).ThenBy(a => a.DisplayName, StringComparer.Ordinal)
            .ToList();
        var online = agents.Where(a => a.Status == Routing.Agents.AgentStatus.Online).Select(a => a.AgentId).ToList();
        var groups = await db.SkillGroups.Where(g => g.ShopId == shopId).OrderBy(g => g.Name)
            .Select(g => new GroupOption(g.Id, g.Name,
                db.Conversations.Count(c => c.SkillGroupId == g.Id && c.AssigneeId == null && !c.LeftOffline
                                            && (c.Status == ConversationStatus.New || c.Status == ConversationStatus.Queued)),
                db.SkillGroupMembers.Count(m => m.GroupId == g.Id && online.Contains(m.AgentId))))
            .ToListAsync(ct);
        return new TransferTargets(agents, groups);
    }
}
