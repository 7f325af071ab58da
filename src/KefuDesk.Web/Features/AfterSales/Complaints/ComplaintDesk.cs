using KefuDesk.Components;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>
/// Records complaints and takes them through their steps. Each step is the complaint's own guarded
/// method, its audit entry goes in the same transaction, and its events go out after the commit.
/// A refusal is logged and changes nothing.
/// </summary>
public sealed class ComplaintDesk(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    TimeProvider clock,
    IEventPublisher events,
    IStringLocalizer<SharedResource> text,
    ILogger<ComplaintDesk> log)
{
    public Task<Guid> RecordAsync(StaffAccess staff, ComplaintInput input, CancellationToken ct = default) =>
        Logged(staff, "record", () => RecordCheckedAsync(staff, input, ct));

    public Task ResolveAsync(StaffAccess staff, Guid id, ResolveComplaintInput input, CancellationToken ct = default) =>
        Logged(staff, "resolve", () =>
        {
            var resolution = Required(input.Resolution, Complaint.TextMaxLength, "Complaint.Check.Resolution");
            return ActAsync(staff, id, input.Version, "complaint.resolved", null,
                (c, now) => c.Resolve(resolution, staff.AgentId, staff.MaySupervise, now), ct);
        });

    public Task ReturnVisitAsync(StaffAccess staff, Guid id, ReturnVisitInput input, CancellationToken ct = default) =>
        Logged(staff, "return visit", () =>
        {
            var result = Parse<ReturnVisitResult>(input.Result, "Complaint.Check.ReturnVisit");
            var note = Optional(input.Note, Complaint.NoteMaxLength, "Complaint.Check.Note");
            if (result != ReturnVisitResult.Satisfied && note is null)
            {
                // Why the buyer is unhappy, or when they were tried: the next person needs to know.
                Refuse("Complaint.Check.NoteRequired");
            }

            return ActAsync(staff, id, input.Version, "complaint.return_visited", note,
                (c, now) => c.RecordReturnVisit(result, note, staff.AgentId, staff.MaySupervise, now), ct);
        });

    public Task ArchiveAsync(StaffAccess staff, Guid id, ComplaintStepInput input, CancellationToken ct = default) =>
        Logged(staff, "archive", () =>
            ActAsync(staff, id, input.Version, "complaint.archived", null, (c, now) => c.Archive(staff.AgentId, staff.MaySupervise, now), ct));

    public Task ReopenAsync(StaffAccess staff, Guid id, ReopenComplaintInput input, CancellationToken ct = default) =>
        Logged(staff, "reopen", () =>
        {
            var reason = Required(input.Reason, Complaint.NoteMaxLength, "Complaint.Check.Reason");
            return ActAsync(staff, id, input.Version, "complaint.reopened", reason,
                (c, now) => c.Reopen(reason, staff.AgentId, staff.MaySupervise, now), ct);
        });

    public Task ChangeSeverityAsync(StaffAccess staff, Guid id, SeverityInput input, CancellationToken ct = default) =>
        Logged(staff, "severity", () =>
        {
            var severity = Parse<ComplaintSeverity>(input.Severity, "Complaint.Check.Severity");
            return ActAsync(staff, id, input.Version, "complaint.severity_changed", null,
                (c, now) => c.ChangeSeverity(severity, staff.AgentId, staff.MaySupervise, now), ct);
        });

    public Task ReassignAsync(StaffAccess staff, Guid id, ReassignComplaintInput input, CancellationToken ct = default) =>
        Logged(staff, "reassign", () =>
            ActAsync(staff, id, input.Version, "complaint.reassigned", null, (c, now) => c.Reassign(input.OwnerId, staff.AgentId, staff.MaySupervise, now), ct,
                async (db, c) =>
                {
                    if (!await ShopTeam.ServesAsync(db, c.ShopId, input.OwnerId, ct))
                    {
                        Refuse("Complaint.Check.Owner");
                    }
                }));

    /// <summary>
    /// The deadline job's step: an open complaint past its deadline is marked overdue and escalated.
    /// False when it was not due (or someone changed it meanwhile: the next pass looks again).
    /// </summary>
    internal async Task<bool> MarkOverdueAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var complaint = await db.Set<Complaint>().FirstOrDefaultAsync(c => c.Id == id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (complaint is null)
        {
            return false;
        }

        var before = ComplaintSnapshot.Of(complaint);
        if (!complaint.MarkOverdue(now))
        {
            return false;
        }

        var happened = complaint.TakeEvents();
        Audit(db, complaint, "complaint.overdue", AuditActor.System("deadline"), before, now, null, happened);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        events.Publish(happened);
        log.LogInformation("Complaint {Number} is past its deadline {Deadline:o}: escalated", complaint.Number, complaint.Deadline);
        return true;
    }

    private async Task<Guid> RecordCheckedAsync(StaffAccess staff, ComplaintInput input, CancellationToken ct)
    {
        var source = Parse<ComplaintSource>(input.Source, "Complaint.Check.Source");
        var severity = Parse<ComplaintSeverity>(input.Severity, "Complaint.Check.Severity");
        var category = Parse<ComplaintCategory>(input.Category, "Complaint.Check.Category");
        var subject = Required(input.Subject, Complaint.SubjectMaxLength, "Complaint.Check.Subject");
        var description = Required(input.Description, Complaint.TextMaxLength, "Complaint.Check.Description");
        if (!staff.Serves(input.ShopId))
        {
            Refuse("Complaint.Check.Shop");
        }

        var ownerId = input.OwnerId ?? staff.AgentId;
        if (ownerId != staff.AgentId && !staff.MaySupervise)
        {
            throw new KefuDeskException(ComplaintErrors.SupervisorOnly, text["Complaint.Check.OwnerBySupervisor"]);
        }

        // A number of the day is taken by counting; two complaints recorded in the same instant may
        // pick the same one, and the unique index sends the later one round again.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var shop = await db.Shops.AsNoTracking().FirstAsync(s => s.Id == input.ShopId, ct);
            var buyer = await ComplaintBuyer.FindAsync(db, staff, shop, input, ct);
            if (buyer is null)
            {
                Refuse(input.CustomerId is null && input.OrderId is null && input.OrderNo is null && input.ConversationId is null
                    ? "Complaint.Check.Buyer"
                    : "Complaint.Check.BuyerMismatch");
            }

            if (ownerId != staff.AgentId && !await ShopTeam.ServesAsync(db, shop.Id, ownerId, ct))
            {
                Refuse("Complaint.Check.Owner");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var prefix = ComplaintRules.NumberPrefix(Display.ShopTime(now));
            var taken = await db.Set<Complaint>().Where(c => c.ShopId == shop.Id && c.Number.StartsWith(prefix)).Select(c => c.Number).ToListAsync(ct);
            var next = taken.Select(n => int.TryParse(n[prefix.Length..], out var k) ? k : 0).DefaultIfEmpty(0).Max() + 1;
            var complaint = new Complaint(Guid.CreateVersion7(now), shop.OrganisationId, shop.Id, ComplaintRules.Number(prefix, next),
                buyer!.Value.CustomerId, buyer.Value.OrderId, buyer.Value.ConversationId, source, severity, category, subject, description,
                ownerId, staff.AgentId, now);
            db.Set<Complaint>().Add(complaint);
            var happened = complaint.TakeEvents();
            Audit(db, complaint, "complaint.recorded", new AuditActor(staff.AgentId, staff.Nickname), null, now, null, happened);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                continue;
            }

            events.Publish(happened);
            log.LogInformation("Complaint {Number} recorded by {Agent} ({Severity}, {Source})", complaint.Number, staff.AgentId, complaint.Severity,
                complaint.Source);
            return complaint.Id;
        }
    }

    private async Task<int> ActAsync(StaffAccess staff, Guid id, int? version, string action, string? note, Action<Complaint, DateTime> change,
        CancellationToken ct, Func<KefuDeskDbContext, Complaint, Task>? check = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var complaint = await db.Set<Complaint>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (complaint is null || !staff.Serves(complaint.ShopId))
        {
            throw new KefuDeskException(ComplaintErrors.NotFound);
        }

        if (version is { } seen && seen != complaint.Version)
        {
            throw new KefuDeskException(ComplaintErrors.Changed);
        }

        if (check is not null)
        {
            await check(db, complaint);
        }

        var before = ComplaintSnapshot.Of(complaint);
        var now = clock.GetUtcNow().UtcDateTime;
        change(complaint, now);
        var happened = complaint.TakeEvents();
        if (happened.Count == 0)
        {
            return 0; // already so: nothing to record
        }

        Audit(db, complaint, action, new AuditActor(staff.AgentId, staff.Nickname), before, now, note, happened);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new KefuDeskException(ComplaintErrors.Changed);
        }

        events.Publish(happened);
        return 0;
    }

    /// <summary>The step's entry, and one for an escalation it caused (the system escalates, by the rule).</summary>
    private static void Audit(KefuDeskDbContext db, Complaint complaint, string action, AuditActor actor,
        IReadOnlyDictionary<string, object?>? before, DateTime at, string? note, IEnumerable<IDomainEvent> happened)
    {
        var (was, now) = ComplaintSnapshot.Changes(before, ComplaintSnapshot.Of(complaint));
        db.AuditEntries.Add(new AuditEntry(complaint.OrganisationId, complaint.ShopId, AuditSubjects.Complaint, complaint.Id, complaint.Number,
            action, actor, at, was, now, note));
        foreach (var escalated in happened.OfType<ComplaintEscalated>())
        {
            db.AuditEntries.Add(new AuditEntry(complaint.OrganisationId, complaint.ShopId, AuditSubjects.Complaint, complaint.Id, complaint.Number,
                ComplaintEventNames.Escalated, AuditActor.System("escalation"), at, null,
                new Dictionary<string, object?> { ["reason"] = escalated.Reason }, null));
        }
    }

    private async Task<T> Logged<T>(StaffAccess staff, string action, Func<Task<T>> act)
    {
        try
        {
            return await act();
        }
        catch (KefuDeskException refused)
        {
            log.LogInformation("Complaint {Action} by {Agent} refused: {Reason}", action, staff.AgentId, refused.Message);
            throw;
        }
    }

    private string Required(string? value, int max, string check) =>
        Optional(value, max, check) ?? throw Refusal(check);

    private string? Optional(string? value, int max, string check)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= max ? trimmed : throw Refusal(check);
    }

    private T Parse<T>(string? value, string check) where T : struct, Enum =>
        value is { Length: > 0 } && !char.IsAsciiDigit(value[0]) && !value.Contains(',') && Enum.TryParse<T>(value, ignoreCase: true, out var parsed)
        && Enum.IsDefined(parsed)
            ? parsed
            : throw Refusal(check);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Refuse(string check) => throw Refusal(check);

    private KefuDeskException Refusal(string check) => new(ComplaintErrors.Invalid, text[check]);
}
