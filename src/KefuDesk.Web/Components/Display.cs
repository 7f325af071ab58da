using System.Globalization;

namespace KefuDesk.Components;

/// <summary>How times and money read on screen: shop-local times, yuan with two decimals.</summary>
public static class Display
{
    /// <summary>Shops default to China time (KPI.md: a day is the shop's calendar day).</summary>
    public static readonly TimeZoneInfo ShopZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Who did it, as staff read it: the system's own jobs (deadline, escalation) by what they are, people by name.</summary>
    public static string Actor(Microsoft.Extensions.Localization.IStringLocalizer t, string name) =>
        t["Audit.Actor." + name] is { ResourceNotFound: false } known ? known.Value : name;

    public static DateTime ShopTime(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ShopZone);

    /// <summary>"14:05" today, "11-20 14:05" this year, else "2025-11-20".</summary>
    public static string When(DateTime utc, DateTime nowUtc)
    {
        var t = ShopTime(utc);
        var now = ShopTime(nowUtc);
        return t.Date == now.Date ? t.ToString("HH:mm", CultureInfo.InvariantCulture)
            : t.Year == now.Year ? t.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public static string Yuan(long fen) => "¥" + (fen / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>Yuan typed by a person ("88", "88.5", "¥1,088.00") as fen; null when it is not an amount with at most two decimals.</summary>
    public static long? Fen(string? yuan)
    {
        var text = yuan?.Trim().TrimStart('¥', '￥').Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
               && decimal.Round(v, 2) == v && Math.Abs(v) < 100_000_000m
            ? (long)(v * 100)
            : null;
    }
}
