using System.Net;
using KefuDesk.Features.Shop.Import;
using KefuDesk.Tests.Infrastructure;
using KefuDesk.Tests.Infrastructure.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>
/// Hostile files against the import (the reader's bounds, see SpreadsheetTests): one past the row
/// or cell bound is rejected by its check, which names the bound; one whose first part (the shared
/// strings, read with the header row) passes a bound is refused at upload; nothing is imported
/// either way, and the preview never carries a cell's full text.
/// </summary>
public abstract partial class ShopImportTests
{
    private static readonly string[] OrderHeaders = ImportTemplates.Columns(ImportKind.Orders).Select(c => c.Header).ToArray();

    private Task<int> ImportsNamedAsync(string fileName) => _platform.InDbAsync(db => db.ShopImports.CountAsync(i => i.FileName == fileName));

    [Fact]
    public async Task A_small_xlsx_of_three_million_rows_or_one_huge_cell_is_rejected_by_its_check_at_the_bound_and_imports_nothing()
    {
        var rows = HostileSheets.TinyRows(OrderHeaders, HostileSheets.BombRows);
        var cell = HostileSheets.LongCell(OrderHeaders, OrderHeaders, atRow: 2, column: 0, length: 23_000_000); // 69 MB in one cell
        Assert.All(new[] { rows, cell }, file => Assert.InRange(file.Length, 1, 1024 * 1024));

        var tooManyRows = await _platform.CheckAsync("orders", "三百万行.xlsx", rows);
        var tooLong = await _platform.CheckAsync("orders", "一个大单元格.xlsx", cell);

        Assert.Equal((ImportStatus.Rejected, "sheet_rows", "文件超过 250000 行：请分成几个文件导入"),
            (tooManyRows.Status, tooManyRows.Failure, tooManyRows.FailureMessage));
        Assert.Equal((ImportStatus.Rejected, "sheet_cell", "第 2 行有单元格超过 4000 个字符：请缩短后重新上传"),
            (tooLong.Status, tooLong.Failure, tooLong.FailureMessage));
        await (await _admin.Http.PostAsync($"/api/shop-data/imports/{tooManyRows.Id}/confirm", null)).AssertProblemAsync(HttpStatusCode.Conflict, "import_not_ready");
        Assert.Empty(await OrdersAsync("1", "订单编号"));
    }

    [Fact]
    public async Task A_zip_bomb_in_the_shared_strings_is_refused_at_upload_naming_the_bound()
    {
        var bomb = HostileSheets.SharedStringsBomb(OrderHeaders, 70L * 1024 * 1024);

        var problem = await (await _platform.UploadAsync("orders", "共享字符串炸弹.xlsx", bomb)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge,
            "import_sheet_too_large");

        Assert.Equal("文件中不同的文字超过 2000000 条：请分成几个文件导入", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await ImportsNamedAsync("共享字符串炸弹.xlsx"));
    }

    [Fact]
    public async Task A_cell_past_the_length_bound_in_an_xlsx_or_an_endless_csv_line_rejects_the_file_at_its_row()
    {
        var orderNo = New("TB");
        var line = Sheets.OrderLine(orderNo, New("tb_"), "待发货", "保温杯", "89", "1");
        var values = OrderHeaders.Select(h => line.GetValueOrDefault(h)?.ToString() ?? "").ToList();
        var remark = Array.IndexOf(OrderHeaders, "卖家备注");

        var xlsx = await _platform.CheckAsync("orders", "长备注.xlsx", HostileSheets.LongCell(OrderHeaders, values, atRow: 3, column: remark, length: 4_001));
        Assert.Equal((ImportStatus.Rejected, "sheet_cell", "第 3 行有单元格超过 4000 个字符：请缩短后重新上传"), (xlsx.Status, xlsx.Failure, xlsx.FailureMessage));

        var csv = await _platform.CheckAsync("orders", "一行五百万字.csv", HostileSheets.LongCsvLine(OrderHeaders, 5_000_000));
        Assert.Equal((ImportStatus.Rejected, "sheet_cell", "第 2 行有单元格超过 4000 个字符：请缩短后重新上传"), (csv.Status, csv.Failure, csv.FailureMessage));

        Assert.Empty(await OrdersAsync(orderNo));
    }

    [Fact]
    public async Task An_order_of_more_lines_than_allowed_is_one_problem_however_many_rows_it_spans()
    {
        var orderNo = New("TB");
        var lines = Enumerable.Range(0, 500).Select(i => i == 0
            ? Sheets.OrderLine(orderNo, New("tb_"), "待发货", "保温杯", "89", "1")
            : Sheets.OrderLine(orderNo, "", "", $"保温杯 {i}", "89", "1", created: "", receiver: "", phone: "", address: ""));

        var check = await _platform.CheckAsync("orders", "一单五百行.xlsx", Sheets.Xlsx(lines.ToArray()));

        Assert.Equal(ImportStatus.Rejected, check.Status);
        Assert.Equal("too_many_lines", Assert.Single(check.Problems).Code);
        Assert.Empty(await OrdersAsync(orderNo));
    }

    [Fact]
    public async Task The_preview_cuts_long_cells_and_problem_values_short()
    {
        var note = new string('长', 3_000); // within the cell bound, past the remark's 500
        var check = await _platform.CheckAsync("orders", "长备注.xlsx", Sheets.Xlsx(Sheets.OrderLine(New("TB"), New("tb_"), "待发货", "保温杯", "89", "1", remark: note)));

        Assert.Equal(ImportStatus.Rejected, check.Status);
        var shown = check.Sample.Single().Cells[Array.IndexOf(OrderHeaders, "卖家备注")];
        Assert.Equal(new string('长', 60) + "…", shown);
        Assert.All(check.Problems, p => Assert.True(p.Message.Length < 200, p.Message));
    }
}
