using KefuDesk.Features.Routing.Groups;

namespace KefuDesk.Features.AfterSales;

/// <summary>
/// When each step of a case is due. The first review counts only the shop's service hours (a case
/// opened at 23:50 with the shop open 09:00–22:00 is due at 09:20 for a 20-minute rule); later
/// steps count calendar time, since the buyer's parcel and the carrier do not keep shop hours.
/// </summary>
public static class CaseDeadlines
{
    /// <summary>审核中: approve or reject within a day.</summary>
    public static readonly TimeSpan Decision = TimeSpan.FromHours(24);

    /// <summary>待买家退货: the buyer ships the goods back within seven days.</summary>
    public static readonly TimeSpan BuyerReturn = TimeSpan.FromDays(7);

    /// <summary>已退货: the returned parcel is inspected within two days.</summary>
    public static readonly TimeSpan Inspection = TimeSpan.FromHours(48);

    /// <summary>已同意 / 已验收: the refund is paid or the goods go out within a day.</summary>
    public static readonly TimeSpan Settlement = TimeSpan.FromHours(24);

    /// <summary>Looking further ahead than this for open hours means the shop has none; calendar minutes count then.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(60);

    public static DateTime? Due(CaseStatus status, DateTime at) => status switch
    {
        CaseStatus.UnderReview => at + Decision,
        CaseStatus.AwaitingBuyerReturn => at + BuyerReturn,
        CaseStatus.Returned => at + Inspection,
        CaseStatus.Approved or CaseStatus.Inspected => at + Settlement,
        _ => null,
    };

    /// <summary>The moment <paramref name="minutes"/> service minutes after <paramref name="openedAt"/> (no hours set: always open).</summary>
    public static DateTime FirstReview(DateTime openedAt, int minutes, BusinessHours? hours)
    {
        if (hours is null)
        {
            return openedAt.AddMinutes(minutes);
        }

        var left = minutes;
        var t = openedAt;
        while (t - openedAt < Horizon)
        {
            if (hours.IsOpen(t) && --left == 0)
            {
                return t.AddMinutes(1);
            }

            t = t.AddMinutes(1);
        }

        return openedAt.AddMinutes(minutes);
    }
}
