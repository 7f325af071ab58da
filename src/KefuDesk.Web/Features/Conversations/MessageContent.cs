using System.Text.Json;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure;

namespace KefuDesk.Features.Conversations;

/// <summary>An uploaded image or file as a message shows it.</summary>
public sealed record AttachmentInfo(Guid Id, string FileName, string ContentType, long Size);

/// <summary>A product as it was when the card was sent (prices change; the card does not).</summary>
public sealed record ProductCard(Guid ProductId, string Sku, string Title, long PriceFen, string ImageUrl);

/// <summary>An order as it was when the card was sent.</summary>
public sealed record OrderCard(Guid OrderId, string OrderNo, OrderStatus Status, long TotalFen, string Summary, DateTime CreatedAt)
{
    /// <summary>The order as its card shows it now; its items must be loaded.</summary>
    public static OrderCard Of(Order order) =>
        new(order.Id, order.OrderNo, order.Status, order.TotalFen, SummaryOf(order.Items), order.CreatedAt);

    /// <summary>One line for what was bought: the leading item's title, with the count of pieces when there is more than one item.</summary>
    public static string SummaryOf(IReadOnlyCollection<OrderItem> items) =>
        LeadingItem(items) is not { } first ? ""
        : items.Count == 1 ? first.Title
        : ShopText.Get("Card.OrderItems", first.Title, items.Sum(i => i.Quantity));

    /// <summary>
    /// The item an order is known by: the costliest line (then by SKU). Items are stored in no order,
    /// and the database hands them back in whatever order it likes, so "the first" must be chosen.
    /// </summary>
    public static OrderItem? LeadingItem(IEnumerable<OrderItem> items) =>
        items.OrderByDescending(i => i.UnitPriceFen * i.Quantity).ThenBy(i => i.Sku, StringComparer.Ordinal).ThenBy(i => i.Id).FirstOrDefault();
}

/// <summary>The survey a resolved episode sends the buyer.</summary>
public sealed record SurveyCard(Guid SurveyId, SatisfactionRating? Rating);

/// <summary>
/// What a message carries beyond its text, stored as JSON beside it. One of the parts is set,
/// matching the message's kind.
/// </summary>
public sealed record MessageContent(
    AttachmentInfo? Attachment = null,
    ProductCard? Product = null,
    OrderCard? Order = null,
    SurveyCard? Survey = null)
{
    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions());

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MessageContent? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<MessageContent>(json, Json);
}
