using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Infrastructure.Input;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>A file is offered under a name that cannot lie about it: no folders, no controls, the extension of what it really is.</summary>
public abstract class AttachmentNameTests(AppFixture fx)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    /// <summary>A multipart file whose name travels as RFC 5987 UTF-8 (filename*), which can carry any character, NUL included.</summary>
    private static MultipartFormDataContent FileNamed(byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = name };
        return new MultipartFormDataContent { content };
    }

    [Theory]
    [InlineData("invoice.pdf\0.exe", "invoice.pdf")]
    [InlineData("evil.html", "evil.pdf")]
    [InlineData("..\\..\\报价单.PDF", "报价单.PDF")]
    [InlineData("evil\u202Efdp.exe", "evilfdp.pdf")]
    public async Task A_file_is_named_by_what_it_is_when_stored_and_when_downloaded(string given, string offered)
    {
        using var buyer = await fx.NewBuyerAsync();

        var upload = await buyer.Http.PostAsync("/api/widget/attachments", FileNamed(Pdf, given));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var info = (await upload.Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options))!;
        var download = await buyer.Http.GetAsync($"/api/widget/attachments/{info.Id}");

        Assert.Equal(("application/pdf", offered), (info.ContentType, info.FileName));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(offered, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }
}

public sealed class AttachmentNameTests_Sqlite(SqliteApp fx) : AttachmentNameTests(fx), IClassFixture<SqliteApp>;

public sealed class AttachmentNameTests_Postgres(PostgresApp fx) : AttachmentNameTests(fx), IClassFixture<PostgresApp>;

/// <summary>The naming rules without a node.</summary>
public sealed class AttachmentNameRulesTests
{
    [Theory]
    [InlineData("invoice.pdf\0.exe", "invoice.pdf")]
    [InlineData("a/b/c.png", "c.png")]
    [InlineData("C:\\Users\\x\\d.png", "d.png")]
    [InlineData("\"quoted\".png", "quoted.png")]
    [InlineData("\u0000", "file")]
    [InlineData("...", "file")]
    [InlineData("r\u200Bsum\u00E9.txt", "rsumé.txt")]
    public void A_name_loses_folders_and_ends_at_its_first_control_character(string given, string clean) =>
        Assert.Equal(clean, AttachmentRules.CleanFileName(given));

    [Theory]
    [InlineData("evil.html", "application/pdf", "evil.pdf")]
    [InlineData("photo.JPEG", "image/jpeg", "photo.JPEG")]
    [InlineData("photo", "image/png", "photo.png")]
    [InlineData("notes.log", "text/plain", "notes.log")]
    [InlineData("table.xlsx", "application/zip", "table.zip")]
    [InlineData("x.unknown", "application/x-unknown", "x.unknown")]
    public void The_extension_is_the_sniffed_types(string clean, string contentType, string offered) =>
        Assert.Equal(offered, AttachmentRules.NameFor(clean, contentType));

    [Fact]
    public void A_long_name_keeps_its_extension_and_whole_characters()
    {
        var given = string.Concat(Enumerable.Repeat("😀", 150)) + ".docx";
        Assert.EndsWith(".docx", AttachmentRules.CleanFileName(given), StringComparison.Ordinal); // the type of an Office file is told by its extension
        var name = AttachmentRules.NameFor(AttachmentRules.CleanFileName(given), "application/pdf");

        Assert.True(name.Length <= Attachment.FileNameMaxLength);
        Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
        Assert.True(InputText.TryAccept(name, out _, out _)); // no half of an emoji left at the cut
    }
}
