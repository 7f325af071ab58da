using System.Net;
using KefuDesk.Tests.Infrastructure;
using KefuDesk.Tests.Infrastructure.Spreadsheets;

namespace KefuDesk.Tests.Features.AfterSales.Reviews;

/// <summary>
/// Hostile files against the review import, which reads inside the request: the reader's bounds
/// (at most 5,000 rows here) refuse them where they pass, naming the bound, and nothing is stored.
/// </summary>
public abstract partial class ReviewTests
{
    private async Task<string?> RefusedDetailAsync(StaffClient who, byte[] file, string fileName, bool dryRun)
    {
        var problem = await (await UploadAsync(who, Shop, file, fileName, dryRun)).AssertProblemAsync(HttpStatusCode.BadRequest, "review_import_file");
        return problem.GetProperty("detail").GetString();
    }

    [Fact]
    public async Task A_small_file_that_unpacks_to_millions_of_rows_or_a_bomb_is_refused_by_the_dry_run_before_it_is_unpacked()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        Assert.Equal("文件解压后超过 64 MB：请分成几个文件导入",
            await RefusedDetailAsync(supervisor, HostileSheets.TinyRows(Columns, HostileSheets.BombRows), "三百万行.xlsx", dryRun: true));
        Assert.Equal("文件解压后超过 64 MB：请分成几个文件导入",
            await RefusedDetailAsync(supervisor, HostileSheets.SharedStringsBomb(Columns, 70L * 1024 * 1024), "炸弹.xlsx", dryRun: true));
        Assert.Null(await StoredAsync("1"));
    }

    [Fact]
    public async Task A_file_past_5000_rows_or_with_a_cell_past_the_length_bound_is_refused_naming_it_and_stores_nothing()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        Assert.Equal("文件超过 5000 行：请分成几个文件导入",
            await RefusedDetailAsync(supervisor, HostileSheets.TinyRows(Columns, 5_001), "rows.xlsx", dryRun: false));
        Assert.Null(await StoredAsync("1"));

        var id = NewId();
        var values = Row(id, "", "5", "好", "2026-11-01 10:00:00").Values.Select(v => v?.ToString() ?? "").ToList();
        Assert.Equal("第 3 行有单元格超过 4000 个字符：请缩短后重新上传",
            await RefusedDetailAsync(supervisor, HostileSheets.LongCell(Columns, values, atRow: 3, column: Array.IndexOf(Columns, "评价内容"), length: 4_001),
                "long.xlsx", dryRun: false));
        Assert.Equal("第 2 行有单元格超过 4000 个字符：请缩短后重新上传",
            await RefusedDetailAsync(supervisor, HostileSheets.LongCsvLine(Columns, 4_000_000), "long.csv", dryRun: false));
        Assert.Null(await StoredAsync(id)); // not even row 2, which was fine
    }
}
