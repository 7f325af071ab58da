using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Search;

/// <summary>
/// History search across all conversations of the shops a staff member serves. Three queries per
/// page whatever the size of the history: the ranked page, a count (capped), and the details of
/// the page's messages.
/// </summary>
public sealed class MessageSearch(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    /// <summary>Counting stops here: past a thousand matches the exact number helps nobody.</summary>
    public const int CountLimit = 1000;

    public async Task<MessageSearchPage> SearchAsync(StaffAccess staff, MessageSearchRequest request, CancellationToken ct = default)
    {
        var terms = request.Validate();
        var shops = staff.ShopIds.Where(s => request.ShopId is null || s == request.ShopId).ToList();
        if (shops.Count == 0)
        {
            return new MessageSearchPage([], request.Offset, request.Limit, false, 0, true);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var matches = Filter(db, SearchMatches.Of(db, terms), shops, request);
        var ordered = request.Order == SearchOrder.Newest
            ? matches.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            : matches.OrderByDescending(m => m.Score).ThenByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id);
        var page = await ordered.Skip(request.Offset).Take(request.Limit + 1)
            .Select(m => new { m.MessageId, m.Score })
            .ToListAsync(ct);

        var hasMore = page.Count > request.Limit;
        var seen = request.Offset + Math.Min(page.Count, request.Limit);
        var total = hasMore || request.Offset > 0 && page.Count == 0
            ? await matches.OrderBy(m => m.Id).Take(CountLimit + 1).CountAsync(ct)
            : seen;

        var hits = await DetailsAsync(db, page.Take(request.Limit).Select(p => (p.MessageId, p.Score)).ToList(), terms, ct);
        return new MessageSearchPage(hits, request.Offset, request.Limit, hasMore, Math.Min(total, CountLimit), total <= CountLimit);
    }

    private static IQueryable<SearchMatch> Filter(KefuDeskDbContext db, IQueryable<SearchMatch> matches, List<Guid> shops,
        MessageSearchRequest r)
    {
        matches = shops.Count == 1 ? matches.Where(m => m.ShopId == shops[0]) : matches.Where(m => shops.Contains(m.ShopId));
        if (r.Channel is { } channel)
        {
            var name = channel.ToString();
            matches = matches.Where(m => m.Channel == name);
        }

        if (r.From is { } from)
        {
            matches = matches.Where(m => m.CreatedAt >= from);
        }

        if (r.To is { } to)
        {
            matches = matches.Where(m => m.CreatedAt < to);
        }

        if (r.AgentId is { } agent)
        {
            matches = matches.Where(m => m.SenderAgentId == agent
                                         || db.Conversations.Any(c => c.Id == m.ConversationId && c.AssigneeId == agent));
        }

        if (r.Status is { } status)
        {
            matches = matches.Where(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.Status == status));
        }

        if (!string.IsNullOrWhiteSpace(r.Tag))
        {
            var tag = r.Tag.Trim();
            matches = matches.Where(m => db.ConversationTags.Any(t => t.ConversationId == m.ConversationId && t.Tag == tag));
        }

        return matches;
    }

    private static async Task<List<MessageHit>> DetailsAsync(KefuDeskDbContext db, List<(Guid Id, double Score)> page,
        IReadOnlyList<SearchTerm> terms, CancellationToken ct)
    {
        if (page.Count == 0)
        {
            return [];
        }

        var ids = page.Select(p => p.Id).ToList();
        var rows = await (
                from m in db.Messages.AsNoTracking()
                where ids.Contains(m.Id)
                join c in db.Conversations on m.ConversationId equals c.Id
                join s in db.Shops on c.ShopId equals s.Id
                join cu in db.Set<Customer>() on c.CustomerId equals cu.Id
                join a in db.Set<Agent>() on c.AssigneeId equals a.Id into assignees
                from a in assignees.DefaultIfEmpty()
                select new
                {
                    Message = m,
                    c.ShopId,
                    ShopName = s.Name,
                    c.Channel,
                    c.Status,
                    c.CustomerId,
                    CustomerName = cu.DisplayName,
                    c.AssigneeId,
                    AssigneeName = a == null ? null : a.DisplayName,
                })
            .ToDictionaryAsync(r => r.Message.Id, ct);

        var hits = new List<MessageHit>(page.Count);
        foreach (var (id, score) in page)
        {
            if (!rows.TryGetValue(id, out var r))
            {
                continue; // deleted between the two queries
            }

            var m = MessageView.From(r.Message);
            hits.Add(new MessageHit(m.Id, m.ConversationId, m.Sequence, m.CreatedAt, m.Kind, m.Sender, m.SenderName, m.Internal, m.Recalled,
                Highlighter.Excerpt(MessageSearchEntry.TextOf(m.Body, m.Attachment), terms), r.ShopId, r.ShopName, r.Channel, r.Status,
                r.CustomerId, r.CustomerName, r.AssigneeId, r.AssigneeName, score));
        }

        return hits;
    }
}
