using KefuDesk.Infrastructure.Errors;

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

    /// <summary>A file name safe to store and to send back in a header: no paths, no control characters.</summary>
    public static string CleanFileName(string? name)
    {
        var clean = Path.GetFileName(name ?? "").Trim();
        clean = new string(clean.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/')).ToArray());
        if (clean.Length == 0)
        {
            clean = "file";
        }

        return clean.Length <= Attachment.FileNameMaxLength ? clean : clean[^Attachment.FileNameMaxLength..];
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
