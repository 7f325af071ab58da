using System.Text.Json;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure;

namespace KefuDesk.Features.Conversations;

/// <summary>An uploaded image or file as a message shows it.</summary>
public sealed record AttachmentInfo(Guid Id, string FileName, string ContentType, long Size);

/// <summary>A product as it was when the card was sent (prices change; the card does not).</summary>
public sealed record ProductCard(Guid ProductId, string Sku, string Title, long PriceFen, string ImageUrl);

/// <summary>An order as it was when the card was sent.</summary>
public sealed record OrderCard(Guid OrderId, string OrderNo, OrderStatus Status, long TotalFen, string Summary, DateTime CreatedAt);

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
