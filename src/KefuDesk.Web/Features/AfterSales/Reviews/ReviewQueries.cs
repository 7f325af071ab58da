using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.AfterSales.Reviews;

public sealed record ReviewRow(Guid Id, Guid ShopId, string ShopName, string PlatformReviewId, string? OrderNo, Guid? OrderId, Guid? CustomerId,
    string? BuyerNick, string? Sku, string? ProductTitle, int? Stars, ReviewRating Rating, int? DescriptionScore, int? ServiceScore,
    int? LogisticsScore, string? Text, DateTime ReviewedAt, bool Flagged, Guid? AssigneeId, string? AssigneeName, FollowUpStatus FollowUp,
    FollowUpOutcome? Outcome, string? FollowUpNote, DateTime? FollowedUpAt, string? Reply, DateTime? RepliedAt, int Version);

public sealed record ReviewPage(IReadOnlyList<ReviewRow> Items, int Offset, int Limit, int Total);

/// <summary>One change of a review, from the audit log (<c>Action</c>: review.imported, review.flagged …).</summary>
public sealed record ReviewStep(DateTime At, string Action, string ActorName, string? Note, string? Before, string? After);

public sealed record ReviewDetails(ReviewRow Review, IReadOnlyList<ReviewStep> History);

/// <summary>
/// A month of DSR (the shop's calendar month, yyyy-MM): how many reviews, the average of each
/// dimension over the reviews that scored it (null when none did), and the share of 中差评.
/// </summary>
public sealed record DsrMonth(string Month, int Reviews, decimal? Description, decimal? Service, decimal? Logistics, decimal BadShare);

/// <summary>
/// Which reviews: <c>Rating</c> one class, or <c>NeutralOrBad</c> for every 中差评; <c>Flagged</c>
/// and <c>FollowUp</c> the follow-up's state; dates are the shop's days of the review.
/// </summary>
public sealed record ReviewFilter(
    Guid? ShopId = null,
    ReviewRating? Rating = null,
    bool NeutralOrBad = false,
    bool? Flagged = null,
    FollowUpStatus? FollowUp = null,
    Guid? AssigneeId = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Q = null);

