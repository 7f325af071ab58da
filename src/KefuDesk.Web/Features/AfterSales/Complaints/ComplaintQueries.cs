using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>A complaint in a list. <c>Overdue</c>: still open past its deadline. <c>BuyerName</c> is null for a visitor (shown as 访客 + VisitorCode).</summary>
public sealed record ComplaintRow(Guid Id, string Number, Guid ShopId, string ShopName, Guid CustomerId, string? BuyerName, string VisitorCode,
    Guid? OrderId, string? OrderNo, ComplaintSource Source, ComplaintSeverity Severity, ComplaintCategory Category, string Subject,
    ComplaintStatus Status, bool Escalated, EscalationReason? EscalatedFor, DateTime? EscalatedAt, bool Overdue, Guid OwnerId, string OwnerName,
    DateTime CreatedAt, DateTime Deadline, DateTime? ResolvedAt, string? Resolution, ReturnVisitResult? ReturnVisit, DateTime? ArchivedAt, int Version);

/// <summary>One step in a complaint's history, from the audit log: <c>Action</c> is a stable code such as complaint.resolved.</summary>
public sealed record ComplaintStep(DateTime At, string Action, string ActorName, string? Note, string? Before, string? After);

public sealed record ComplaintDetails(ComplaintRow Complaint, string Description, string? Resolution, string? ReturnVisitNote,
    DateTime? ReturnVisitedAt, Guid? ConversationId, string CreatedByName, IReadOnlyList<ComplaintStep> History);

public sealed record ComplaintExportRow(ComplaintRow Row, string Description, string? ReturnVisitNote);

public sealed record ComplaintPage(IReadOnlyList<ComplaintRow> Items, int Offset, int Limit, int Total);

/// <summary>
/// Which complaints: <c>Archived</c> false for the working list (处理中, 已解决, 已回访), true for the
/// archive (投诉归档). <c>Q</c> finds the number, the buyer's name, the order number or words of the
/// subject, description or resolution. Dates are the shop's calendar days of recording.
/// </summary>
public sealed record ComplaintFilter(
    bool Archived = false,
    Guid? ShopId = null,
    string? Q = null,
    ComplaintStatus? Status = null,
    ComplaintSource? Source = null,
    ComplaintSeverity? Severity = null,
    ComplaintCategory? Category = null,
    Guid? OwnerId = null,
    bool EscalatedOnly = false,
    DateOnly? From = null,
    DateOnly? To = null);

