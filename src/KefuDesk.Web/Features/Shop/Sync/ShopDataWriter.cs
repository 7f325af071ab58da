using KefuDesk.Features.Audit;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Sync;

/// <summary>Whose updates these are and how to write them: the shop, the part of the system acting ("sync", "import"), the time.</summary>
/// <param name="DryRun">Work everything out but store nothing: what an import's preview shows.</param>
/// <param name="Note">Who set it going, when a person did (an admin's import or API call), for the audit log.</param>
/// <param name="Quiet">Raise no per-order events (a large import announces itself once instead).</param>
public sealed record SyncScope(Guid OrganisationId, Guid ShopId, string Actor, DateTime Now, bool DryRun = false, string? Note = null, bool Quiet = false);

/// <summary>
/// The one way platform data gets in, for import files and the sync API alike: products by (shop,
/// SKU), orders by (shop, order no) with their lines replaced, logistics events by (order, time,
/// description). Each call handles one chunk of already-checked updates on the caller's context
/// (and transaction), saves it, and forgets the tracked entities so a 100,000-order import keeps
/// a flat memory profile. Status and money changes of existing records go to the audit log.
/// </summary>
public sealed class ShopDataWriter(KefuDeskDbContext db, SyncScope scope)
{
    public const string ProductAudit = "product.synced";
    public const string OrderAudit = "order.synced";

    private readonly BuyerAccounts _buyers = new(db, scope);
    private readonly List<Infrastructure.Events.IDomainEvent> _events = [];

    /// <summary>What the written orders raised, to publish once the caller commits (an import drops them: one import, not 100,000 events).</summary>
    public IReadOnlyList<Infrastructure.Events.IDomainEvent> Events => _events;

    public async Task<IReadOnlyList<SyncOutcome>> ProductsAsync(IReadOnlyList<PlatformProduct> updates, CancellationToken ct)
    {
        var skus = updates.Select(u => u.Sku).Distinct().ToList();
        var stored = await db.Products.Where(p => p.ShopId == scope.ShopId && skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, ct);
        var outcomes = new List<SyncOutcome>(updates.Count);
        foreach (var update in updates)
        {
            if (!stored.TryGetValue(update.Sku, out var product))
            {
                product = Product.FromPlatform(Guid.CreateVersion7(scope.Now), scope.ShopId, update);
                db.Products.Add(product);
                stored[update.Sku] = product;
                outcomes.Add(SyncOutcome.New);
                continue;
            }

            var (outcome, priceBefore) = product.SyncFrom(update);
            outcomes.Add(outcome);
            if (priceBefore is { } before)
            {
                db.AuditEntries.Add(new AuditEntry(scope.OrganisationId, scope.ShopId, AuditSubjects.Product, product.Id, product.Sku, ProductAudit,
                    AuditActor.System(scope.Actor), scope.Now, new { priceFen = before }, new { priceFen = product.PriceFen }, scope.Note));
            }
        }

        await FlushAsync(ct);
        return outcomes;
    }

    public async Task<IReadOnlyList<SyncOutcome>> OrdersAsync(IReadOnlyList<PlatformOrder> updates, CancellationToken ct)
    {
        var numbers = updates.Select(u => u.OrderNo).Distinct().ToList();
        var stored = await db.Orders.Include(o => o.Items).Where(o => o.ShopId == scope.ShopId && numbers.Contains(o.OrderNo))
            .ToDictionaryAsync(o => o.OrderNo, StringComparer.Ordinal, ct);
        var skus = updates.SelectMany(u => u.Lines).Select(l => l.Sku).Where(s => s.Length > 0).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == scope.ShopId && skus.Contains(p.Sku))
            .Select(p => new { p.Sku, p.Id }).ToDictionaryAsync(p => p.Sku, p => p.Id, StringComparer.Ordinal, ct);
        Guid? ProductOf(string sku) => products.TryGetValue(sku, out var id) ? id : null;
        await _buyers.LoadAsync(updates, ct);

