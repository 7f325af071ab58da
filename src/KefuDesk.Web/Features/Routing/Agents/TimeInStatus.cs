using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Routing.Agents;

/// <summary>How long someone has been in a status or a queue, the way a busy agent reads it: 刚刚, 12 分钟, 2 小时 5 分.</summary>
public static class TimeInStatus
{
    public static string Format(IStringLocalizer t, DateTime since, DateTime now)
    {
        var span = now - since;
        if (span < TimeSpan.FromMinutes(1))
        {
            return t["Status.Just"];
        }

        if (span < TimeSpan.FromHours(1))
        {
            return t["Status.Minutes", (int)span.TotalMinutes];
        }

        return span < TimeSpan.FromDays(1) ? t["Status.Hours", (int)span.TotalHours, span.Minutes] : t["Status.Days", (int)span.TotalDays];
    }

    /// <summary>Waiting buyers are counted in seconds at first: a minute matters to them.</summary>
    public static string Wait(IStringLocalizer t, DateTime since, DateTime now)
    {
        var span = now - since;
        return span < TimeSpan.FromMinutes(1) ? t["Status.Seconds", Math.Max(0, (int)span.TotalSeconds)] : Format(t, since, now);
    }
}