/// <summary>Reads for the complaint lists, the archive, a complaint's page and the export.</summary>
public sealed class ComplaintQueries(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxPage = 100;
    public const int MaxExport = 10_000;

    /// <summary>
    /// The working list puts what supervisors must see first on top: escalated open complaints,
    /// then the other open ones by deadline, then those waiting for their return visit or archive.
    /// The archive lists the latest archived first.
    /// </summary>
    public async Task<ComplaintPage> ListAsync(StaffAccess staff, ComplaintFilter filter, int offset, int limit, CancellationToken ct = default)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, staff, filter);
        var total = await query.CountAsync(ct);
        var rows = await Ordered(Rows(db, query), filter.Archived).Skip(offset).Take(limit).ToListAsync(ct);
        return new ComplaintPage(rows.Select(View).ToList(), offset, limit, total);
    }

    /// <summary>The list as filtered, with the texts, for 导出 Excel (at most <see cref="MaxExport"/> rows).</summary>
    public async Task<IReadOnlyList<ComplaintExportRow>> ExportAsync(StaffAccess staff, ComplaintFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Ordered(Rows(db, Filtered(db, staff, filter)), filter.Archived).Take(MaxExport).ToListAsync(ct);
        return rows.Select(r => new ComplaintExportRow(View(r), r.Complaint.Description, r.Complaint.ReturnVisitNote)).ToList();
    }

    public async Task<ComplaintDetails> GetAsync(StaffAccess staff, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var complaints = db.Set<Complaint>().AsNoTracking().Where(c => c.Id == id);
        var row = await Rows(db, complaints).FirstOrDefaultAsync(ct);
        if (row is null || !staff.Serves(row.Complaint.ShopId))
        {
            throw new KefuDeskException(ComplaintErrors.NotFound);
        }

        var c = row.Complaint;
        var createdBy = await db.Users.Where(a => a.Id == c.CreatedById).Select(a => a.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var history = await db.AuditEntries.AsNoTracking()
            .Where(e => e.SubjectId == id && e.Subject == AuditSubjects.Complaint)
            // At the same instant, an escalation is listed after the step that caused it.
            .OrderBy(e => e.At).ThenBy(e => e.Action == ComplaintEventNames.Escalated ? 1 : 0).ThenBy(e => e.Id)
            .Select(e => new ComplaintStep(e.At, e.Action, e.ActorName, e.Note, e.Before, e.After))
            .ToListAsync(ct);
        return new ComplaintDetails(View(row), c.Description, c.Resolution, c.ReturnVisitNote, c.ReturnVisitedAt, c.ConversationId, createdBy, history);
    }

    /// <summary>Open escalated complaints in the shops I serve: the red number supervisors watch.</summary>
    public async Task<int> EscalatedCountAsync(StaffAccess staff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.ToList();
        return await db.Set<Complaint>().CountAsync(c => shops.Contains(c.ShopId) && c.Status == ComplaintStatus.Open && c.Escalated, ct);
    }

    private IQueryable<Complaint> Filtered(KefuDeskDbContext db, StaffAccess staff, ComplaintFilter f)
    {
        var shops = staff.ShopIds.Where(s => f.ShopId is null || s == f.ShopId).ToList();
        var query = db.Set<Complaint>().AsNoTracking().Where(c => shops.Contains(c.ShopId));
        query = f.Archived ? query.Where(c => c.Status == ComplaintStatus.Archived) : query.Where(c => c.Status != ComplaintStatus.Archived);
        if (f.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }

        if (f.Source is { } source)
        {
            query = query.Where(c => c.Source == source);
        }

        if (f.Severity is { } severity)
        {
            query = query.Where(c => c.Severity == severity);
        }

        if (f.Category is { } category)
        {
            query = query.Where(c => c.Category == category);
        }

        if (f.OwnerId is { } owner)
        {
            query = query.Where(c => c.OwnerId == owner);
        }

        if (f.EscalatedOnly)
        {
            query = query.Where(c => c.Escalated);
        }

        if (f.From is { } from)
        {
            var start = ShopDay.StartUtc(from);
            query = query.Where(c => c.CreatedAt >= start);
        }

        if (f.To is { } to)
        {
            var end = ShopDay.StartUtc(to.AddDays(1));
            query = query.Where(c => c.CreatedAt < end);
        }

        var q = f.Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var lower = q.ToLowerInvariant();
            var upper = q.ToUpperInvariant();
            query = query.Where(c =>
                c.Number.Contains(upper)
                || c.Subject.ToLower().Contains(lower)
                || c.Description.ToLower().Contains(lower)
                || (c.Resolution != null && c.Resolution.ToLower().Contains(lower))
                || db.Customers.Any(u => u.Id == c.CustomerId && u.DisplayName != null && u.DisplayName.ToLower().Contains(lower))
                || db.Orders.Any(o => o.Id == c.OrderId && o.OrderNo.Contains(q)));
        }

        return query;
    }

    private static IQueryable<Found> Ordered(IQueryable<Found> query, bool archived) =>
        archived
            ? query.OrderByDescending(f => f.Complaint.ArchivedAt).ThenByDescending(f => f.Complaint.Id)
            : query.OrderBy(f => f.Complaint.Status == ComplaintStatus.Open && f.Complaint.Escalated ? 0 : f.Complaint.Status == ComplaintStatus.Open ? 1 : 2)
                .ThenBy(f => f.Complaint.Deadline).ThenBy(f => f.Complaint.Id);

    private static IQueryable<Found> Rows(KefuDeskDbContext db, IQueryable<Complaint> complaints) =>
        from c in complaints
        join s in db.Shops on c.ShopId equals s.Id
        join u in db.Customers on c.CustomerId equals u.Id
        join a in db.Users on c.OwnerId equals a.Id
        join o in db.Orders on c.OrderId equals (Guid?)o.Id into orders
        from o in orders.DefaultIfEmpty()
        select new Found { Complaint = c, ShopName = s.Name, BuyerName = u.DisplayName, OwnerName = a.DisplayName, OrderNo = o == null ? null : o.OrderNo };

    private ComplaintRow View(Found f)
    {
        var c = f.Complaint;
        return new ComplaintRow(c.Id, c.Number, c.ShopId, f.ShopName, c.CustomerId, f.BuyerName, Customers.Customer.CodeFor(c.CustomerId), c.OrderId,
            f.OrderNo, c.Source, c.Severity, c.Category, c.Subject, c.Status, c.Escalated, c.EscalatedFor, c.EscalatedAt,
            c.IsOverdue(clock.GetUtcNow().UtcDateTime), c.OwnerId, f.OwnerName, c.CreatedAt, c.Deadline, c.ResolvedAt, c.Resolution, c.ReturnVisit, c.ArchivedAt,
            c.Version);
    }

    /// <summary>A row as the database returns it (init properties, so queries can still order by it).</summary>
    private sealed class Found
    {
        public required Complaint Complaint { get; init; }
        public required string ShopName { get; init; }
        public string? BuyerName { get; init; }
        public required string OwnerName { get; init; }
        public string? OrderNo { get; init; }
    }
}

/// <summary>A shop's calendar day (China time, as everywhere on screen) as UTC instants.</summary>
public static class ShopDay
{
    public static DateTime StartUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Components.Display.ShopZone);

    public static DateOnly Of(DateTime utc) => DateOnly.FromDateTime(Components.Display.ShopTime(utc));
}