        var outcomes = new List<SyncOutcome>(updates.Count);
        foreach (var update in updates)
        {
            var buyer = _buyers.For(update);
            if (!stored.TryGetValue(update.OrderNo, out var order))
            {
                order = Order.FromPlatform(Guid.CreateVersion7(scope.Now), scope.ShopId, buyer, update, ProductOf);
                db.Orders.Add(order);
                stored[update.OrderNo] = order;
                outcomes.Add(SyncOutcome.New);
                Keep(order.TakeEvents());
                continue;
            }

            var result = order.SyncFrom(update, buyer, ProductOf);
            outcomes.Add(result.Outcome);
            Keep(order.TakeEvents());
            if (result.Before is { } before && result.After is { } after)
            {
                db.AuditEntries.Add(new AuditEntry(scope.OrganisationId, scope.ShopId, AuditSubjects.Order, order.Id, order.OrderNo, OrderAudit,
                    AuditActor.System(scope.Actor), scope.Now, Changed(before, after), Changed(after, before), scope.Note));
            }
        }

        await FlushAsync(ct);
        return outcomes;
    }

    /// <summary>Adds the events not stored yet; an event for an order the shop does not have is null in the result.</summary>
    public async Task<IReadOnlyList<SyncOutcome?>> LogisticsAsync(IReadOnlyList<PlatformLogisticsEvent> updates, CancellationToken ct)
    {
        var numbers = updates.Select(u => u.OrderNo).Distinct().ToList();
        var orders = await db.Orders.Where(o => o.ShopId == scope.ShopId && numbers.Contains(o.OrderNo))
            .ToDictionaryAsync(o => o.OrderNo, StringComparer.Ordinal, ct);
        var orderIds = orders.Values.Select(o => o.Id).ToList();
        var known = (await db.LogisticsEvents.AsNoTracking().Where(e => orderIds.Contains(e.OrderId))
                .Select(e => new { e.OrderId, e.At, e.Description }).ToListAsync(ct))
            .Select(e => (e.OrderId, e.At, e.Description)).ToHashSet();

        var outcomes = new List<SyncOutcome?>(updates.Count);
        foreach (var update in updates)
        {
            if (!orders.TryGetValue(update.OrderNo, out var order))
            {
                outcomes.Add(null);
                continue;
            }

            if (!known.Add((order.Id, update.At, update.Description)))
            {
                outcomes.Add(SyncOutcome.Unchanged); // the same report again (a retry): one event
                continue;
            }

            db.LogisticsEvents.Add(new LogisticsEvent(Guid.CreateVersion7(scope.Now), order.Id, update.At, update.Description, update.Location));
            order.NoteParcel(update.Carrier, update.TrackingNo);
            outcomes.Add(SyncOutcome.New);
        }

        await FlushAsync(ct);
        return outcomes;
    }

    private void Keep(IReadOnlyList<Infrastructure.Events.IDomainEvent> events)
    {
        if (!scope.DryRun && !scope.Quiet)
        {
            _events.AddRange(events);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (!scope.DryRun)
        {
            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
        _buyers.Forget();
    }

    /// <summary>Only the parts that changed, so the audit log reads "status: 待发货 → 已发货".</summary>
    private static Dictionary<string, object> Changed(OrderMoney these, OrderMoney others)
    {
        var changed = new Dictionary<string, object>();
        if (these.Status != others.Status)
        {
            changed["status"] = these.Status;
        }

        if (these.TotalFen != others.TotalFen)
        {
            changed["totalFen"] = these.TotalFen;
        }

        if (these.DiscountFen != others.DiscountFen)
        {
            changed["discountFen"] = these.DiscountFen;
        }

        if (these.ShippingFen != others.ShippingFen)
        {
            changed["shippingFen"] = these.ShippingFen;
        }

        if (these.PaidFen != others.PaidFen)
        {
            changed["paidFen"] = these.PaidFen;
        }

        return changed;
    }
}