public sealed class ReviewQueries(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxPage = 100;
    public const int MaxExport = 20_000;

    /// <summary>Newest reviews first (as every list of reviews).</summary>
    public async Task<ReviewPage> ListAsync(StaffAccess staff, ReviewFilter filter, int offset, int limit, CancellationToken ct = default)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, staff, filter);
        var total = await query.CountAsync(ct);
        var rows = await Rows(db, query).Skip(offset).Take(limit).ToListAsync(ct);
        return new ReviewPage(rows, offset, limit, total);
    }

    public async Task<IReadOnlyList<ReviewRow>> ExportAsync(StaffAccess staff, ReviewFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, Filtered(db, staff, filter)).Take(MaxExport).ToListAsync(ct);
    }

    public async Task<ReviewDetails> GetAsync(StaffAccess staff, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Rows(db, db.Set<Review>().AsNoTracking().Where(r => r.Id == id)).FirstOrDefaultAsync(ct);
        if (row is null || !staff.Serves(row.ShopId))
        {
            throw new KefuDeskException(ReviewErrors.NotFound);
        }

        var history = await db.AuditEntries.AsNoTracking()
            .Where(e => e.SubjectId == id && e.Subject == AuditSubjects.Review)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new ReviewStep(e.At, e.Action, e.ActorName, e.Note, e.Before, e.After))
            .ToListAsync(ct);
        return new ReviewDetails(row, history);
    }

    /// <summary>Reviews waiting for my follow-up (the number on the page's 待我跟进 tab).</summary>
    public async Task<int> PendingForAsync(StaffAccess staff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.ToList();
        return await db.Set<Review>().CountAsync(r => shops.Contains(r.ShopId) && r.FollowUp == FollowUpStatus.Pending && r.AssigneeId == staff.AgentId, ct);
    }

    /// <summary>The shop's DSR by month for the last <paramref name="months"/> months (this one included), oldest first.</summary>
    public async Task<IReadOnlyList<DsrMonth>> DsrTrendAsync(StaffAccess staff, Guid shopId, int months = 12, CancellationToken ct = default)
    {
        if (!staff.Serves(shopId) || months is < 1 or > 36)
        {
            throw new KefuDeskException(ReviewErrors.Invalid, "shopId: a shop you serve; months: 1–36");
        }

        var today = ShopDay.Of(clock.GetUtcNow().UtcDateTime);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-(months - 1));
        var since = ShopDay.StartUtc(first);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scores = await db.Set<Review>().AsNoTracking()
            .Where(r => r.ShopId == shopId && r.ReviewedAt >= since)
            .Select(r => new { r.ReviewedAt, r.Rating, r.DescriptionScore, r.ServiceScore, r.LogisticsScore })
            .ToListAsync(ct);
        var byMonth = scores.ToLookup(s => ShopDay.Of(s.ReviewedAt) is var d ? $"{d.Year:D4}-{d.Month:D2}" : "");
        static decimal? Average(IEnumerable<int?> values) =>
            values.OfType<int>().ToList() is { Count: > 0 } list ? Math.Round((decimal)list.Sum() / list.Count, 2) : null;

        return Enumerable.Range(0, months).Select(i =>
        {
            var month = first.AddMonths(i);
            var key = $"{month.Year:D4}-{month.Month:D2}";
            var these = byMonth[key].ToList();
            return new DsrMonth(key, these.Count, Average(these.Select(s => s.DescriptionScore)), Average(these.Select(s => s.ServiceScore)),
                Average(these.Select(s => s.LogisticsScore)),
                these.Count == 0 ? 0 : Math.Round((decimal)these.Count(s => s.Rating != ReviewRating.Good) / these.Count, 4));
        }).ToList();
    }

    private static IQueryable<Review> Filtered(KefuDeskDbContext db, StaffAccess staff, ReviewFilter f)
    {
        var shops = staff.ShopIds.Where(s => f.ShopId is null || s == f.ShopId).ToList();
        var query = db.Set<Review>().AsNoTracking().Where(r => shops.Contains(r.ShopId));
        if (f.Rating is { } rating)
        {
            query = query.Where(r => r.Rating == rating);
        }

        if (f.NeutralOrBad)
        {
            query = query.Where(r => r.Rating != ReviewRating.Good);
        }

        if (f.Flagged is { } flagged)
        {
            query = query.Where(r => r.Flagged == flagged);
        }

        if (f.FollowUp is { } followUp)
        {
            query = query.Where(r => r.FollowUp == followUp);
        }

        if (f.AssigneeId is { } assignee)
        {
            query = query.Where(r => r.AssigneeId == assignee);
        }

        if (f.From is { } from)
        {
            var start = ShopDay.StartUtc(from);
            query = query.Where(r => r.ReviewedAt >= start);
        }

        if (f.To is { } to)
        {
            var end = ShopDay.StartUtc(to.AddDays(1));
            query = query.Where(r => r.ReviewedAt < end);
        }

        var q = f.Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var lower = q.ToLowerInvariant();
            query = query.Where(r => r.PlatformReviewId.Contains(q) || (r.OrderNo != null && r.OrderNo.Contains(q))
                                     || (r.BuyerNick != null && r.BuyerNick.ToLower().Contains(lower))
                                     || (r.Sku != null && r.Sku.ToLower().Contains(lower))
                                     || (r.ProductTitle != null && r.ProductTitle.ToLower().Contains(lower))
                                     || (r.Text != null && r.Text.ToLower().Contains(lower)));
        }

        return query;
    }

    private static IQueryable<ReviewRow> Rows(KefuDeskDbContext db, IQueryable<Review> reviews) =>
        from r in reviews
        join s in db.Shops on r.ShopId equals s.Id
        join a in db.Users on r.AssigneeId equals (Guid?)a.Id into assignees
        from a in assignees.DefaultIfEmpty()
        orderby r.ReviewedAt descending, r.Id descending
        select new ReviewRow(r.Id, r.ShopId, s.Name, r.PlatformReviewId, r.OrderNo, r.OrderId, r.CustomerId, r.BuyerNick, r.Sku, r.ProductTitle,
            r.Stars, r.Rating, r.DescriptionScore, r.ServiceScore, r.LogisticsScore, r.Text, r.ReviewedAt, r.Flagged, r.AssigneeId,
            a == null ? null : a.DisplayName, r.FollowUp, r.Outcome, r.FollowUpNote, r.FollowedUpAt, r.Reply, r.RepliedAt, r.Version);
}
