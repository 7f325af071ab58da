using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Features.Conversations.Attachments;

/// <summary>
/// What may be uploaded. The type is read from the file's first bytes, never from the name or the
/// browser's word for it, so a script renamed to .png stays out.
/// </summary>
public static class AttachmentRules
{
    public const long MaxImageBytes = 10 * 1024 * 1024;
    public const long MaxFileBytes = 20 * 1024 * 1024;

    private static readonly (string ContentType, byte[] Magic, int Offset)[] Signatures =
    [
        ("image/jpeg", [0xFF, 0xD8, 0xFF], 0),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0),
        ("image/gif", "GIF8"u8.ToArray(), 0),
        ("image/webp", "WEBP"u8.ToArray(), 8),
        ("application/pdf", "%PDF-"u8.ToArray(), 0),
        ("application/zip", [0x50, 0x4B, 0x03, 0x04], 0),
    ];

    private static readonly Dictionary<string, string> OfficeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    // What a file of each served type is called; the first is the one given to a name that has none of them.
    private static readonly Dictionary<string, string[]> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = [".jpg", ".jpeg"],
        ["image/png"] = [".png"],
        ["image/gif"] = [".gif"],
        ["image/webp"] = [".webp"],
        ["application/pdf"] = [".pdf"],
        ["application/zip"] = [".zip"],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = [".docx"],
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = [".xlsx"],
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = [".pptx"],
        ["text/plain"] = [".txt", ".log"],
        ["text/csv"] = [".csv"],
    };

    /// <summary>The content type to serve the file as, or a refusal.</summary>
    public static string Check(string fileName, ReadOnlySpan<byte> head, long size)
    {
        if (size <= 0)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentInvalid);
        }

        var type = Sniff(head, Path.GetExtension(fileName));
        if (type is null)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentTypeNotAllowed);
        }

        var limit = type.StartsWith("image/", StringComparison.Ordinal) ? MaxImageBytes : MaxFileBytes;
        return size > limit ? throw new KefuDeskException(KefuDeskError.AttachmentTooLarge) : type;
    }

    /// <summary>
    /// A file name safe to store and to send back in a header: no folders, and the name ends at its
    /// first control character, so <c>invoice.pdf\0.exe</c> is <c>invoice.pdf</c> (never
    /// <c>invoice.pdf.exe</c>); invisible format characters (a right-to-left override that shows
    /// <c>evil\u202Efdp.exe</c> as <c>evilexe.pdf</c>) and quotes are dropped.
    /// </summary>
    public static string CleanFileName(string? name)
    {
        var given = name ?? "";
        var clean = given[(given.LastIndexOfAny(['/', '\\']) + 1)..];
        var control = clean.AsSpan().IndexOfAnyInRange('\0', '\u001F');
        var c1 = clean.AsSpan().IndexOfAnyInRange('\u007F', '\u009F');
        var end = new[] { control, c1, clean.Length }.Where(i => i >= 0).Min();
        clean = new string(clean[..end].Where(c => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format && c != '"').ToArray());
        clean = InputText.Cleaned(clean).Trim().Trim('.').Trim();
        if (clean.Length == 0)
        {
            return "file";
        }

        // A long name is shortened in its stem: the extension tells Office files apart.
        var extension = Path.GetExtension(clean);
        return extension.Length is > 1 and <= 10 && extension.Length < clean.Length
            ? Bounded(clean[..^extension.Length], extension)
            : Bounded(clean, "");
    }

    /// <summary>
    /// The name a file is offered under: its extension is the one its content was sniffed as, so a PDF
    /// uploaded as <c>evil.html</c> downloads as <c>evil.pdf</c> and a browser never treats it as a page.
    /// </summary>
    public static string NameFor(string cleanName, string contentType)
    {
        if (!Extensions.TryGetValue(contentType, out var allowed))
        {
            return cleanName;
        }

        var extension = Path.GetExtension(cleanName);
        if (allowed.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return cleanName;
        }

        var stem = extension.Length > 0 && extension.Length < cleanName.Length ? cleanName[..^extension.Length] : cleanName;
        return Bounded(stem, allowed[0]);
    }

    /// <summary>Stem and extension within the column's length, never cutting a character in two.</summary>
    private static string Bounded(string stem, string extension)
    {
        var room = Attachment.FileNameMaxLength - extension.Length;
        if (stem.Length > room)
        {
            stem = stem[..(char.IsLowSurrogate(stem[room]) ? room - 1 : room)];
        }

        return stem + extension;
    }

    private static string? Sniff(ReadOnlySpan<byte> head, string extension)
    {
        foreach (var (type, magic, offset) in Signatures)
        {
            if (head.Length >= offset + magic.Length && head.Slice(offset, magic.Length).SequenceEqual(magic))
            {
                // Office documents are zip files; say which by their name.
                return type == "application/zip" && OfficeTypes.TryGetValue(extension, out var office) ? office : type;
            }
        }

        // Plain text: no NUL bytes and valid UTF-8 in what we saw.
        var isText = extension.ToLowerInvariant() is ".txt" or ".csv" or ".log";
        return isText && !head.Contains((byte)0) && System.Text.Unicode.Utf8.IsValid(TrimPartialCharacter(head))
            ? (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "text/plain")
            : null;
    }

    /// <summary>The sniffed head may end inside a multi-byte character; ignore that tail.</summary>
    private static ReadOnlySpan<byte> TrimPartialCharacter(ReadOnlySpan<byte> head)
    {
        var end = head.Length;
        for (var i = 1; i <= 3 && i <= head.Length; i++)
        {
            var b = head[^i];
            if ((b & 0xC0) != 0x80)
            {
                // A lead byte: keep it only if its whole character fits.
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                if (needed > i)
                {
                    end = head.Length - i;
                }

                break;
            }
        }

        return head[..end];
    }
}
