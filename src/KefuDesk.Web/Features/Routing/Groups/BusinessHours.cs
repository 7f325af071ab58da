using System.Globalization;
using System.Text.Json;
using KefuDesk.Components;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Routing.Groups;

/// <summary>
/// When a shop or group serves, in shop time: <see cref="Week"/> holds seven entries, Monday first,
/// each like "09:00-12:00,13:30-24:00" (empty: closed that day); <see cref="Holidays"/> are closed
/// dates; <see cref="Workdays"/> are extra working dates (调休) that keep Monday's hours.
/// </summary>
public sealed record BusinessHours(IReadOnlyList<string> Week, IReadOnlyList<string> Holidays, IReadOnlyList<string> Workdays)
{
    private const int MaxDates = 100;
    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions());

    public static BusinessHours? Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<BusinessHours>(json, Json);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Refuses hours that do not read as the shop meant them, with <c>routing_invalid</c>.</summary>
    public BusinessHours Checked()
    {
        if (Week is not { Count: 7 } || Holidays is null || Workdays is null || Holidays.Count > MaxDates || Workdays.Count > MaxDates)
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, "hours: seven days, Monday first; at most 100 holidays and workdays");
        }

        foreach (var day in Week)
        {
            _ = Ranges(day);
        }

        foreach (var date in Holidays.Concat(Workdays))
        {
            _ = Date(date);
        }

        return this with { Week = [.. Week.Select(d => d?.Trim() ?? "")] };
    }

    public bool IsOpen(DateTime utc)
    {
        var local = Display.ShopTime(utc);
        var date = DateOnly.FromDateTime(local);
        if (Holidays.Any(h => Date(h) == date))
        {
            return false;
        }

        var day = Workdays.Any(w => Date(w) == date) ? 0 : ((int)local.DayOfWeek + 6) % 7;
        var minute = (local.Hour * 60) + local.Minute;
        return Ranges(Week[day]).Any(r => minute >= r.From && minute < r.To);
    }

    private static DateOnly Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"date '{text}' is not yyyy-MM-dd");

    private static IEnumerable<(int From, int To)> Ranges(string? day)
    {
        if (string.IsNullOrWhiteSpace(day))
        {
            return [];
        }

        return day.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(range =>
        {
            var parts = range.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || Minute(parts[0]) is not { } from || Minute(parts[1]) is not { } to || from >= to)
            {
                throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"hours '{range}' are not like 09:00-18:00");
            }

            return (from, to);
        }).ToList();
    }

    private static int? Minute(string hhmm) =>
        hhmm.Length == 5 && hhmm[2] == ':' && int.TryParse(hhmm[..2], CultureInfo.InvariantCulture, out var h)
        && int.TryParse(hhmm[3..], CultureInfo.InvariantCulture, out var m) && h is >= 0 and <= 24 && m is >= 0 and < 60 && (h < 24 || m == 0)
            ? (h * 60) + m
            : null;
}
