using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations;

/// <summary>Which conversations a staff list shows.</summary>
public enum ConversationFilter
{
    /// <summary>Assigned to me and not closed.</summary>
    Mine,

    /// <summary>Waiting for someone to pick them up, in the shops I serve.</summary>
    Unassigned,

    /// <summary>Mine, where the buyer wrote last and waits for an answer.</summary>
    Waiting,

    /// <summary>Mine, waiting on the buyer (待买家回复).</summary>
    Pending,

    /// <summary>留言: left while nobody was online, from any channel, not answered yet; in the shops I serve.</summary>
    Offline,

    /// <summary>Every conversation in the shops I serve, colleagues' included: supervisors only.</summary>
    All,
}

public static class ConversationFilters
{
    /// <summary>The lists that show colleagues' conversations, which only supervisors (and admins) may read.</summary>
    public static bool ForSupervisors(this ConversationFilter filter) => filter == ConversationFilter.All;
}

/// <summary>A buyer's conversation, and how far the shop has read it (their messages show 已读 up to there).</summary>
public readonly record struct BuyerConversationRef(Guid Id, long AgentReadSequence);

/// <summary>Who reads: staff see everything, buyers never internal notes or recalled content.</summary>
public enum MessageAudience
{
    Staff,
    Buyer,
}

/// <summary>A row of the workspace's conversation list.</summary>
public sealed record ConversationSummary(
    Guid Id,
    Guid ShopId,
    string ShopName,
    Guid CustomerId,
    string? CustomerName,
    Channel Channel,
    ConversationStatus Status,
    Guid? AssigneeId,
    string? AssigneeName,
    DateTime CreatedAt,
    DateTime LastMessageAt,
    string LastMessagePreview,
    SenderKind? LastSender,
    int UnreadForAgent,
    long LastSequence,
    string? Subject,
    long CustomerReadSequence,
    long CustomerDeliveredSequence)
{
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>A 留言: left while nobody was online, not answered yet.</summary>
    public bool LeftOffline { get; init; }

    /// <summary>The buyer's first message no person has answered yet; null: nobody waits for a reply.</summary>
    public DateTime? AwaitingReplySince { get; init; }

    /// <summary>The buyer's own last words (automatic replies do not replace them).</summary>
    public string LastCustomerPreview { get; init; } = "";

    public string VisitorCode => Customer.CodeFor(CustomerId);
}

/// <summary>How many conversations wait in each of the workspace's lists.</summary>
public sealed record ConversationCounts(int Mine, int Unassigned, int MineUnread, int Waiting = 0, int Pending = 0, int Offline = 0);

/// <summary>A list request: which list, narrowed by shop, channel or tag, and which page.</summary>
public sealed record ConversationListQuery(
    ConversationFilter Filter = ConversationFilter.Mine,
    Guid? ShopId = null,
    Channel? Channel = null,
    string? Tag = null,
    int Offset = 0,
    int Limit = 50);

public sealed record ConversationListPage(IReadOnlyList<ConversationSummary> Items, int Offset, int Limit, bool HasMore);

