using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>How much time a complaint has left, the way an agent reads it at a glance: 剩 3小时20分, 超时 2小时.</summary>
public static class ComplaintTimes
{
    public static string Left(DateTime deadline, DateTime now, IStringLocalizer text)
    {
        var left = deadline - now;
        var span = left.Duration();
        var amount = span.TotalHours >= 24 ? text["Complaints.Days", (int)span.TotalDays, span.Hours].Value
            : span.TotalMinutes >= 60 ? text["Complaints.Hours", (int)span.TotalHours, span.Minutes].Value
            : text["Complaints.Minutes", Math.Max(1, (int)span.TotalMinutes)].Value;
        return text[left >= TimeSpan.Zero ? "Complaints.TimeLeft" : "Complaints.TimeOver", amount];
    }
}
