using KefuDesk.Components;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>
/// The review import template: the columns of a Taobao/Tmall review export (评价管理 → 导出), in
/// Chinese whatever the screen's language, since that is what the platform's file says.
/// </summary>
public static class ReviewSheet
{
    public const string ReviewId = "评价ID";
    public const string OrderNo = "订单号";
    public const string BuyerNick = "买家昵称";
    public const string Sku = "商品编码";
    public const string ProductTitle = "商品名称";
    public const string Rating = "评分";
    public const string Description = "描述相符";
    public const string Service = "服务态度";
    public const string Logistics = "物流服务";
    public const string Text = "评价内容";
    public const string ReviewedAt = "评价时间";

    /// <summary>Every column must be there (a cell may be blank unless the column is required); no other column may be.</summary>
    public static readonly string[] Columns = [ReviewId, OrderNo, BuyerNick, Sku, ProductTitle, Rating, Description, Service, Logistics, Text, ReviewedAt];

    /// <summary>At most this many rows in one file (a month of a busy shop); split bigger exports.</summary>
    public const int MaxRows = 5_000;

    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>What a file may unpack to: a 5 MB .xlsx of real reviews unpacks to well under this.</summary>
    public const long MaxUnpackedBytes = 64 * 1024 * 1024;

    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unknown) CheckHeaders(IReadOnlyList<string> headers)
    {
        var present = headers.Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);
        return (Columns.Where(c => !present.Contains(c)).ToList(), present.Where(h => !Columns.Contains(h)).ToList());
    }

    public static RawReview Raw(SheetRow row) =>
        new(row.RowNumber, row[ReviewId], row[OrderNo], row[BuyerNick], row[Sku], row[ProductTitle], row[Rating], row[Description], row[Service],
            row[Logistics], row[Text], row[ReviewedAt]);

    /// <summary>The template to download: the header row only (an example row would be imported by whoever forgot to delete it).</summary>
    public static async Task<byte[]> TemplateAsync(CancellationToken ct = default)
    {
        using var table = new System.Data.DataTable("评价");
        foreach (var column in Columns)
        {
            table.Columns.Add(column, typeof(string));
        }

        using var buffer = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(buffer, table, sheetName: "评价", excelType: MiniExcelLibs.ExcelType.XLSX, cancellationToken: ct);
        return buffer.ToArray();
    }

    /// <summary>The review list for 导出 Excel: the import columns first (so a shop can keep one sheet), then the follow-up.</summary>
    public static Task<byte[]> XlsxAsync(IReadOnlyList<ReviewRow> rows, IStringLocalizer text, CancellationToken ct) =>
        Spreadsheet.XlsxAsync("评价", rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [ReviewId] = r.PlatformReviewId,
            [OrderNo] = r.OrderNo ?? "",
            [BuyerNick] = r.BuyerNick ?? "",
            [Sku] = r.Sku ?? "",
            [ProductTitle] = r.ProductTitle ?? "",
            [Rating] = r.Stars?.ToString() ?? text["Review.Rating." + r.Rating].Value,
            [Description] = r.DescriptionScore,
            [Service] = r.ServiceScore,
            [Logistics] = r.LogisticsScore,
            [Text] = r.Text ?? "",
            [ReviewedAt] = Display.ShopTime(r.ReviewedAt).ToString("yyyy-MM-dd HH:mm:ss"),
            [text["Review.RatingClass"]] = text["Review.Rating." + r.Rating].Value,
            [text["Review.FollowUp"]] = text["Review.FollowUp." + r.FollowUp].Value,
            [text["Review.Assignee"]] = r.AssigneeName ?? "",
            [text["Review.Outcome"]] = r.Outcome is { } o ? text["Review.Outcome." + o].Value : "",
            [text["Review.FollowUpNote"]] = r.FollowUpNote ?? "",
            [text["Review.Reply"]] = r.Reply ?? "",
        }), ct);
}
