using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Phone;

/// <summary>A logged call as staff see it; <c>NumberMasked</c> says the number is shown as 138****8000.</summary>
public sealed record PhoneCallView(Guid Id, Guid ShopId, string ShopName, Guid ConversationId, Guid CustomerId, string? CustomerName,
    Guid AgentId, string? AgentName, CallDirection Direction, string Number, bool NumberMasked, DateTime StartedAt, int DurationSeconds,
    CallOutcome Outcome, string? Notes, DateTime LoggedAt, Guid? CallbackTaskId);

/// <summary>A buyer to call back, with the missed call it came from and how often a call to them has failed since (<c>Attempts</c>).</summary>
public sealed record CallbackView(Guid Id, Guid ShopId, string ShopName, Guid CustomerId, string? CustomerName, string Number, bool NumberMasked,
    CallbackStatus Status, Guid? AssigneeId, string? AssigneeName, DateTime CreatedAt, Guid MissedCallId, Guid MissedConversationId,
    DateTime MissedAt, CallOutcome MissedOutcome, string? MissedNotes, int Attempts, DateTime? DoneAt, Guid? DoneByCallId);

public sealed record PhonePage<T>(IReadOnlyList<T> Items, int Offset, int Limit, bool HasMore);

/// <summary>How many call-backs wait in the shops I serve, and how many of them I have taken.</summary>
public sealed record CallbackCounts(int Open, int Mine);

/// <summary>
/// Reads for the call log and the call-back list. Numbers are personal data: supervisors see them
/// in full; an agent sees the numbers of calls they logged and of call-backs they have taken (they
/// must dial them), and every other number masked.
/// </summary>
public sealed class PhoneQueries(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxPage = 200;

    public async Task<PhonePage<PhoneCallView>> CallsAsync(StaffAccess staff, Guid? customerId, Guid? shopId, int offset, int limit,
        CancellationToken ct = default)
    {
        CheckPaging(offset, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.Where(s => shopId is null || s == shopId).ToList();
        var calls = db.PhoneCalls.AsNoTracking().Where(c => shops.Contains(c.ShopId));
        if (customerId is { } id)
        {
            // Calls of records merged into this customer are theirs too.
            calls = calls.Where(c => c.CustomerId == id || db.Customers.Any(x => x.Id == c.CustomerId && x.MergedIntoId == id));
        }

        var rows = await (
                from c in calls
                join s in db.Shops on c.ShopId equals s.Id
                join u in db.Customers on c.CustomerId equals u.Id
                join a in db.Users on c.AgentId equals a.Id into agents
                from a in agents.DefaultIfEmpty()
                orderby c.StartedAt descending, c.Id
                select new
                {
                    Call = c,
                    ShopName = s.Name,
                    CustomerName = u.DisplayName,
                    AgentName = a == null ? null : a.DisplayName,
                    TaskId = db.CallbackTasks.Where(t => t.MissedCallId == c.Id).Select(t => (Guid?)t.Id).FirstOrDefault(),
                })
            .Skip(offset).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(r =>
        {
            var full = staff.MaySupervise || r.Call.AgentId == staff.AgentId;
            var c = r.Call;
            return new PhoneCallView(c.Id, c.ShopId, r.ShopName, c.ConversationId, c.CustomerId, r.CustomerName, c.AgentId, r.AgentName,
                c.Direction, full ? c.Number : PersonalData.MaskPhone(c.Number)!, !full, c.StartedAt, c.DurationSeconds, c.Outcome, c.Notes,
                c.LoggedAt, r.TaskId);
        }).ToList();
        return new PhonePage<PhoneCallView>(items, offset, limit, rows.Count > limit);
    }

    /// <summary>Call-backs oldest first: the buyer who has waited longest is called first.</summary>
    public async Task<PhonePage<CallbackView>> CallbacksAsync(StaffAccess staff, CallbackStatus status, Guid? shopId, int offset, int limit,
        CancellationToken ct = default)
    {
        CheckPaging(offset, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.Where(s => shopId is null || s == shopId).ToList();
        var rows = await Rows(db, db.CallbackTasks.AsNoTracking().Where(t => shops.Contains(t.ShopId) && t.Status == status))
            .Skip(offset).Take(limit + 1).ToListAsync(ct);
        return new PhonePage<CallbackView>(rows.Take(limit).Select(r => View(staff, r)).ToList(), offset, limit, rows.Count > limit);
    }

    public async Task<CallbackView> CallbackAsync(StaffAccess staff, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Rows(db, db.CallbackTasks.AsNoTracking().Where(t => t.Id == id)).FirstOrDefaultAsync(ct);
        return row is not null && staff.Serves(row.Task.ShopId) ? View(staff, row) : throw new KefuDeskException(KefuDeskError.CallbackNotFound);
    }

    public async Task<CallbackCounts> CallbackCountsAsync(StaffAccess staff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = staff.ShopIds.ToList();
        var open = db.CallbackTasks.Where(t => shops.Contains(t.ShopId) && t.Status == CallbackStatus.Open);
        return new CallbackCounts(await open.CountAsync(ct), await open.CountAsync(t => t.AssigneeId == staff.AgentId, ct));
    }

    private static IQueryable<CallbackRow> Rows(KefuDeskDbContext db, IQueryable<CallbackTask> tasks) =>
        from t in tasks
        join s in db.Shops on t.ShopId equals s.Id
        join u in db.Customers on t.CustomerId equals u.Id
        join m in db.PhoneCalls on t.MissedCallId equals m.Id
        join a in db.Users on t.AssigneeId equals (Guid?)a.Id into assignees
        from a in assignees.DefaultIfEmpty()
        orderby t.CreatedAt, t.Id
        select new CallbackRow(t, s.Name, u.DisplayName, a == null ? null : a.DisplayName, m.ConversationId, m.StartedAt, m.Outcome, m.Notes,
            db.PhoneCalls.Count(c => c.ShopId == t.ShopId && c.CustomerId == t.CustomerId && c.Direction == CallDirection.Outbound
                                     && c.Outcome != CallOutcome.Answered && c.LoggedAt >= t.CreatedAt));

    private static CallbackView View(StaffAccess staff, CallbackRow r)
    {
        var t = r.Task;
        var full = staff.MaySupervise || t.AssigneeId == staff.AgentId;
        return new CallbackView(t.Id, t.ShopId, r.ShopName, t.CustomerId, r.CustomerName, full ? t.Number : PersonalData.MaskPhone(t.Number)!, !full,
            t.Status, t.AssigneeId, r.AssigneeName, t.CreatedAt, t.MissedCallId, r.MissedConversationId, r.MissedAt, r.MissedOutcome, r.MissedNotes, r.Attempts,
            t.DoneAt, t.DoneByCallId);
    }

    private static void CheckPaging(int offset, int limit)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }
    }

    private sealed record CallbackRow(CallbackTask Task, string ShopName, string? CustomerName, string? AssigneeName, Guid MissedConversationId,
        DateTime MissedAt, CallOutcome MissedOutcome, string? MissedNotes, int Attempts);
}
