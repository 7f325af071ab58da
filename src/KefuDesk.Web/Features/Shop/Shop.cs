namespace KefuDesk.Features.Shop;

/// <summary>
/// A storefront (a Tmall store, a JD store, the brand's own site). Buyers reach it through its
/// widget key; conversations, products and orders belong to one shop.
/// </summary>
public sealed class Shop
{
    public const int NameMaxLength = 100;

    private Shop() { }

    public Shop(Guid id, Guid organisationId, string name, string widgetKey, string platform, DateTime createdAt)
    {
        Id = id;
        OrganisationId = organisationId;
        Name = name;
        WidgetKey = widgetKey;
        Platform = platform;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Public key in the shop's embed snippet; not a secret.</summary>
    public string WidgetKey { get; private set; } = "";

    /// <summary>Where the shop sells: taobao, tmall, jd, pdd, own… (free text for now).</summary>
    public string Platform { get; private set; } = "";

    /// <summary>IANA time zone; a shop's "day" for KPIs is its local calendar day.</summary>
    public string TimeZone { get; private set; } = "Asia/Shanghai";

    public DateTime CreatedAt { get; private set; }
}
