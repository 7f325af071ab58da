using System.Globalization;

namespace KefuDesk.Features.Shop.Sync;

/// <summary>
/// Reads values the way shop platforms write them: yuan with up to two decimals ("1,299.00",
/// "¥89"), shop-local times ("2025-11-20 14:05:00"), order states in Chinese ("待发货", Taobao's
/// "买家已付款，等待卖家发货") or by name ("awaitingShipment"). Each returns null when it cannot read
/// the text, so the caller can say which row and column.
/// </summary>
public static class PlatformValues
{
    /// <summary>The largest amount accepted anywhere (¥1,000,000,000), so sums cannot overflow.</summary>
    public const long MaxFen = 100_000_000_000;

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy-MM-dd",
        "yyyy/M/d HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d HH:mm", "yyyy/M/d H:mm", "yyyy/M/d",
        "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    private static readonly Dictionary<string, OrderStatus> StatusNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["待付款"] = OrderStatus.AwaitingPayment,
        ["等待买家付款"] = OrderStatus.AwaitingPayment,
        ["待发货"] = OrderStatus.AwaitingShipment,
        ["买家已付款，等待卖家发货"] = OrderStatus.AwaitingShipment,
        ["买家已付款,等待卖家发货"] = OrderStatus.AwaitingShipment,
        ["等待卖家发货"] = OrderStatus.AwaitingShipment,
        ["已发货"] = OrderStatus.Shipped,
        ["卖家已发货，等待买家确认"] = OrderStatus.Shipped,
        ["卖家已发货,等待买家确认"] = OrderStatus.Shipped,
        ["等待买家确认收货"] = OrderStatus.Shipped,
        ["已签收"] = OrderStatus.Delivered,
        ["买家已签收"] = OrderStatus.Delivered,
        ["已完成"] = OrderStatus.Completed,
        ["交易成功"] = OrderStatus.Completed,
        ["已关闭"] = OrderStatus.Closed,
        ["交易关闭"] = OrderStatus.Closed,
    };

    /// <summary>The Chinese name shown for a state (the first the template lists).</summary>
    public static string ChineseName(OrderStatus status) => status switch
    {
        OrderStatus.AwaitingPayment => "待付款",
        OrderStatus.AwaitingShipment => "待发货",
        OrderStatus.Shipped => "已发货",
        OrderStatus.Delivered => "已签收",
        OrderStatus.Completed => "已完成",
        _ => "已关闭",
    };

    public static OrderStatus? Status(string text)
    {
        var t = text.Trim();
        if (StatusNames.TryGetValue(t, out var status))
        {
            return status;
        }

        // Taobao adds the reason to closed orders: "交易关闭(买家取消)".
        if (t.StartsWith("交易关闭", StringComparison.Ordinal))
        {
            return OrderStatus.Closed;
        }

        return Enum.TryParse<OrderStatus>(t, ignoreCase: true, out var named) && Enum.IsDefined(named) && !t.Any(char.IsAsciiDigit)
            ? named
            : null;
    }

    /// <summary>Yuan text to fen: "89", "89.9", "1,299.00", "¥89.00"; null when not an amount with at most two decimals.</summary>
    public static long? Fen(string text)
    {
        var t = text.Trim().TrimStart('¥', '￥').Replace(",", "", StringComparison.Ordinal).Trim();
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan))
        {
            return null;
        }

        var fen = yuan * 100;
        return fen != decimal.Truncate(fen) || Math.Abs(fen) > MaxFen ? null : (long)fen;
    }

    /// <summary>A whole number ("3", "3.0" as spreadsheets write it); null otherwise.</summary>
    public static long? Whole(string text)
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var n) || n != decimal.Truncate(n) || Math.Abs(n) > 1_000_000_000_000)
        {
            return null;
        }

        return (long)n;
    }

    /// <summary>
    /// A time written in the shop's zone, or with its own offset (ISO 8601); as UTC, to the
    /// microsecond (what both databases keep, so the same time read back compares equal).
    /// </summary>
    public static DateTime? Time(string text, TimeZoneInfo shopZone)
    {
        var t = text.Trim();
        if (t.Length == 0)
        {
            return null;
        }

        if (DateTime.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Microseconds(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), shopZone));
        }

        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasOffset(t))
        {
            return Microseconds(withOffset.UtcDateTime);
        }

        // An Excel date cell stored as a number (days since 1899-12-30), when the sheet lost its date format.
        if (double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var days) && days is > 20_000 and < 80_000)
        {
            return Microseconds(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(DateTime.FromOADate(days), DateTimeKind.Unspecified), shopZone));
        }

        return null;
    }

    public static TimeZoneInfo Zone(string? timeZone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? "Asia/Shanghai" : timeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
    }

    public static DateTime Microseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static bool HasOffset(string t) =>
        t.EndsWith('Z') || t.EndsWith('z') || (t.Length > 6 && (t[^6] is '+' or '-') && t[^3] == ':');

    /// <summary>A link a browser may show as an image: https/http, or a path on this site.</summary>
    public static bool IsImageLink(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\'))
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && !string.IsNullOrEmpty(uri.Host));
}
