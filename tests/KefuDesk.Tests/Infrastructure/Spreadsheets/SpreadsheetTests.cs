using System.IO.Compression;
using System.Text;
using KefuDesk.Infrastructure.Spreadsheets;

namespace KefuDesk.Tests.Infrastructure.Spreadsheets;

/// <summary>
/// The one reader every uploaded sheet goes through: it reads what Excel, WPS and the app's own
/// exports write, and it stops at the first of its bounds (rows, unpacked bytes, cell length,
/// shared strings) with a <see cref="SheetTooLargeException"/> saying which, before a hostile file
/// is unpacked.
/// </summary>
public sealed class SpreadsheetTests
{
    private static readonly string[] Headers = ["订单编号", "买家会员名", "备注"];

    private static SheetTooLargeException Refused(Action read) => Assert.Throws<SheetTooLargeException>(read);

    [Fact]
    public async Task What_the_app_writes_reads_back_as_text_dates_and_numbers_as_shown()
    {
        var written = await Spreadsheet.XlsxAsync("表", [
            new Dictionary<string, object?>
            {
                ["订单编号"] = "TB0001", ["时间"] = new DateTime(2025, 11, 20, 14, 5, 0), ["金额"] = 89.10m, ["数量"] = 2, ["长号"] = 1234567890123456789L,
                ["是否"] = true, ["空"] = null, [" 备注 "] = "  两头有空格  ",
            },
            new Dictionary<string, object?> { ["订单编号"] = "", ["时间"] = null, ["金额"] = null, ["数量"] = null, ["长号"] = null, ["是否"] = null, ["空"] = null, [" 备注 "] = "" },
            new Dictionary<string, object?> { ["订单编号"] = "TB0002", ["时间"] = null, ["金额"] = 0.5, ["数量"] = -3, ["长号"] = null, ["是否"] = false, ["空"] = null, [" 备注 "] = "" },
        ]);

        Assert.Equal(["订单编号", "时间", "金额", "数量", "长号", "是否", "空", "备注"], Spreadsheet.Headers(new MemoryStream(written), "a.xlsx"));
        var rows = Spreadsheet.Rows(new MemoryStream(written), "a.xlsx").ToList();
        Assert.Equal([2, 4], rows.Select(r => r.RowNumber)); // the blank row 3 is skipped, the numbering is the sheet's
        Assert.Equal(("TB0001", "2025-11-20 14:05:00", "89.1", "2", "1234567890123456789", "True", "", "两头有空格"),
            (rows[0]["订单编号"], rows[0]["时间"], rows[0]["金额"], rows[0]["数量"], rows[0]["长号"], rows[0]["是否"], rows[0]["空"], rows[0]["备注"]));
        Assert.Equal(("0.5", "-3", "False"), (rows[1]["金额"], rows[1]["数量"], rows[1]["是否"]));
    }

    [Fact]
    public void Shared_strings_rich_text_date_styles_and_sparse_cells_read_as_excel_shows_them()
    {
        var file = HostileSheets.Xlsx(sheet => sheet.Write(
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>付款时间</t></is></c><c r=\"D1\" t=\"s\"><v>0</v></c></row>"
                + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"inlineStr\"><is><t>无表头</t></is></c><c r=\"C3\" s=\"1\"><v>45981.5458333333</v></c>"
                + "<c r=\"D3\" t=\"s\"><v>2</v></c></row>"
                + "<row r=\"4\"><c r=\"A4\" t=\"str\"><f>A3</f><v>公式结果</v></c><c r=\"C4\" s=\"2\"><v>45981</v></c></row>"),
            shared => shared.Write("<si><t>订单编号</t></si><si><r><t>TB</t></r><r><t xml:space=\"preserve\">0003 </t></r><rPh><t>注音</t></rPh></si><si><t>重复表头</t></si>"),
            zip =>
            {
                HostileSheets.Part(zip, "xl/styles.xml", w => w.Write(
                    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; hh:mm\"/></numFmts>"
                    + "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"31\"/></cellXfs></styleSheet>"));
            });

        // The workbook's rels name no styles part here, so xl/styles.xml is found by its usual name.
        using var sheet = Spreadsheet.Open(new MemoryStream(file), "b.xlsx");
        Assert.Equal(["订单编号", "", "付款时间", "订单编号"], sheet.Headers);
        var rows = sheet.Rows().ToList();
        Assert.Equal([3, 4], rows.Select(r => r.RowNumber));
        Assert.Equal(("TB0003", "2025-11-20 13:06:00"), (rows[0]["订单编号"], rows[0]["付款时间"])); // a header named twice fills from its first column
        Assert.Equal(("公式结果", "2025-11-20 00:00:00"), (rows[1]["订单编号"], rows[1]["付款时间"]));
        Assert.Equal(2, rows[0].Cells.Count);
    }

