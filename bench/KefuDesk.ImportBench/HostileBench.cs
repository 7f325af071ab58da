using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Infrastructure.Spreadsheets;
using KefuDesk.Tests.Infrastructure.Spreadsheets;

namespace KefuDesk.ImportBench;

/// <summary>
/// The probe's hostile files (and the largest review file the import accepts) through the readers the
/// app uses: the order import's background check (default <see cref="SheetLimits"/>) and the review
/// import, which reads inside its request (5,000 rows, 64 MB). Each file is built first, then read
/// alone, timed, with the process's memory peak; the outcome is the bound that stopped it, or the rows read.
/// </summary>
internal static class HostileBench
{
    public static async Task<int> RunAsync()
    {
        var review = new SheetLimits().WithAtMost(ReviewSheet.MaxRows, ReviewSheet.MaxUnpackedBytes);
        var reviewHeaders = ReviewSheet.Columns;
        var files = new (string Name, Func<byte[]> Build)[]
        {
            ("3,000,000 one-cell rows", () => HostileSheets.TinyRows(reviewHeaders, HostileSheets.BombRows)),
            ("one 300,000,000-character cell", () => HostileSheets.LongCell(reviewHeaders, reviewHeaders.Select(_ => "1").ToList(), 2, 9, 300_000_000)),
            ("shared strings unpacking to 600 MB", () => HostileSheets.SharedStringsBomb(reviewHeaders, 600L * 1024 * 1024)),
            ("5,000 reviews of 2,000 characters (a busy month)", () => Reviews(reviewHeaders, 1, 2_000)),
            ("5,000 reviews of 4,000 characters (near 64 MB unpacked)", () => Reviews(reviewHeaders, 1, 4_000)),
            ("5,000 rows of three 4,000-character cells (past 64 MB unpacked)", () => Reviews(reviewHeaders, 3, 4_000)),
        };

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        Console.WriteLine("| file | .xlsx size | reader | outcome | wall s | CPU s | allocated | peak working set | peak managed heap |");
        Console.WriteLine("|---|---:|---|---|---:|---:|---:|---:|---:|");
        foreach (var (name, build) in files)
        {
            var bytes = build();
            foreach (var (reader, limits) in new[] { ("order import (background check)", new SheetLimits()), ("review import (in the request)", review) })
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var outcome = "";
                var keep = !reader.StartsWith("order", StringComparison.Ordinal);
                var phase = await PhaseTimer.TimeAsync(() =>
                {
                    outcome = ReadAll(bytes, limits, keep);
                    return Task.CompletedTask;
                });
                // Under 50 ms the memory sampler may not have looked: no peak then.
                var peaks = phase.Peak.WorkingSet == 0 ? "– | –" : $"{phase.Peak.WorkingSet / 1024 / 1024:N0} MiB | {phase.Peak.Heap / 1024 / 1024:N0} MiB";
                Console.WriteLine($"| {name} | {bytes.Length / 1024.0:N0} KB | {reader} | {outcome} | {phase.Elapsed.TotalSeconds:F2} | {phase.Cpu.TotalSeconds:F2} | "
                                  + $"{phase.Allocated / 1024 / 1024:N0} MiB | {peaks} |");
            }
        }

        return 0;
    }

    /// <summary>
    /// Reads every row as the readers do: the order check streams them, the review import keeps them
    /// all (<paramref name="keep"/>); the bound that stopped it, or how many rows.
    /// </summary>
    private static string ReadAll(byte[] bytes, SheetLimits limits, bool keep)
    {
        try
        {
            using var file = new MemoryStream(bytes, writable: false);
            using var sheet = Spreadsheet.Open(file, "bench.xlsx", limits);
            var rows = keep ? sheet.Rows().Select(ReviewSheet.Raw).ToList().Count : sheet.Rows().Count();
            return $"read {rows:N0} rows";
        }
        catch (SheetTooLargeException bound)
        {
            return "refused: " + bound.Message;
        }
    }

    /// <summary>5,000 review rows whose last <paramref name="longCells"/> text columns hold <paramref name="length"/> characters each.</summary>
    private static byte[] Reviews(IReadOnlyList<string> headers, int longCells, int length) =>
        HostileSheets.Xlsx(sheet =>
        {
            HostileSheets.Header(sheet, headers);
            var text = string.Concat(Enumerable.Repeat("宝贝收到了，质量很好，物流也快，客服态度耐心。", length / 20 + 1))[..length];
            for (var i = 0; i < ReviewSheet.MaxRows; i++)
            {
                sheet.Write("<row>");
                string[] values = [$"R{i:D8}", $"XL2026{i:D8}", "买家小王", "SKU-001", "小鹿 智能保温杯 500ml", "5", "5", "5", "5", text, "2026-11-20 10:21:00"];
                for (var c = 0; c < longCells - 1; c++)
                {
                    values[2 + c] = text; // nickname, then SKU: long text in more columns
                }

                foreach (var value in values)
                {
                    sheet.Write($"<c t=\"inlineStr\"><is><t>{value}</t></is></c>");
                }

                sheet.Write("</row>");
            }
        });
}
