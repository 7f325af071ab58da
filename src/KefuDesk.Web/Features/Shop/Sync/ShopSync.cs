using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Shop.Sync;

/// <summary>
/// Applies a batch from the sync API (an admin's call or the signed webhook): every item checked
/// first, and a batch with any problem refused whole; then products, orders and logistics in one
/// transaction through <see cref="ShopDataWriter"/>. Two batches touching the same new order at once
/// collide on its unique number (or on an order's version); the loser runs again and finds the
/// winner's row, so platform retries and parallel webhooks end in one record each.
/// </summary>
public sealed class ShopSync(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, IEventPublisher events,
    IStringLocalizer<SharedResource> text, ILogger<ShopSync> log)
{
    /// <summary>Items per request, all kinds together.</summary>
    public const int MaxItems = 1000;

    /// <summary>How the audit log names the sync API as the actor.</summary>
    public const string Actor = "sync";

    private const int Attempts = 3;

    public async Task<SyncResult> ApplyAsync(Guid organisationId, Guid shopId, SyncBatch batch, string? byWhom, CancellationToken ct)
    {
        var products = batch.Products ?? [];
        var orders = batch.Orders ?? [];
        var logistics = batch.Logistics ?? [];
        if (products.Count + orders.Count + logistics.Count > MaxItems)
        {
            throw new KefuDeskException(ShopDataErrors.BatchTooLarge, $"at most {MaxItems} items per request");
        }

        var zone = PlatformValues.Zone(await ShopZoneAsync(organisationId, shopId, ct));
        var problems = new List<ItemProblem>();
        var productUpdates = Checked(products, "products", (p, path) => SyncPayloads.Product(p, path, zone, problems), s => s.Sku, "sku", problems);
        var orderUpdates = Checked(orders, "orders", (o, path) => SyncPayloads.Order(o, path, zone, problems), s => s.OrderNo, "orderNo", problems);
        var logisticsUpdates = logistics.Select((l, i) => l is null ? Missing<PlatformLogisticsEvent>($"logistics[{i}]", problems)
            : SyncPayloads.Logistics(l, $"logistics[{i}]", zone, problems)).ToList();
        Refuse(shopId, problems);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync(new SyncScope(organisationId, shopId, Actor, clock.GetUtcNow().UtcDateTime, Note: byWhom), productUpdates!, orderUpdates!,
                    logisticsUpdates!, ct);
            }
            catch (DbUpdateException collided) when (attempt < Attempts)
            {
                log.LogInformation(collided, "Sync batch for shop {Shop} collided with another update (attempt {Attempt}); running it again", shopId, attempt);
            }
            catch (DbUpdateException collided)
            {
                log.LogWarning(collided, "Sync batch for shop {Shop} collided {Attempts} times; refused", shopId, Attempts);
                throw new KefuDeskException(ShopDataErrors.Busy);
            }
        }
    }

    private async Task<SyncResult> WriteAsync(SyncScope scope, IReadOnlyList<PlatformProduct> products, IReadOnlyList<PlatformOrder> orders,
        IReadOnlyList<PlatformLogisticsEvent> logistics, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginBulkTransactionAsync(ct);
        var writer = new ShopDataWriter(db, scope);
        var productOutcomes = products.Count == 0 ? [] : await writer.ProductsAsync(products, ct);
        var orderOutcomes = orders.Count == 0 ? [] : await writer.OrdersAsync(orders, ct);
        var logisticsOutcomes = logistics.Count == 0 ? [] : await writer.LogisticsAsync(logistics, ct);
        var missing = logisticsOutcomes.Select((o, i) => (o, i)).Where(x => x.o is null)
            .Select(x => new ItemProblem($"logistics[{x.i}].orderNo", new DataProblem("orderNo", "order_not_found", logistics[x.i].OrderNo)))
            .ToList();
        Refuse(scope.ShopId, missing); // nothing of the batch is committed

        await transaction.CommitAsync(ct);
        events.Publish(writer.Events);
        var result = new SyncResult(Count(productOutcomes), Count(orderOutcomes), Count(logisticsOutcomes.OfType<SyncOutcome>()));
        log.LogInformation("Sync for shop {Shop} by {Actor}: products {Products}, orders {Orders}, logistics {Logistics}", scope.ShopId, scope.Actor,
            result.Products, result.Orders, result.Logistics);
        return result;
    }

    /// <summary>The shop's time zone; the shop must belong to the organisation.</summary>
    private async Task<string> ShopZoneAsync(Guid organisationId, Guid shopId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Shops.AsNoTracking().Where(s => s.Id == shopId && s.OrganisationId == organisationId).Select(s => s.TimeZone)
            .FirstOrDefaultAsync(ct) ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);
    }

    /// <summary>Checks each item and refuses a second item for the same key (one batch says one thing about a record).</summary>
    private static List<T?> Checked<TItem, T>(IReadOnlyList<TItem> items, string kind, Func<TItem, string, T?> check, Func<T, string> key, string keyField,
        List<ItemProblem> problems) where T : class
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<T?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{kind}[{i}]";
            var checkedItem = items[i] is null ? Missing<T>(path, problems) : check(items[i], path);
            if (checkedItem is not null && !seen.TryAdd(key(checkedItem), i))
            {
                problems.Add(new ItemProblem($"{path}.{keyField}", new DataProblem(keyField, "duplicate_item", key(checkedItem),
                    $"{kind}[{seen[key(checkedItem)]}]")));
            }

            result.Add(checkedItem);
        }

        return result;
    }

    /// <summary>A <c>null</c> in a list is an item without anything in it.</summary>
    private static T? Missing<T>(string path, List<ItemProblem> problems) where T : class
    {
        problems.Add(new ItemProblem(path, new DataProblem("", "required")));
        return null;
    }

    private void Refuse(Guid shopId, List<ItemProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var messages = problems.Select(p => ProblemText.Describe(text, p.Path + " ", p.Problem)).ToList();
        log.LogWarning("Sync batch for shop {Shop} refused: {Count} problems, first {First}", shopId, problems.Count, messages[0]);
        throw new KefuDeskException(ShopDataErrors.ItemsInvalid, ProblemText.Summary(text, messages));
    }

    private static SyncCounts Count(IEnumerable<SyncOutcome> outcomes) => outcomes.Aggregate(SyncCounts.None, (c, o) => c.Add(o));
}