    [Fact]
    public void A_csv_reads_quotes_line_breaks_and_short_lines_with_or_without_bom()
    {
        var csv = "\uFEFF订单编号, 买家会员名 ,备注\r\n" + "TB1,\"张,三\",\"第一行\n第二行 \"\"引号\"\"\"\r\n" + "\r\n" + "TB2\n" + ",,\n" + "TB3,李四,多出来的,列";
        var rows = Spreadsheet.Rows(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "c.csv").ToList();

        Assert.Equal([2, 4, 6], rows.Select(r => r.RowNumber));
        Assert.Equal(("TB1", "张,三", "第一行\n第二行 \"引号\""), (rows[0]["订单编号"], rows[0]["买家会员名"], rows[0]["备注"]));
        Assert.Equal(("TB2", ""), (rows[1]["订单编号"], rows[1]["买家会员名"]));
        Assert.Equal(("TB3", "李四", "多出来的"), (rows[2]["订单编号"], rows[2]["买家会员名"], rows[2]["备注"]));
        Assert.Equal(["订单编号", "买家会员名", "备注"], Spreadsheet.Headers(new MemoryStream(Encoding.UTF8.GetBytes(csv[1..])), "c.csv"));
    }

    [Fact]
    public void Three_million_tiny_rows_in_a_small_file_stop_at_the_row_bound_and_past_a_size_bound_are_not_unpacked_at_all()
    {
        var file = HostileSheets.TinyRows(Headers, HostileSheets.BombRows);
        Assert.InRange(file.Length, 1, 1024 * 1024); // small on disk, 78 MB of sheet inside
        var read = 0;

        var rows = Refused(() =>
        {
            foreach (var row in Spreadsheet.Rows(new MemoryStream(file), "bomb.xlsx"))
            {
                read++;
            }
        });

        Assert.Equal((SheetBound.Rows, 250_000L, 250_000, "sheet_rows:250000"), (rows.Bound, rows.Limit, read, rows.Failure));
        var size = Refused(() => Spreadsheet.Headers(new MemoryStream(file), "bomb.xlsx", new SheetLimits { MaxUnpackedBytes = 64L * 1024 * 1024 }));
        Assert.Equal((SheetBound.UnpackedBytes, "sheet_size:67108864"), (size.Bound, size.Failure)); // refused on the part's stated size
    }

    [Fact]
    public void Reading_stops_at_the_row_bound_after_exactly_that_many_rows()
    {
        var limits = new SheetLimits { MaxRows = 1_000 };
        var read = 0;

        var refused = Refused(() =>
        {
            foreach (var row in Spreadsheet.Rows(new MemoryStream(HostileSheets.TinyRows(Headers, 5_000)), "rows.xlsx", limits))
            {
                read++;
            }
        });

        Assert.Equal((SheetBound.Rows, 1_000L, 1_000), (refused.Bound, refused.Limit, read));
        Assert.Equal(1_000, Spreadsheet.Rows(new MemoryStream(HostileSheets.TinyRows(Headers, 1_000)), "rows.xlsx", limits).Count()); // at the bound is fine
    }

