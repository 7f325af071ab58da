namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>
/// The complaint rules shops are told about (docs/complaints.md): a normal complaint is resolved
/// within 24 hours, a high-risk one within 4; a regulator's (工商/12315) is always high-risk,
/// because the shop must answer the authority on time.
/// </summary>
public static class ComplaintRules
{
    public static readonly TimeSpan NormalTimeToResolve = TimeSpan.FromHours(24);
    public static readonly TimeSpan HighRiskTimeToResolve = TimeSpan.FromHours(4);

    public static TimeSpan TimeToResolve(ComplaintSeverity severity) =>
        severity == ComplaintSeverity.HighRisk ? HighRiskTimeToResolve : NormalTimeToResolve;

    public static ComplaintSeverity SeverityFor(ComplaintSource source, ComplaintSeverity asked) =>
        source == ComplaintSource.Regulator ? ComplaintSeverity.HighRisk : asked;

    /// <summary>TS + the shop's calendar date + the day's running number (at least three digits).</summary>
    public static string NumberPrefix(DateTime shopDate) => "TS" + shopDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Number(string prefix, int sequence) => prefix + sequence.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}
