using System.Globalization;
using KefuDesk.Components;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales;

/// <summary>导出 Excel: the listed cases as a sheet, headers and values in the reader's language, money in yuan as numbers.</summary>
public static class CaseExport
{
    public static Task<byte[]> XlsxAsync(IReadOnlyList<CaseRow> rows, IStringLocalizer text, CancellationToken ct)
    {
        string H(string key) => text["AfterSales.Column." + key];
        string Time(DateTime? utc) => utc is { } t ? Display.ShopTime(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
        string Yes(bool flag) => flag ? text["AfterSales.Yes"] : "";
        var sheet = rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [H("CaseNo")] = r.CaseNo,
            [H("Shop")] = r.ShopName,
            [H("OrderNo")] = r.OrderNo,
            [H("Buyer")] = r.BuyerName ?? text["Customer.Visitor", r.CustomerCode].Value,
            [H("Kind")] = text["AfterSales.Kind." + r.Kind].Value,
            [H("Reason")] = text["AfterSales.Reason." + r.Reason].Value,
            [H("Refund")] = r.RefundFen / 100m,
            [H("Status")] = text["AfterSales.Status." + r.Status].Value,
            [H("AwaitingSupervisor")] = Yes(r.AwaitingSupervisor),
            [H("Owner")] = r.OwnerName ?? "",
            [H("CreatedAt")] = Time(r.CreatedAt),
            [H("DueAt")] = Time(r.DueAt),
            [H("Overdue")] = Yes(r.Overdue),
            [H("Escalated")] = Yes(r.EscalatedAt is not null),
        });
        return Spreadsheet.XlsxAsync(text["AfterSales.SheetName"], sheet, ct);
    }
}