    [Fact]
    public void A_cell_past_the_length_bound_stops_the_reading_at_its_row_in_a_sheet_a_shared_string_or_a_csv()
    {
        var inline = HostileSheets.LongCell(Headers, ["TB1", "张三", "短"], atRow: 4, column: 2, length: 4_001);
        Assert.Equal((SheetBound.CellCharacters, 4_000L, 4), Describe(Refused(() => Spreadsheet.Rows(new MemoryStream(inline), "a.xlsx").ToList())));
        Assert.Equal(2, Spreadsheet.Rows(new MemoryStream(inline), "a.xlsx").Take(2).Count()); // the rows before it read

        var atBound = HostileSheets.LongCell(Headers, ["TB1", "张三", "短"], atRow: 2, column: 2, length: 4_000);
        Assert.Equal(4_000, Assert.Single(Spreadsheet.Rows(new MemoryStream(atBound), "a.xlsx"))["备注"].Length);

        // A long shared string stops the reading only where a cell uses it.
        var shared = HostileSheets.Xlsx(
            sheet => sheet.Write("<row><c t=\"s\"><v>0</v></c></row><row><c t=\"s\"><v>1</v></c></row><row><c t=\"s\"><v>2</v></c></row>"),
            strings => strings.Write($"<si><t>订单编号</t></si><si><t>TB1</t></si><si><t>{new string('长', 300_000)}</t></si><si><t>{new string('没', 9_000)}</t></si>"));
        Assert.Equal((SheetBound.CellCharacters, 4_000L, 3), Describe(Refused(() => Spreadsheet.Rows(new MemoryStream(shared), "s.xlsx").ToList())));

        var csv = HostileSheets.LongCsvLine(Headers, 5_000_000);
        Assert.Equal((SheetBound.CellCharacters, 4_000L, 2), Describe(Refused(() => Spreadsheet.Rows(new MemoryStream(csv), "c.csv").ToList())));
        var quoted = Encoding.UTF8.GetBytes("订单编号\nTB1\n\"" + string.Concat(Enumerable.Repeat("第一行\n", 2_000)) + "\"\n");
        Assert.Equal((SheetBound.CellCharacters, 4_000L, 3), Describe(Refused(() => Spreadsheet.Rows(new MemoryStream(quoted), "q.csv").ToList())));
    }

    [Fact]
    public void A_zip_bomb_in_the_shared_strings_stops_at_its_bounds_or_unopened_and_parts_count_together()
    {
        var bomb = HostileSheets.SharedStringsBomb(Headers, 70L * 1024 * 1024);
        Assert.InRange(bomb.Length, 1, 1024 * 1024);
        var tooManyTexts = Refused(() => Spreadsheet.Headers(new MemoryStream(bomb), "b.xlsx"));
        Assert.Equal((SheetBound.SharedStrings, 2_000_000L), (tooManyTexts.Bound, tooManyTexts.Limit));
        var lower = new SheetLimits { MaxUnpackedBytes = 64L * 1024 * 1024 };
        Assert.Equal(SheetBound.UnpackedBytes, Refused(() => Spreadsheet.Headers(new MemoryStream(bomb), "b.xlsx", lower)).Bound);

        // Two parts that each fit, but not together: the budget is the workbook's, so what the shared strings took is not there for the sheet.
        var limits = new SheetLimits { MaxUnpackedBytes = 3 * 1024 * 1024 };
        var both = HostileSheets.Xlsx(
            sheet =>
            {
                HostileSheets.Header(sheet, Headers);
                for (var i = 0; i < 80_000; i++)
                {
                    sheet.Write("<row><c><v>1</v></c></row>"); // 2 MB
                }
            },
            shared =>
            {
                for (var i = 0; i < 100_000; i++)
                {
                    shared.Write("<si><t>x</t></si>"); // 1.7 MB
                }
            });
        Assert.Equal(SheetBound.UnpackedBytes, Refused(() => Spreadsheet.Rows(new MemoryStream(both), "b.xlsx", limits).ToList()).Bound);

        var tooMany = Refused(() => Spreadsheet.Headers(new MemoryStream(both), "b.xlsx", new SheetLimits { MaxSharedStrings = 50_000 }));
        Assert.Equal((SheetBound.SharedStrings, 50_000L), (tooMany.Bound, tooMany.Limit));
        var tooMuch = Refused(() => Spreadsheet.Headers(new MemoryStream(both), "b.xlsx", new SheetLimits { MaxSharedStringCharacters = 60_000 }));
        Assert.Equal((SheetBound.SharedStringCharacters, 60_000L), (tooMuch.Bound, tooMuch.Limit));
    }

