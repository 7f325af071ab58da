using System.Text.Json;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.AfterSales;

/// <summary>Reads cases for the lists, the case page and exports: always only in the shops the reader serves.</summary>
public sealed class CaseQueries(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>An export stops here; narrower filters give the rest.</summary>
    public const int ExportLimit = 10_000;

    public async Task<CasePage> ListAsync(StaffAccess staff, CaseFilter filter, int offset = 0, int limit = 20, CancellationToken ct = default)
    {
        CaseFilter.CheckPage(offset, limit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var cases = Filtered(db, staff, filter, now);
        var total = await cases.CountAsync(ct);
        var items = await Rows(db, cases.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip(offset).Take(limit), now)
            .ToListAsync(ct);
        return new CasePage(Sorted(items), total, offset, limit);
    }

    public async Task<IReadOnlyList<CaseRow>> ExportAsync(StaffAccess staff, CaseFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var cases = Filtered(db, staff, filter, now).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(ExportLimit);
        return Sorted(await Rows(db, cases, now).ToListAsync(ct));
    }

    /// <summary>Escalated cases in the reader's shops that are still waiting: the figure supervisors see on top of the list.</summary>
    public async Task<int> EscalatedCountAsync(StaffAccess staff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filtered(db, staff, new CaseFilter(Escalated: true), clock.GetUtcNow().UtcDateTime).CountAsync(ct);
    }

    public async Task<CaseDetails> DetailsAsync(StaffAccess staff, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.Set<AfterSalesCase>().AsNoTracking().Include(c => c.Evidence).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (found is null || !staff.Serves(found.ShopId))
        {
            throw new KefuDeskException(AfterSalesErrors.CaseNotFound);
        }

        var row = await Rows(db, db.Set<AfterSalesCase>().Where(c => c.Id == id), now).FirstAsync(ct);
        var order = await db.Orders.AsNoTracking().Include(o => o.Items).FirstAsync(o => o.Id == found.OrderId, ct);
        var limit = await db.Shops.Where(s => s.Id == found.ShopId).Select(s => s.OrderRules.RefundApprovalAboveFen).FirstAsync(ct);
        var evidenceIds = found.EvidenceIds;
        var files = await db.Attachments.AsNoTracking().Where(a => evidenceIds.Contains(a.Id)).Select(a => new { a.Id, a.FileName }).ToListAsync(ct);
        var evidence = evidenceIds.Join(files, e => e, f => f.Id, (e, f) => new EvidenceView(e, f.FileName, $"/api/attachments/{e}")).ToList();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.SubjectId == id && a.Subject == AuditSubjects.AfterSalesCase)
            .OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        var history = audit.Select(a => new CaseHistoryItem(a.At, a.Action, a.ActorName, StatusIn(a.Before), StatusIn(a.After), a.Note)).ToList();
        var reader = new CaseActor(staff.AgentId, staff.Nickname, staff.MaySupervise);
        var steps = Enum.GetValues<CaseStep>().Where(step => found.Allows(step, reader)).ToList();
        return new CaseDetails(row, found.Version, found.Description, found.ConversationId, found.OpenedByName, found.ReturnCarrier,
            found.ReturnTrackingNo, found.ShipCarrier, found.ShipTrackingNo, found.ClosingNote, found.ReviewedAt, found.DecidedAt, found.ClosedAt,
            limit,
            new OrderSummary(order.Id, order.OrderNo, order.Status, order.PaidFen, order.RefundClaimedFen, order.RefundedFen, order.RefundableFen,
                order.Items.Select(i => new OrderLine(i.Sku, i.Title, i.UnitPriceFen, i.Quantity)).ToList()),
            evidence, history, steps);
    }

    /// <summary>
    /// What the new-case dialog shows about an order: its money and lines, the shop's approval limit,
    /// and the images in the conversation the case comes from (the buyer's photos to pick as evidence).
    /// </summary>
    public async Task<CaseOrder> OrderForCaseAsync(StaffAccess staff, Guid? orderId, Guid? shopId, string? orderNo, Guid? conversationId,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var number = orderNo?.Trim();
        var orders = db.Orders.AsNoTracking().Include(o => o.Items);
        var order = orderId is { } id ? await orders.FirstOrDefaultAsync(o => o.Id == id, ct)
            : !string.IsNullOrEmpty(number) ? await OrderByNumberAsync(orders, staff, shopId, number, ct)
            : null;
        if (order is null || !staff.Serves(order.ShopId))
        {
            throw new KefuDeskException(KefuDeskError.OrderNotFound);
        }

        var shop = await db.Shops.AsNoTracking().Where(s => s.Id == order.ShopId)
            .Select(s => new { s.Name, s.OrderRules.RefundApprovalAboveFen }).FirstAsync(ct);
        var buyer = await db.Customers.AsNoTracking().Where(c => c.Id == order.CustomerId).Select(c => c.DisplayName).FirstOrDefaultAsync(ct);
        var images = conversationId is { } conversation
            ? await db.Attachments.AsNoTracking()
                .Where(a => a.ConversationId == conversation && a.ShopId == order.ShopId && a.ContentType.StartsWith("image/"))
                .OrderBy(a => a.CreatedAt).Take(30)
                .Select(a => new EvidenceView(a.Id, a.FileName, "/api/attachments/" + a.Id)).ToListAsync(ct)
            : [];
        var cases = await db.Set<AfterSalesCase>().AsNoTracking().Where(c => c.OrderId == order.Id).OrderByDescending(c => c.CreatedAt)
            .Select(c => new { c.Id, c.CaseNo, c.Status }).ToListAsync(ct);
        return new CaseOrder(order.ShopId, shop.Name, order.CustomerId, buyer, shop.RefundApprovalAboveFen,
            new OrderSummary(order.Id, order.OrderNo, order.Status, order.PaidFen, order.RefundClaimedFen, order.RefundedFen, order.RefundableFen,
                order.Items.Select(i => new OrderLine(i.Sku, i.Title, i.UnitPriceFen, i.Quantity)).ToList()),
            images, cases.Select(c => (c.Id, c.CaseNo, c.Status)).ToList());
    }

    /// <summary>Order numbers are unique per shop: without a shop, the number must name one order among the reader's shops.</summary>
    private static async Task<Shop.Order?> OrderByNumberAsync(IQueryable<Shop.Order> orders, StaffAccess staff, Guid? shopId, string number,
        CancellationToken ct)
    {
        var shops = shopId is { } one ? [one] : staff.ShopIds.ToList();
        var found = await orders.Where(o => shops.Contains(o.ShopId) && o.OrderNo == number).Take(2).ToListAsync(ct);
        return found.Count == 1 ? found[0] : null;
    }

    private static IQueryable<AfterSalesCase> Filtered(KefuDeskDbContext db, StaffAccess staff, CaseFilter filter, DateTime now)
    {
        var shops = staff.ShopIds.ToList();
        var cases = db.Set<AfterSalesCase>().AsNoTracking().Where(c => shops.Contains(c.ShopId));
        if (filter.ShopId is { } shop)
        {
            cases = cases.Where(c => c.ShopId == shop);
        }

        if (filter.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (filter.Open is { } open)
        {
            // Final cases have no deadline; open ones always do.
            cases = open ? cases.Where(c => c.DueAt != null) : cases.Where(c => c.DueAt == null);
        }

        if (filter.Kind is { } kind)
        {
            cases = cases.Where(c => c.Kind == kind);
        }

        if (filter.OwnerId is { } owner)
        {
            cases = cases.Where(c => c.OwnerId == owner);
        }

        if (filter.Unowned)
        {
            cases = cases.Where(c => c.OwnerId == null);
        }

        if (filter.Overdue)
        {
            cases = cases.Where(c => c.DueAt != null && c.DueAt < now);
        }

        if (filter.AwaitingSupervisor)
        {
            cases = cases.Where(c => c.NeedsSupervisor && (c.Status == CaseStatus.Applied || c.Status == CaseStatus.UnderReview));
        }

        if (filter.Escalated)
        {
            cases = cases.Where(c => c.EscalatedAt != null);
        }

        if (filter.From is { } from)
        {
            cases = cases.Where(c => c.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            cases = cases.Where(c => c.CreatedAt < to);
        }

        if (filter.Query is { } term)
        {
            var upper = term.ToUpperInvariant();
            var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
            var phone = digits.Length >= 7 && digits.Length == term.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Length
                ? digits
                : null;
            cases = cases.Where(c => c.CaseNo.Contains(upper)
                || db.Orders.Any(o => o.Id == c.OrderId && o.OrderNo.Contains(term))
                || db.Customers.Any(b => b.Id == c.CustomerId && ((b.DisplayName != null && b.DisplayName.Contains(term)) || (phone != null && b.Phone == phone))));
        }

        return cases;
    }

    private static IQueryable<CaseRow> Rows(KefuDeskDbContext db, IQueryable<AfterSalesCase> cases, DateTime now) =>
        from c in cases
        join o in db.Orders on c.OrderId equals o.Id
        join s in db.Shops on c.ShopId equals s.Id
        join b in db.Customers on c.CustomerId equals b.Id
        from a in db.Set<Agent>().Where(a => a.Id == c.OwnerId).DefaultIfEmpty()
        select new CaseRow(c.Id, c.CaseNo, c.ShopId, s.Name, c.OrderId, o.OrderNo, c.CustomerId, b.DisplayName, c.Kind, c.Reason, c.Status,
            c.RefundFen, c.NeedsSupervisor, c.OwnerId,
            a == null ? null : a.DisplayName == a.Nickname ? a.DisplayName : a.DisplayName + "(" + a.Nickname + ")", c.CreatedAt, c.DueAt, c.DueAt != null && c.DueAt < now,
            c.EscalatedAt);

    /// <summary>Newest first (the joins may lose the database's order).</summary>
    private static List<CaseRow> Sorted(List<CaseRow> rows) => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToList();

    private static CaseStatus? StatusIn(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("status", out var s)
            && s.ValueKind == JsonValueKind.String && Enum.TryParse<CaseStatus>(s.GetString(), ignoreCase: true, out var status)
            ? status
            : null;
    }
}