/// <summary>Reads for lists and threads. Reads never change anything; changes go through the writer.</summary>
public sealed class ConversationQueries(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxPage = 200;

    public Task<ConversationListPage> ListAsync(StaffAccess staff, ConversationFilter filter, int offset, int limit,
        CancellationToken ct = default) =>
        ListAsync(staff, new ConversationListQuery(filter, Offset: offset, Limit: limit), ct);

    public async Task<ConversationListPage> ListAsync(StaffAccess staff, ConversationListQuery list, CancellationToken ct = default)
    {
        CheckPaging(list.Offset, list.Limit);
        if (list.Filter.ForSupervisors() && !staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.ConversationListSupervisorOnly);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.Where(s => list.ShopId is null || s == list.ShopId).ToList();
        var query = db.Conversations.AsNoTracking().Where(c => shops.Contains(c.ShopId) && c.LastSequence > 0);
        var me = staff.AgentId;
        query = list.Filter switch
        {
            ConversationFilter.Mine => query.Where(c => c.AssigneeId == me && c.Status != ConversationStatus.Closed),
            ConversationFilter.Unassigned => query.Where(c => c.AssigneeId == null && c.Status != ConversationStatus.Closed),
            ConversationFilter.Waiting => query.Where(c => c.AssigneeId == me && c.AwaitingReplySince != null
                && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.New)),
            ConversationFilter.Pending => query.Where(c => c.AssigneeId == me && c.Status == ConversationStatus.Pending),
            ConversationFilter.Offline => query.Where(c => c.LeftOffline && c.Status != ConversationStatus.Closed),
            _ => query,
        };
        if (list.Channel is { } channel)
        {
            query = query.Where(c => c.Channel == channel);
        }

        if (!string.IsNullOrWhiteSpace(list.Tag))
        {
            var tag = list.Tag.Trim();
            query = query.Where(c => db.ConversationTags.Any(t => t.ConversationId == c.Id && t.Tag == tag));
        }

        // 待回复 is worked oldest wait first; every other list shows the latest activity first.
        var ordered = list.Filter == ConversationFilter.Waiting
            ? query.OrderBy(c => c.AwaitingReplySince).ThenBy(c => c.Id)
            : query.OrderByDescending(c => c.LastMessageAt).ThenBy(c => c.Id);
        var rows = await Summaries(db, ordered.Skip(list.Offset).Take(list.Limit + 1)).ToListAsync(ct);
        var page = await WithTagsAsync(db, rows.Take(list.Limit).ToList(), ct);
        return new ConversationListPage(page, list.Offset, list.Limit, rows.Count > list.Limit);
    }

    public async Task<ConversationCounts> CountsAsync(StaffAccess staff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.ToList();
        var live = db.Conversations.Where(c => shops.Contains(c.ShopId) && c.LastSequence > 0 && c.Status != ConversationStatus.Closed);
        var mine = await live.Where(c => c.AssigneeId == staff.AgentId && c.Status != ConversationStatus.Resolved)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Count = g.Count(),
                Unread = g.Count(c => c.UnreadForAgent > 0),
                Waiting = g.Count(c => c.AwaitingReplySince != null && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.New)),
                Pending = g.Count(c => c.Status == ConversationStatus.Pending),
            })
            .FirstOrDefaultAsync(ct);
        var others = await live.GroupBy(_ => 1)
            .Select(g => new { Unassigned = g.Count(c => c.AssigneeId == null), Offline = g.Count(c => c.LeftOffline) })
            .FirstOrDefaultAsync(ct);
        return new ConversationCounts(mine?.Count ?? 0, others?.Unassigned ?? 0, mine?.Unread ?? 0, mine?.Waiting ?? 0, mine?.Pending ?? 0,
            others?.Offline ?? 0);
    }

    public async Task<ConversationSummary> GetAsync(StaffAccess staff, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Summaries(db, db.Conversations.AsNoTracking().Where(c => c.Id == id)).FirstOrDefaultAsync(ct)
            ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        return staff.Serves(row.ShopId)
            ? (await WithTagsAsync(db, [row], ct))[0]
            : throw new KefuDeskException(KefuDeskError.ConversationForbidden);
    }

    /// <summary>Messages after a sequence number, oldest first: what a reconnecting client missed.</summary>
    public async Task<MessagePage> MessagesAfterAsync(Guid conversationId, long afterSequence, int limit, CancellationToken ct = default,
        MessageAudience audience = MessageAudience.Staff)
    {
        CheckPaging(0, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await For(audience, db.Messages.AsNoTracking())
            .Where(m => m.ConversationId == conversationId && m.Sequence > afterSequence)
            .OrderBy(m => m.Sequence)
            .Take(limit + 1)
            .ToListAsync(ct);
        return Page(rows.Take(limit), rows.Count > limit, audience);
    }

    /// <summary>The latest messages before a sequence number (or the latest of all), returned oldest first.</summary>
    public async Task<MessagePage> MessagesBeforeAsync(Guid conversationId, long? beforeSequence, int limit, CancellationToken ct = default,
        MessageAudience audience = MessageAudience.Staff)
    {
        CheckPaging(0, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = beforeSequence ?? long.MaxValue;
        var rows = await For(audience, db.Messages.AsNoTracking())
            .Where(m => m.ConversationId == conversationId && m.Sequence < before)
            .OrderByDescending(m => m.Sequence)
            .Take(limit + 1)
            .ToListAsync(ct);
        return Page(rows.Take(limit).OrderBy(m => m.Sequence), rows.Count > limit, audience);
    }

    /// <summary>Buyers never receive internal notes, not even as rows to filter out later.</summary>
    private static IQueryable<Message> For(MessageAudience audience, IQueryable<Message> messages) =>
        audience == MessageAudience.Buyer ? messages.Where(m => m.Visibility == MessageVisibility.Public) : messages;

    private static MessagePage Page(IEnumerable<Message> rows, bool hasMore, MessageAudience audience)
    {
        var views = rows.Select(MessageView.From);
        return new MessagePage(audience == MessageAudience.Buyer ? views.Select(v => v.ForBuyer()!).ToList() : views.ToList(), hasMore);
    }

    /// <summary>Checks a staff member may read the conversation; returns its shop.</summary>
    public async Task EnsureStaffMayReadAsync(StaffAccess staff, Guid conversationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shopId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => (Guid?)c.ShopId).FirstOrDefaultAsync(ct)
            ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(KefuDeskError.ConversationForbidden);
        }
    }

    /// <summary>Checks the conversation is this buyer's with this shop.</summary>
    public async Task EnsureBuyerOwnsAsync(LiveThread buyer, Guid conversationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
            .Select(c => new { c.CustomerId, c.ShopId }).FirstOrDefaultAsync(ct)
            ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        if (owner.CustomerId != buyer.CustomerId || owner.ShopId != buyer.ShopId)
        {
            throw new KefuDeskException(KefuDeskError.ConversationForbidden);
        }
    }

    /// <summary>The buyer's current conversation with the shop (live, else the latest), if any.</summary>
    public async Task<BuyerConversationRef?> BuyerCurrentConversationAsync(LiveThread buyer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Conversations.AsNoTracking()
            .Where(c => c.ShopId == buyer.ShopId && c.CustomerId == buyer.CustomerId && c.Channel == buyer.Channel)
            .OrderBy(c => c.OpenThreadKey == buyer.ThreadKey ? 0 : c.OpenThreadKey != null ? 1 : 2) // the live thread; one merged in; the latest
            .ThenByDescending(c => c.CreatedAt)
            .Select(c => (BuyerConversationRef?)new BuyerConversationRef(c.Id, c.AgentReadSequence))
            .FirstOrDefaultAsync(ct);
    }

    private static IQueryable<ConversationSummary> Summaries(KefuDeskDbContext db, IQueryable<Conversation> conversations) =>
        from c in conversations
        join s in db.Shops on c.ShopId equals s.Id
        join cu in db.Set<Customer>() on c.CustomerId equals cu.Id
        join a in db.Set<Agent>() on c.AssigneeId equals a.Id into assignees
        from a in assignees.DefaultIfEmpty()
        select new ConversationSummary(c.Id, c.ShopId, s.Name, c.CustomerId, cu.DisplayName, c.Channel, c.Status,
            c.AssigneeId, a == null ? null : a.DisplayName, c.CreatedAt, c.LastMessageAt, c.LastMessagePreview, c.LastSender,
            c.UnreadForAgent, c.LastSequence, c.Subject, c.CustomerReadSequence, c.CustomerDeliveredSequence)
        {
            LeftOffline = c.LeftOffline, AwaitingReplySince = c.AwaitingReplySince, LastCustomerPreview = c.LastCustomerPreview,
        };

    private static async Task<List<ConversationSummary>> WithTagsAsync(KefuDeskDbContext db, List<ConversationSummary> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var ids = rows.Select(r => r.Id).ToList();
        var tags = (await db.ConversationTags.AsNoTracking().Where(t => ids.Contains(t.ConversationId)).ToListAsync(ct))
            .ToLookup(t => t.ConversationId, t => t.Tag);
        return rows.Select(r => tags.Contains(r.Id) ? r with { Tags = tags[r.Id].Order(StringComparer.Ordinal).ToList() } : r).ToList();
    }

    private static void CheckPaging(int offset, int limit)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }
    }
}
