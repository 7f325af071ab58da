using System.Text.RegularExpressions;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>
/// A shop's ready reply to reviews (评价回复模板), with variables filled in for each review:
/// {买家} the buyer's nick, {商品} the product, {订单号} the order number, {店铺} the shop's name.
/// </summary>
public sealed partial class ReplyTemplate
{
    public const int NameMaxLength = 50;
    public const int BodyMaxLength = Review.ReplyMaxLength;

    public static readonly string[] Variables = ["{买家}", "{商品}", "{订单号}", "{店铺}"];

    private ReplyTemplate() { }

    public ReplyTemplate(Guid id, Guid shopId, string name, string body, ReviewRating? suitsRating, DateTime at)
    {
        Id = id;
        ShopId = shopId;
        CreatedAt = at;
        Change(name, body, suitsRating, at);
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public string Name { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>The kind of review it is written for (listed first for those); null: any.</summary>
    public ReviewRating? SuitsRating { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public void Change(string name, string body, ReviewRating? suitsRating, DateTime at)
    {
        Name = name;
        Body = body;
        SuitsRating = suitsRating;
        UpdatedAt = at;
    }

    /// <summary>Words in braces that are not one of <see cref="Variables"/> (a typo would reach buyers as is).</summary>
    public static IReadOnlyList<string> UnknownVariables(string body) =>
        Braces().Matches(body).Select(m => m.Value).Where(v => !Variables.Contains(v)).Distinct().ToList();

    /// <summary>The reply for one review; a variable with nothing to put in becomes empty.</summary>
    public static string Render(string body, string? buyer, string? product, string? orderNo, string shop) =>
        body.Replace("{买家}", buyer ?? "").Replace("{商品}", product ?? "").Replace("{订单号}", orderNo ?? "").Replace("{店铺}", shop);

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();
}
