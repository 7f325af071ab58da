using System.Text;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Spreadsheets;

namespace KefuDesk.Features.Shop.Import;

/// <summary>What reading a stored file found: its records (lazily), or the template's columns it lacks, or no data rows at all.</summary>
public sealed record SheetReading(ImportSheet? Sheet, IEnumerable<ImportRecord> Records, IReadOnlyList<string> Missing, bool Empty);

/// <summary>The file could not be read as a spreadsheet part-way through (damaged, not what its name says).</summary>
public sealed class UnreadableFileException(Exception inner) : Exception("The file cannot be read as a spreadsheet.", inner);

/// <summary>
/// An uploaded import file: checked for its kind by name and content, CSV exports in GBK (as
/// 千牛 writes them) turned into UTF-8, and kept in the attachment store under the import's id
/// (shared by all nodes), so the import reads exactly the bytes the preview read.
/// </summary>
public static class ImportFile
{
    public const long MaxBytes = 64L * 1024 * 1024;

    static ImportFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Copies the upload to a temporary file, checks it, and returns its path and the kind-appropriate name.</summary>
    public static async Task<string> ReceiveAsync(string fileName, Stream content, CancellationToken ct)
    {
        if (!Spreadsheet.IsSupported(fileName))
        {
            throw new KefuDeskException(ShopDataErrors.FileUnsupported, Path.GetExtension(fileName));
        }

        var path = Path.Combine(Path.GetTempPath(), "kefudesk-import-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > MaxBytes)
                    {
                        throw new KefuDeskException(ShopDataErrors.FileTooLarge, $"at most {MaxBytes / 1024 / 1024} MB");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            if (IsCsv(fileName))
            {
                await ToUtf8Async(path, ct);
            }
            else if (!await StartsLikeZipAsync(path, ct))
            {
                throw new KefuDeskException(ShopDataErrors.FileUnsupported, "not an .xlsx workbook");
            }

            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The header row, or a refusal when the file cannot be read; a file past a bound of <paramref name="limits"/> throws <see cref="SheetTooLargeException"/>.</summary>
    public static IReadOnlyList<string> Headers(string path, string fileName, SheetLimits limits)
    {
        try
        {
            using var file = File.OpenRead(path);
            return Spreadsheet.Headers(file, fileName, limits);
        }
        catch (Exception unreadable) when (IsBroken(unreadable))
        {
            throw new KefuDeskException(ShopDataErrors.FileUnsupported, "the file cannot be read as a spreadsheet");
        }
    }

    /// <summary>
    /// A stored file read once, as the check and the import read it: the template's columns are matched
    /// against the header row, then every record follows lazily. Reading failures surface as
    /// <see cref="UnreadableFileException"/>, not as whatever the reader threw; a bound passed, as
    /// <see cref="SheetTooLargeException"/>.
    /// </summary>
    public static SheetReading Read(Stream file, string fileName, ImportKind kind, TimeZoneInfo zone, DateTime asOf, SheetLimits limits)
    {
        var (headers, rows) = Guarded(() =>
        {
            var opened = Spreadsheet.Open(file, fileName, limits);
            try
            {
                return (opened.Headers, Rows(opened).GetEnumerator());
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        });
        if (!rows.MoveNext())
        {
            rows.Dispose();
            return new SheetReading(null, [], [], Empty: true);
        }

        var (headerOf, missing) = ImportTemplates.Match(kind, headers);
        if (missing.Count > 0)
        {
            rows.Dispose();
            return new SheetReading(null, [], missing, Empty: false);
        }

        var sheet = new ImportSheet(kind, headerOf, zone, asOf);
        return new SheetReading(sheet, sheet.Read(FromFirst(rows.Current, rows)), [], Empty: false);
    }

    /// <summary>The data rows of an open sheet, which they close when done.</summary>
    private static IEnumerable<SheetRow> Rows(UploadedSheet sheet)
    {
        using (sheet)
        {
            using var rows = sheet.Rows().GetEnumerator();
            while (true)
            {
                SheetRow row;
                try
                {
                    if (!rows.MoveNext())
                    {
                        yield break;
                    }

                    row = rows.Current;
                }
                catch (Exception broken) when (IsBroken(broken))
                {
                    throw new UnreadableFileException(broken);
                }

                yield return row;
            }
        }
    }

    private static T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception broken) when (IsBroken(broken))
        {
            throw new UnreadableFileException(broken);
        }
    }

    /// <summary>The file is damaged or not what its name says (not a cancellation, not a bound the reader stopped at).</summary>
    private static bool IsBroken(Exception failure) => failure is not (OperationCanceledException or SheetTooLargeException);

    private static IEnumerable<SheetRow> FromFirst(SheetRow first, IEnumerator<SheetRow> rest)
    {
        using (rest)
        {
            yield return first;
            while (rest.MoveNext())
            {
                yield return rest.Current;
            }
        }
    }

    public static async Task StoreAsync(IAttachmentStore store, Guid importId, string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        await store.SaveAsync(importId, file, ct);
    }

    private static bool IsCsv(string fileName) => Path.GetExtension(fileName).Equals(".csv", StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> StartsLikeZipAsync(string path, CancellationToken ct)
    {
        var head = new byte[4];
        await using var file = File.OpenRead(path);
        return await file.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, ct) == 4 && head is [0x50, 0x4B, 0x03, 0x04];
    }

    /// <summary>Text only (no NUL bytes); UTF-8 stays, anything else is read as GB18030 (GBK's superset) and rewritten as UTF-8.</summary>
    private static async Task ToUtf8Async(string path, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new KefuDeskException(ShopDataErrors.FileUnsupported, "not a text (.csv) file");
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return;
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: a Chinese Windows export.
        }

        var text = Encoding.GetEncoding("GB18030").GetString(bytes);
        await File.WriteAllTextAsync(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), ct);
    }
}
