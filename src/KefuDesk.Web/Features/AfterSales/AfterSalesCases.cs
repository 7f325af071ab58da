using System.Globalization;
using KefuDesk.Components;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales;

/// <summary>
/// The shop's case register: opens cases and takes their steps. Each call is one short transaction
/// holding the case, its order's money and the audit entry; the order's and the case's version
/// tokens make a second writer at the same moment fail cleanly (409) instead of refunding twice.
/// </summary>
public sealed class AfterSalesCases(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    TimeProvider clock,
    IEventPublisher events,
    IStringLocalizer<SharedResource> text,
    ILogger<AfterSalesCases> log)
{
    private const int NumberAttempts = 5;

    public Task<AfterSalesCase> OpenAsync(StaffAccess staff, NewCaseInput input, CancellationToken ct = default) =>
        LoggedAsync(staff, "order " + (input.OrderId?.ToString() ?? input.OrderNo), () => OpenCaseAsync(staff, input, ct));

    /// <summary>Takes one step on a case, as the staff member: refused (nothing changed) when it is not on the case's path or not theirs to take.</summary>
    public Task<AfterSalesCase> TakeAsync(StaffAccess staff, Guid caseId, CaseStepRequest step, CancellationToken ct = default) =>
        LoggedAsync(staff, $"case {caseId} {step.Step}", () => TakeStepAsync(staff, caseId, step, ct));

    /// <summary>Adds a photo (an image of the shop not in another conversation) to an open case.</summary>
    public Task<AfterSalesCase> AddEvidenceAsync(StaffAccess staff, Guid caseId, Guid attachmentId, CancellationToken ct = default) =>
        LoggedAsync(staff, $"case {caseId} photo", () => AddPhotoAsync(staff, caseId, attachmentId, ct));

    private async Task<AfterSalesCase> OpenCaseAsync(StaffAccess staff, NewCaseInput input, CancellationToken ct)
    {
        var kind = input.Kind ?? throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "kind");
        var reason = input.Reason ?? throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "reason");
        var description = CaseText.Paragraph(input.Description, "description") ?? "";
        var evidence = input.EvidenceIds ?? [];
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var order = await OrderAsync(db, staff, input, ct);
            await CheckConversationAsync(db, order, input.ConversationId, ct);
            await CheckEvidenceAsync(db, order.ShopId, input.ConversationId, evidence, ct);
            var shop = await db.Shops.AsNoTracking().FirstAsync(s => s.Id == order.ShopId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var firstReview = CaseDeadlines.FirstReview(now, shop.OrderRules.FirstReviewMinutes, BusinessHours.Parse(shop.Hours));
            var caseNo = await NextNumberAsync(db, shop.Id, now, ct);
            var before = Money(order);
            var opened = Refusing(() => AfterSalesCase.Open(Guid.CreateVersion7(now), caseNo, order, input.ConversationId, kind, reason,
                description, input.RefundFen, evidence, shop.OrderRules, Actor(staff), now, firstReview), null, order);
            db.Add(opened);
            var raised = opened.TakeEvents();
            Audit(db, shop.OrganisationId, opened, staff, raised, before.RefundClaimedFen == order.RefundClaimedFen ? null : new { order = before },
                new { status = opened.Status, kind, reason, opened.RefundFen, opened.NeedsSupervisor, order = Money(order) }, null);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new KefuDeskException(AfterSalesErrors.OrderBusy, null); // another refund on the order was saved at the same moment
            }
            catch (DbUpdateException) when (attempt < NumberAttempts)
            {
                if (await NumberTakenAsync(shop.Id, caseNo, ct))
                {
                    continue; // a colleague's case took this number a moment ago: the next one
                }

                throw;
            }

            Publish(raised, order);
            return opened;
        }
    }

    private async Task<AfterSalesCase> TakeStepAsync(StaffAccess staff, Guid caseId, CaseStepRequest step, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await CaseAsync(db, staff, caseId, step.Version, ct);
        var order = await db.Orders.FirstAsync(o => o.Id == found.OrderId, ct);
        var from = found.Status;
        var before = Money(order);
        var by = Actor(staff);
        var now = clock.GetUtcNow().UtcDateTime;
        Refusing(() =>
        {
            switch (step.Step)
            {
                case CaseStep.Review: found.Review(by, now); break;
                case CaseStep.Approve: found.Approve(by, now); break;
                case CaseStep.Reject: found.Reject(by, step.Note ?? "", order, now); break;
                case CaseStep.Withdraw: found.Withdraw(by, step.Note, order, now); break;
                case CaseStep.BuyerReturned: found.BuyerReturned(by, step.Carrier ?? "", step.TrackingNo ?? "", now); break;
                case CaseStep.Inspect: found.Inspect(by, step.Passed, step.Note, order, now); break;
                case CaseStep.CompleteRefund: found.CompleteRefund(by, order, now); break;
                case CaseStep.Fulfil: found.Fulfil(by, step.Carrier, step.TrackingNo, order, now); break;
                default: throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "step");
            }

            return found;
        }, found, order);

        var after = Money(order);
        var moneyMoved = after != before;
        var organisationId = await db.Shops.Where(s => s.Id == found.ShopId).Select(s => s.OrganisationId).FirstAsync(ct);
        var raised = found.TakeEvents();
        Audit(db, organisationId, found, staff, raised,
            moneyMoved ? new { status = from, order = before } : new { status = from },
            moneyMoved ? new { status = found.Status, order = after, step.Carrier, step.TrackingNo } : new { status = found.Status, step.Carrier, step.TrackingNo },
            step.Note);
        await SaveAsync(db, ct);
        Publish(raised, order);
        return found;
    }

    private async Task<AfterSalesCase> AddPhotoAsync(StaffAccess staff, Guid caseId, Guid attachmentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await CaseAsync(db, staff, caseId, null, ct);
        await CheckEvidenceAsync(db, found.ShopId, found.ConversationId, [attachmentId], ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Refusing(() =>
        {
            found.AddEvidence(Actor(staff), attachmentId, now);
            return found;
        }, found, null);
        var organisationId = await db.Shops.Where(s => s.Id == found.ShopId).Select(s => s.OrganisationId).FirstAsync(ct);
        var raised = found.TakeEvents();
        Audit(db, organisationId, found, staff, raised, null, new { attachmentId }, null);
        await SaveAsync(db, ct);
        Publish(raised, null);
        return found;
    }

    /// <summary>Flags one overdue case (the deadline job): false if it moved on or was flagged by another node meanwhile.</summary>
    public async Task<bool> EscalateAsync(Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Set<AfterSalesCase>().FirstOrDefaultAsync(c => c.Id == caseId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found is null || !found.IsOverdue(now) || found.EscalatedAt is not null)
        {
            return false;
        }

        found.Escalate(now);
        var raised = found.TakeEvents();
        var organisationId = await db.Shops.Where(s => s.Id == found.ShopId).Select(s => s.OrganisationId).FirstAsync(ct);
        db.AuditEntries.Add(new AuditEntry(organisationId, found.ShopId, AuditSubjects.AfterSalesCase, found.Id, found.CaseNo, "case.escalated",
            AuditActor.System("deadline"), now, new { found.Status, found.DueAt }, new { escalatedAt = now, found.OwnerId }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        Publish(raised, null);
        return true;
    }

    private static CaseActor Actor(StaffAccess staff) => new(staff.AgentId, staff.Nickname, staff.MaySupervise);

    private static MoneyState Money(Order order) => new(order.PaidFen, order.RefundClaimedFen, order.RefundedFen);

    private sealed record MoneyState(long PaidFen, long RefundClaimedFen, long RefundedFen);

    /// <summary>Every refusal is logged (who, what, why) before it goes back to the caller.</summary>
    private async Task<T> LoggedAsync<T>(StaffAccess staff, string what, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (KefuDeskException refused)
        {
            log.LogInformation("After-sales action by {Agent} on {What} refused: {Reason}", staff.AgentId, what, refused.Message);
            throw;
        }
    }

    /// <summary>Runs a guarded change; a refusal gets a detail in the caller's language naming the case's state or the amount.</summary>
    private T Refusing<T>(Func<T> change, AfterSalesCase? subject, Order? order)
    {
        try
        {
            return change();
        }
        catch (KefuDeskException refused)
        {
            LocalizedString? detail = refused.Error switch
            {
                _ when refused.Error == AfterSalesErrors.StepNotAllowed && subject is not null =>
                    text["AfterSales.StepRefusedDetail", text["AfterSales.Status." + subject.Status].Value],
                _ when refused.Error == AfterSalesErrors.NeedsSupervisor && subject is not null =>
                    text["AfterSales.NeedsSupervisorDetail", Display.Yuan(subject.RefundFen)],
                _ when refused.Error == AfterSalesErrors.RefundTooLarge && order is not null =>
                    text["AfterSales.RefundTooLargeDetail", Display.Yuan(order.RefundableFen), Display.Yuan(order.PaidFen)],
                _ => null,
            };
            if (detail is null)
            {
                throw;
            }

            throw new KefuDeskException(refused.Error, detail.Value);
        }
    }

    private async Task<Order> OrderAsync(KefuDeskDbContext db, StaffAccess staff, NewCaseInput input, CancellationToken ct)
    {
        var orderNo = CaseText.Line(input.OrderNo, "orderNo");
        var order = input.OrderId is { } id ? await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct)
            : input.ShopId is { } shopId && orderNo is not null ? await db.Orders.FirstOrDefaultAsync(o => o.ShopId == shopId && o.OrderNo == orderNo, ct)
            : throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "orderId, or shopId and orderNo");
        return order is not null && staff.Serves(order.ShopId) ? order : throw new KefuDeskException(KefuDeskError.OrderNotFound);
    }

    private static async Task CheckConversationAsync(KefuDeskDbContext db, Order order, Guid? conversationId, CancellationToken ct)
    {
        if (conversationId is { } id
            && !await db.Conversations.AnyAsync(c => c.Id == id && c.ShopId == order.ShopId && c.CustomerId == order.CustomerId, ct))
        {
            throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "conversationId: a conversation of the order's buyer in its shop");
        }
    }

    /// <summary>Photos must be images of the shop, either from the case's conversation or in no conversation (uploaded for the case).</summary>
    private static async Task CheckEvidenceAsync(KefuDeskDbContext db, Guid shopId, Guid? conversationId, IReadOnlyCollection<Guid> ids,
        CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var list = ids.Distinct().ToList();
        var usable = await db.Attachments.CountAsync(a => list.Contains(a.Id) && a.ShopId == shopId && a.ContentType.StartsWith("image/")
            && (a.ConversationId == null || a.ConversationId == conversationId), ct);
        if (usable != list.Count || list.Count != ids.Count)
        {
            throw new KefuDeskException(AfterSalesErrors.EvidenceInvalid, "evidenceIds: different images of this shop, from the case's conversation or uploaded for it");
        }
    }

    private static async Task<AfterSalesCase> CaseAsync(KefuDeskDbContext db, StaffAccess staff, Guid caseId, int? version, CancellationToken ct)
    {
        var found = await db.Set<AfterSalesCase>().Include(c => c.Evidence).FirstOrDefaultAsync(c => c.Id == caseId, ct);
        if (found is null || !staff.Serves(found.ShopId))
        {
            throw new KefuDeskException(AfterSalesErrors.CaseNotFound);
        }

        return version is { } seen && seen != found.Version ? throw new KefuDeskException(AfterSalesErrors.CaseChanged) : found;
    }

    /// <summary>SH + the shop's calendar date + the day's next sequence: SH202611220007.</summary>
    private static async Task<string> NextNumberAsync(KefuDeskDbContext db, Guid shopId, DateTime now, CancellationToken ct)
    {
        var prefix = "SH" + Display.ShopTime(now).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var last = await db.Set<AfterSalesCase>().Where(c => c.ShopId == shopId && c.CaseNo.StartsWith(prefix))
            .OrderByDescending(c => c.CaseNo.Length).ThenByDescending(c => c.CaseNo).Select(c => c.CaseNo).FirstOrDefaultAsync(ct);
        var next = last is null ? 1 : int.Parse(last.AsSpan(prefix.Length), CultureInfo.InvariantCulture) + 1;
        return prefix + next.ToString("D4", CultureInfo.InvariantCulture);
    }

    private async Task<bool> NumberTakenAsync(Guid shopId, string caseNo, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<AfterSalesCase>().AnyAsync(c => c.ShopId == shopId && c.CaseNo == caseNo, ct);
    }

    /// <summary>One audit entry per thing the case raised, in the same transaction (the case's history is its audit trail).</summary>
    private static void Audit(KefuDeskDbContext db, Guid organisationId, AfterSalesCase subject, StaffAccess staff, IEnumerable<IDomainEvent> raised,
        object? before, object? after, string? note)
    {
        foreach (var e in raised.OfType<CaseEvent>())
        {
            db.AuditEntries.Add(new AuditEntry(organisationId, subject.ShopId, AuditSubjects.AfterSalesCase, subject.Id, subject.CaseNo, e.Name,
                new AuditActor(staff.AgentId, staff.Nickname), e.At, before, after, note));
        }
    }

    private static async Task SaveAsync(KefuDeskDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            var orderMoved = conflict.Entries.Any(e => e.Entity is Order);
            throw new KefuDeskException(orderMoved ? AfterSalesErrors.OrderBusy : AfterSalesErrors.CaseChanged);
        }
    }

    private void Publish(IEnumerable<IDomainEvent> raised, Order? order) =>
        events.Publish(raised.Concat(order?.TakeEvents() ?? []));
}
