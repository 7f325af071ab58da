using System.Globalization;
using KefuDesk.Components;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Search;

/// <summary>
/// Dates as supervisors mean them: a day is the shop's calendar day (China time), and a range
/// "from 11-01 to 11-03" includes the whole of the 3rd. Exact instants with an offset are taken as given.
/// </summary>
public static class SearchDates
{
    /// <summary>The start of a range: a date (<c>2026-11-01</c>) is that day's first moment in shop time.</summary>
    public static DateTime? ParseFrom(string? value, string name = "from") => Parse(value, name, endOfDay: false);

    /// <summary>The end of a range (exclusive): a date (<c>2026-11-03</c>) means up to the end of that day.</summary>
    public static DateTime? ParseTo(string? value, string name = "to") => Parse(value, name, endOfDay: true);

    /// <summary>A shop-local calendar day's first moment, in UTC.</summary>
    public static DateTime DayStart(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Display.ShopZone);

    private static DateTime? Parse(string? value, string name, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return DayStart(endOfDay ? day.AddDays(1) : day);
        }

        // An instant must say which zone it is in (Z or +08:00): a bare time would be a guess.
        if (value.Length > 10 && (value.EndsWith('Z') || value.EndsWith("z", StringComparison.Ordinal) || HasOffset(value))
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && instant.Year is >= 2000 and <= 9000)
        {
            return instant.UtcDateTime;
        }

        throw new KefuDeskException(KefuDeskError.SearchDateInvalid, name + ": yyyy-MM-dd or an ISO 8601 time with Z or an offset");
    }

    private static bool HasOffset(string value)
    {
        var t = value.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return t > 0 && (value.IndexOf('+', t) > 0 || value.IndexOf('-', t) > 0);
    }
}
