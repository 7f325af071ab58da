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

    /// <summary>Every conversation in the shops I serve (supervisors).</summary>
    All,
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
    long LastSequence)
{
    public string VisitorCode => Customer.CodeFor(CustomerId);
}

/// <summary>How many conversations wait in each of the workspace's lists.</summary>
public sealed record ConversationCounts(int Mine, int Unassigned, int MineUnread);

public sealed record ConversationListPage(IReadOnlyList<ConversationSummary> Items, int Offset, int Limit, bool HasMore);

/// <summary>Reads for lists and threads. Reads never change anything; changes go through the writer.</summary>
public sealed class ConversationQueries(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxPage = 200;

    public async Task<ConversationListPage> ListAsync(StaffAccess staff, ConversationFilter filter, int offset, int limit,
        CancellationToken ct = default)
    {
        CheckPaging(offset, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.ToList();
        var query = db.Conversations.AsNoTracking().Where(c => shops.Contains(c.ShopId) && c.LastSequence > 0);
        query = filter switch
        {
            ConversationFilter.Mine => query.Where(c => c.AssigneeId == staff.AgentId && c.Status != ConversationStatus.Closed),
            ConversationFilter.Unassigned => query.Where(c => c.AssigneeId == null && c.Status != ConversationStatus.Closed),
            _ => query,
        };

        var rows = await Summaries(db, query.OrderByDescending(c => c.LastMessageAt).ThenBy(c => c.Id).Skip(offset).Take(limit + 1))
            .ToListAsync(ct);
        return new ConversationListPage(rows.Take(limit).ToList(), offset, limit, rows.Count > limit);
    }

    public async Task<ConversationCounts> CountsAsync(StaffAccess staff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.ToList();
        var live = db.Conversations.Where(c => shops.Contains(c.ShopId) && c.LastSequence > 0 && c.Status != ConversationStatus.Closed);
        var mine = await live.Where(c => c.AssigneeId == staff.AgentId && c.Status != ConversationStatus.Resolved)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Unread = g.Count(c => c.UnreadForAgent > 0) })
            .FirstOrDefaultAsync(ct);
        var unassigned = await live.CountAsync(c => c.AssigneeId == null, ct);
        return new ConversationCounts(mine?.Count ?? 0, unassigned, mine?.Unread ?? 0);
    }

    public async Task<ConversationSummary> GetAsync(StaffAccess staff, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Summaries(db, db.Conversations.AsNoTracking().Where(c => c.Id == id)).FirstOrDefaultAsync(ct)
            ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        return staff.Serves(row.ShopId) ? row : throw new KefuDeskException(KefuDeskError.ConversationForbidden);
    }

    /// <summary>Messages after a sequence number, oldest first: what a reconnecting client missed.</summary>
    public async Task<MessagePage> MessagesAfterAsync(Guid conversationId, long afterSequence, int limit, CancellationToken ct = default)
    {
        CheckPaging(0, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Sequence > afterSequence)
            .OrderBy(m => m.Sequence)
            .Take(limit + 1)
            .ToListAsync(ct);
        return new MessagePage(rows.Take(limit).Select(MessageView.From).ToList(), rows.Count > limit);
    }

    /// <summary>The latest messages before a sequence number (or the latest of all), returned oldest first.</summary>
    public async Task<MessagePage> MessagesBeforeAsync(Guid conversationId, long? beforeSequence, int limit, CancellationToken ct = default)
    {
        CheckPaging(0, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = beforeSequence ?? long.MaxValue;
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Sequence < before)
            .OrderByDescending(m => m.Sequence)
            .Take(limit + 1)
            .ToListAsync(ct);
        var page = rows.Take(limit).OrderBy(m => m.Sequence).Select(MessageView.From).ToList();
        return new MessagePage(page, rows.Count > limit);
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
    public async Task<Guid?> BuyerCurrentConversationAsync(LiveThread buyer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Conversations.AsNoTracking()
            .Where(c => c.ShopId == buyer.ShopId && c.CustomerId == buyer.CustomerId && c.Channel == buyer.Channel)
            .OrderBy(c => c.OpenThreadKey == null)
            .ThenByDescending(c => c.CreatedAt)
            .Select(c => (Guid?)c.Id)
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
            c.UnreadForAgent, c.LastSequence);

    private static void CheckPaging(int offset, int limit)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }
    }
}
