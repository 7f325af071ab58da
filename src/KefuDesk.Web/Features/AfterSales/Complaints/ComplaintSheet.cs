using KefuDesk.Components;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>The complaint list as a spreadsheet, with the headers and words of the caller's language.</summary>
public static class ComplaintSheet
{
    public static Task<byte[]> XlsxAsync(IReadOnlyList<ComplaintExportRow> rows, IStringLocalizer text, CancellationToken ct) =>
        Spreadsheet.XlsxAsync(text["Complaint.Export.Sheet"], rows.Select(r => Row(r, text)), ct);

    private static IReadOnlyDictionary<string, object?> Row(ComplaintExportRow e, IStringLocalizer text)
    {
        var c = e.Row;
        string Time(DateTime? utc) => utc is { } t ? Display.ShopTime(t).ToString("yyyy-MM-dd HH:mm") : "";
        return new Dictionary<string, object?>
        {
            [text["Complaint.Number"]] = c.Number,
            [text["Complaint.Shop"]] = c.ShopName,
            [text["Complaint.Buyer"]] = c.BuyerName ?? text["Customer.Visitor", c.VisitorCode].Value,
            [text["Complaint.OrderNo"]] = c.OrderNo ?? "",
            [text["Complaint.Source"]] = text["Complaint.Source." + c.Source].Value,
            [text["Complaint.Severity"]] = text["Complaint.Severity." + c.Severity].Value,
            [text["Complaint.Category"]] = text["Complaint.Category." + c.Category].Value,
            [text["Complaint.Subject"]] = c.Subject,
            [text["Complaint.Description"]] = e.Description,
            [text["Complaint.Status"]] = text["Complaint.Status." + c.Status].Value,
            [text["Complaint.Escalated"]] = c.Escalated ? text["Complaint.EscalatedFor." + c.EscalatedFor].Value : "",
            [text["Complaint.Owner"]] = c.OwnerName,
            [text["Complaint.CreatedAt"]] = Time(c.CreatedAt),
            [text["Complaint.Deadline"]] = Time(c.Deadline),
            [text["Complaint.ResolvedAt"]] = Time(c.ResolvedAt),
            [text["Complaint.Resolution"]] = c.Resolution ?? "",
            [text["Complaint.ReturnVisit"]] = c.ReturnVisit is { } v ? text["Complaint.ReturnVisit." + v].Value : "",
            [text["Complaint.ReturnVisitNote"]] = e.ReturnVisitNote ?? "",
            [text["Complaint.ArchivedAt"]] = Time(c.ArchivedAt),
        };
    }
}
