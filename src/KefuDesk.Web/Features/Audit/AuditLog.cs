using KefuDesk.Components;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Audit;

/// <summary>
/// Which entries an admin asks for: a day range in shop time (both ends included), a shop, what kind
/// of record, an action, who (a staff member's id, or <see cref="SystemActor"/> for the platform and
/// automatic jobs), and text in the record's number. Every part is optional.
/// </summary>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, Guid? ShopId = null, string? Subject = null, string? Action = null,
    string? Actor = null, string? Record = null)
{
    public const string SystemActor = "system";
}

public sealed record AuditRow(Guid Id, DateTime At, Guid ShopId, string ShopName, string Subject, Guid SubjectId, string SubjectRef, string Action,
    Guid? ActorId, string ActorName, string? Before, string? After, string? Note);

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Page, int PageSize, int Total);

public sealed record AuditActorOption(Guid Id, string Name);

/// <summary>The organisation's audit log, newest first, for admins: filtered, paged and exported.</summary>
public sealed class AuditLog(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxPageSize = 200;
    public const int MaxExportRows = 100_000;
    public const int RecordMaxLength = 64;

    public async Task<AuditPage> PageAsync(Guid organisationId, AuditFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, organisationId, filter);
        var total = await query.CountAsync(ct);
        var items = await Rows(db, query).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new AuditPage(items, page, pageSize, total);
    }

    /// <summary>Every entry the filter keeps (newest first, at most <see cref="MaxExportRows"/>), read as it is written out.</summary>
    public async IAsyncEnumerable<AuditRow> AllAsync(Guid organisationId, AuditFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in Rows(db, Filtered(db, organisationId, filter)).Take(MaxExportRows).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>The actions and staff that appear in the log, for the filter's lists.</summary>
    public async Task<(IReadOnlyList<string> Actions, IReadOnlyList<AuditActorOption> Actors)> ChoicesAsync(Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.OrganisationId == organisationId);
        var actions = await entries.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var actors = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && entries.Any(e => e.ActorId == u.Id))
            .OrderBy(u => u.DisplayName).Select(u => new AuditActorOption(u.Id, u.DisplayName)).ToListAsync(ct);
        return (actions, actors);
    }

    private static IQueryable<AuditEntry> Filtered(KefuDeskDbContext db, Guid organisationId, AuditFilter f)
    {
        if (f.From > f.To || f.Record?.Length > RecordMaxLength || f.Subject?.Length > 30 || f.Action?.Length > 60)
        {
            throw new KefuDeskException(KefuDeskError.AuditFilterInvalid);
        }

        var q = db.AuditEntries.AsNoTracking().Where(e => e.OrganisationId == organisationId);
        if (f.From is { } from)
        {
            var start = ShopDayStart(from);
            q = q.Where(e => e.At >= start);
        }

        if (f.To is { } to)
        {
            var end = ShopDayStart(to.AddDays(1));
            q = q.Where(e => e.At < end);
        }

        if (f.ShopId is { } shop)
        {
            q = q.Where(e => e.ShopId == shop);
        }

        if (!string.IsNullOrWhiteSpace(f.Subject))
        {
            q = q.Where(e => e.Subject == f.Subject);
        }

        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            q = q.Where(e => e.Action == f.Action);
        }

        if (f.Actor == AuditFilter.SystemActor)
        {
            q = q.Where(e => e.ActorId == null);
        }
        else if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            var actor = Guid.TryParse(f.Actor, out var id) ? id : throw new KefuDeskException(KefuDeskError.AuditFilterInvalid);
            q = q.Where(e => e.ActorId == actor);
        }

        if (f.Record?.Trim() is { Length: > 0 } record)
        {
            q = q.Where(e => e.SubjectRef.Contains(record));
        }

        return q;
    }

    private static IQueryable<AuditRow> Rows(KefuDeskDbContext db, IQueryable<AuditEntry> entries) =>
        from e in entries
        join s in db.Shops on e.ShopId equals s.Id
        orderby e.At descending, e.Id descending
        select new AuditRow(e.Id, e.At, e.ShopId, s.Name, e.Subject, e.SubjectId, e.SubjectRef, e.Action, e.ActorId, e.ActorName, e.Before, e.After, e.Note);

    private static DateTime ShopDayStart(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Display.ShopZone);
}