    [Fact]
    public void A_part_that_understates_its_size_is_not_unpacked_past_what_it_stated()
    {
        var bomb = HostileSheets.SharedStringsBomb(Headers, 70L * 1024 * 1024);
        Understate(bomb, "xl/sharedStrings.xml", 1_000);

        var failed = Record.Exception(() => Spreadsheet.Headers(new MemoryStream(bomb), "b.xlsx"));

        // The part ends where it said it would: its XML is cut short, so the file cannot be read (it is never inflated to 70 MB).
        Assert.True(failed is System.Xml.XmlException or InvalidDataException, failed?.ToString());
    }

    [Fact]
    public void A_zip_listing_thousands_of_parts_is_refused_before_its_directory_is_read()
    {
        var many = HostileSheets.Xlsx(sheet => HostileSheets.Header(sheet, Headers), more: zip =>
        {
            for (var i = 0; i < 12_000; i++)
            {
                zip.CreateEntry($"x/{i}", CompressionLevel.NoCompression);
            }
        });

        Assert.Throws<InvalidDataException>(() => Spreadsheet.Headers(new MemoryStream(many), "many.xlsx"));
    }

    [Fact]
    public void A_csv_counts_its_bytes_and_rows_against_the_same_bounds()
    {
        var lines = Encoding.UTF8.GetBytes("订单编号\n" + string.Concat(Enumerable.Repeat("TB1\n", 3_000)));
        var rows = Refused(() => Spreadsheet.Rows(new MemoryStream(lines), "r.csv", new SheetLimits { MaxRows = 2_000 }).ToList());
        Assert.Equal((SheetBound.Rows, 2_000L), (rows.Bound, rows.Limit));
        Assert.Equal(SheetBound.UnpackedBytes,
            Refused(() => Spreadsheet.Rows(new MemoryStream(lines), "r.csv", new SheetLimits { MaxUnpackedBytes = 4_096 }).ToList()).Bound);
    }

    [Fact]
    public void A_preview_cuts_long_text_with_an_ellipsis()
    {
        Assert.Equal("短", Spreadsheet.Preview("短"));
        var cut = Spreadsheet.Preview(new string('长', 4_000));
        Assert.Equal((Spreadsheet.PreviewCharacters + 1, '…'), (cut.Length, cut[^1]));
    }

    private static (SheetBound, long, int) Describe(SheetTooLargeException refused) => (refused.Bound, refused.Limit, refused.Row);

    /// <summary>Rewrites a part's uncompressed size, in its local header and in the central directory, as a zip bomb would.</summary>
    private static void Understate(byte[] zip, string part, uint size)
    {
        var name = Encoding.UTF8.GetBytes(part);
        for (var at = 0; at + 46 < zip.Length; at++)
        {
            var local = zip[at] == 0x50 && zip[at + 1] == 0x4b && zip[at + 2] == 3 && zip[at + 3] == 4;
            var central = zip[at] == 0x50 && zip[at + 1] == 0x4b && zip[at + 2] == 1 && zip[at + 3] == 2;
            var nameAt = local ? at + 30 : at + 46;
            if ((local || central) && zip.AsSpan(nameAt).StartsWith(name))
            {
                BitConverter.GetBytes(size).CopyTo(zip, local ? at + 22 : at + 24);
            }
        }
    }
}
