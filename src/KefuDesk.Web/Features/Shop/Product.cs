namespace KefuDesk.Features.Shop;

/// <summary>An item the shop sells. Money is kept in fen (分) as whole numbers.</summary>
public sealed partial class Product
{
    private Product() { }

    public Product(Guid id, Guid shopId, string sku, string title, long priceFen, int stock, string imageUrl, DateTime createdAt)
    {
        if (priceFen <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(priceFen), "A product's price must be positive.");
        }

        Id = id;
        ShopId = shopId;
        Sku = sku;
        Title = title;
        PriceFen = priceFen;
        Stock = stock;
        ImageUrl = imageUrl;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Title { get; private set; } = "";
    public long PriceFen { get; private set; }
    public int Stock { get; private set; }
    public string ImageUrl { get; private set; } = "";

    /// <summary>Attributes as the shop lists them, "name:value" pairs separated by ';' (颜色:黑;尺码:L).</summary>
    public string Attributes { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    /// <summary>When the shop platform last changed the product; older updates from sync are ignored.</summary>
    public DateTime UpdatedAt { get; private set; }
}
