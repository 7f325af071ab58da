using System.Globalization;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>A review as it arrives, every field as text (a sheet's cells, or the API's values written out).</summary>
public sealed record RawReview(int Row, string ReviewId, string OrderNo, string BuyerNick, string Sku, string ProductTitle, string Rating,
    string Description, string Service, string Logistics, string Text, string ReviewedAt, DateTime? ReviewedAtUtc = null);

/// <summary>What is wrong with one row (its number as Excel shows it, or the API item's position from 1) and in which column.</summary>
public sealed record ReviewRowError(int Row, string Column, string Message);

/// <summary>
/// The rules every imported review meets, the same for a sheet and the API: 评价ID, 评分 and 评价时间
/// are required; 评分 is 1–5 stars (5, 5星, 5分) or 好评/中评/差评; each DSR score is blank or a
/// whole 1–5; 评价时间 is the shop's (China) time, not in the future; texts fit their columns.
/// </summary>
public static class ReviewCheck
{
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm", "yyyy-M-d",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d",
    ];

    public static (ReviewFacts? Facts, IReadOnlyList<ReviewRowError> Errors) Check(RawReview raw, DateTime now, IStringLocalizer text)
    {
        var errors = new List<ReviewRowError>();
        void Fail(string column, string key, params object[] args) => errors.Add(new ReviewRowError(raw.Row, column, text[key, args]));

        string? Fits(string value, string column, int max)
        {
            var trimmed = value.Trim();
            if (trimmed.Length > max)
            {
                Fail(column, "Review.Check.TooLong", max);
            }

            return trimmed.Length == 0 ? null : trimmed;
        }

        var id = Fits(raw.ReviewId, ReviewSheet.ReviewId, Review.IdMaxLength);
        if (id is null)
        {
            Fail(ReviewSheet.ReviewId, "Review.Check.Required");
        }

        var orderNo = Fits(raw.OrderNo, ReviewSheet.OrderNo, Review.IdMaxLength);
        var nick = Fits(raw.BuyerNick, ReviewSheet.BuyerNick, Review.NickMaxLength);
        var sku = Fits(raw.Sku, ReviewSheet.Sku, Review.IdMaxLength);
        var title = Fits(raw.ProductTitle, ReviewSheet.ProductTitle, Review.TitleMaxLength);
        var body = Fits(raw.Text, ReviewSheet.Text, Review.TextMaxLength);

        var (stars, rating) = Rating(raw.Rating);
        if (rating is null)
        {
            Fail(ReviewSheet.Rating, string.IsNullOrWhiteSpace(raw.Rating) ? "Review.Check.Required" : "Review.Check.Rating");
        }

        int? Score(string value, string column)
        {
            var v = value.Trim();
            if (v.Length == 0)
            {
                return null;
            }

            if (decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n == decimal.Truncate(n) && n is >= 1 and <= 5)
            {
                return (int)n;
            }

            Fail(column, "Review.Check.Score");
            return null;
        }

        var description = Score(raw.Description, ReviewSheet.Description);
        var service = Score(raw.Service, ReviewSheet.Service);
        var logistics = Score(raw.Logistics, ReviewSheet.Logistics);

        var at = raw.ReviewedAtUtc ?? ShopTime(raw.ReviewedAt);
        if (at is null)
        {
            Fail(ReviewSheet.ReviewedAt, string.IsNullOrWhiteSpace(raw.ReviewedAt) ? "Review.Check.Required" : "Review.Check.Time");
        }
        else if (at > now.AddHours(1) || at < new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            Fail(ReviewSheet.ReviewedAt, "Review.Check.TimeRange");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ReviewFacts(id!, orderNo, nick, sku, title, stars, rating!.Value, description, service, logistics, body,
                DateTime.SpecifyKind(at!.Value, DateTimeKind.Utc)), errors);
    }

    /// <summary>"5", "5星", "5分" (stars), or 好评/中评/差评 (good/neutral/bad), as platforms write them.</summary>
    public static (int? Stars, ReviewRating? Rating) Rating(string value)
    {
        var v = value.Trim().TrimEnd('星', '分').Trim();
        if (decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n == decimal.Truncate(n) && n is >= 1 and <= 5)
        {
            return ((int)n, ReviewFacts.RatingOf((int)n));
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "好评" or "good" => (null, ReviewRating.Good),
            "中评" or "neutral" => (null, ReviewRating.Neutral),
            "差评" or "bad" => (null, ReviewRating.Bad),
            _ => (null, null),
        };
    }

    /// <summary>A time as the sheet shows it (China time), or an Excel serial date; null when it is neither.</summary>
    private static DateTime? ShopTime(string value)
    {
        var v = value.Trim();
        if (DateTime.TryParseExact(v, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Components.Display.ShopZone);
        }

        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 30_000 and < 80_000)
        {
            var day = DateTime.FromOADate(serial);
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(new DateTime(day.Ticks - (day.Ticks % TimeSpan.TicksPerSecond)), DateTimeKind.Unspecified),
                Components.Display.ShopZone);
        }

        return null;
    }
}
