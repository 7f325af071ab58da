using KefuDesk.Features.Shop.Sync;

namespace KefuDesk.Features.Shop;

/// <summary>
/// Updates from the shop platform (import files and the sync API): the newest word wins, an update
/// older than <see cref="UpdatedAt"/> is ignored, the same word twice changes nothing.
/// </summary>
public sealed partial class Product
{
    /// <summary>A product the platform reports for the first time.</summary>
    public static Product FromPlatform(Guid id, Guid shopId, PlatformProduct update)
    {
        var product = new Product(id, shopId, update.Sku, update.Title, update.PriceFen, update.Stock, update.ImageUrl, update.UpdatedAt);
        product.Attributes = update.Attributes;
        return product;
    }

    /// <summary>Applies the platform's newer word; returns the price before when it changed (for the audit log).</summary>
    public (SyncOutcome Outcome, long? PriceBeforeFen) SyncFrom(PlatformProduct update)
    {
        if (!string.Equals(update.Sku, Sku, StringComparison.Ordinal))
        {
            throw new ArgumentException("The update is for another product.", nameof(update));
        }

        if (update.PriceFen <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(update), "A product's price must be positive.");
        }

        if (update.UpdatedAt < UpdatedAt)
        {
            return (SyncOutcome.Stale, null);
        }

        var imageUrl = update.ImageUrl.Length == 0 ? ImageUrl : update.ImageUrl;
        var attributes = update.Attributes.Length == 0 ? Attributes : update.Attributes;
        if (Title == update.Title && PriceFen == update.PriceFen && Stock == update.Stock && ImageUrl == imageUrl && Attributes == attributes)
        {
            UpdatedAt = update.UpdatedAt; // later news of the same state: an update older than this is stale now
            return (SyncOutcome.Unchanged, null);
        }

        var priceBefore = PriceFen == update.PriceFen ? (long?)null : PriceFen;
        Title = update.Title;
        PriceFen = update.PriceFen;
        Stock = update.Stock;
        ImageUrl = imageUrl;
        Attributes = attributes;
        UpdatedAt = update.UpdatedAt;
        return (SyncOutcome.Updated, priceBefore);
    }
}
