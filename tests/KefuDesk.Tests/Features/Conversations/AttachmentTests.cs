using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>Images and files: checked by their bytes, stored, shown only to the conversation's parties.</summary>
public abstract class AttachmentTests(AppFixture fx)
{
    /// <summary>A real 1×1 PNG.</summary>
    internal static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    internal static MultipartFormDataContent File(byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Fact]
    public async Task A_buyer_sends_a_photo_that_both_sides_can_open()
    {
        await using var s = await Scenario.StartAsync(fx);

        var uploaded = await (await s.Buyer.Http.PostAsync("/api/widget/attachments", File(Png, "裂痕.png"))).Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options);
        var sent = await s.BuyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("photo-1", "盖子有裂痕", null, AttachmentId: uploaded!.Id));

        Assert.Equal("image/png", uploaded.ContentType);
        Assert.Equal("裂痕.png", uploaded.FileName);
        Assert.Equal(MessageKind.Image, sent.Kind);
        Assert.Equal(uploaded.Id, (await s.AgentInbox.NextAsync(m => m.Id == sent.Id)).Attachment!.Id);
        var forAgent = await s.Agent.Http.GetAsync($"/api/attachments/{uploaded.Id}");
        Assert.Equal(HttpStatusCode.OK, forAgent.StatusCode);
        Assert.Equal(Png, await forAgent.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", forAgent.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, (await s.Buyer.Http.GetAsync($"/api/widget/attachments/{uploaded.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_buyer_without_a_live_connection_sends_an_uploaded_photo_over_rest()
    {
        using var buyer = await fx.NewBuyerAsync();

        var uploaded = await (await buyer.Http.PostAsync("/api/widget/attachments", File(Png, "箱子.png"))).Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options);
        var response = await buyer.Http.PostAsJsonAsync("/api/widget/messages",
            new BuyerSendRequest("rest-photo-1", "箱子压坏了", null, AttachmentId: uploaded!.Id), Json.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
        Assert.Equal(MessageKind.Image, sent.Kind);
        Assert.Equal(uploaded.Id, sent.Attachment!.Id);
        Assert.Equal("箱子压坏了", sent.Body);
    }

    [Fact]
    public async Task An_agent_sends_a_file_and_a_stranger_cannot_fetch_it()
    {
        await using var s = await Scenario.StartAsync(fx);
        var pdf = "%PDF-1.4\n% test\n"u8.ToArray();

        var uploaded = await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/attachments", File(pdf, "../../退货说明.pdf")))
            .Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options);
        var sent = await (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/messages",
            new { clientMessageId = "file-1", body = "", attachmentId = uploaded!.Id })).Content.ReadFromJsonAsync<MessageView>(Json.Options);

        Assert.Equal("退货说明.pdf", uploaded.FileName);
        Assert.Equal(MessageKind.File, sent!.Kind);
        var download = await s.Buyer.Http.GetAsync($"/api/widget/attachments/{uploaded.Id}");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        using var stranger = await fx.NewBuyerAsync();
        await (await stranger.Http.GetAsync($"/api/widget/attachments/{uploaded.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        await using var outsider = await fx.SignInAsync(fx.World.OtherShopAgent);
        await (await outsider.Http.GetAsync($"/api/attachments/{uploaded.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
    }

    [Fact]
    public async Task Wrong_types_disguised_files_empty_and_oversized_uploads_are_refused()
    {
        using var buyer = await fx.NewBuyerAsync();

        await (await buyer.Http.PostAsync("/api/widget/attachments", File("<script>alert(1)</script>"u8.ToArray(), "photo.png")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "attachment_type_not_allowed");
        await (await buyer.Http.PostAsync("/api/widget/attachments", File([0x4D, 0x5A, 0x90, 0x00, 0x03], "setup.exe")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "attachment_type_not_allowed");
        await (await buyer.Http.PostAsync("/api/widget/attachments", File([], "empty.png")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "attachment_invalid");
        var big = new byte[(int)AttachmentRules.MaxImageBytes + 1];
        Png.CopyTo(big, 0);
        await (await buyer.Http.PostAsync("/api/widget/attachments", File(big, "big.png")))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "attachment_too_large");
        var huge = new byte[23 * 1024 * 1024]; // past the request limit, not only the file rules
        Png.CopyTo(huge, 0);
        // Sent the way browsers and careful clients do (Expect: 100-continue): refused before the body travels.
        using var hugeUpload = new HttpRequestMessage(HttpMethod.Post, "/api/widget/attachments") { Content = File(huge, "huge.png") };
        hugeUpload.Headers.ExpectContinue = true;
        await (await buyer.Http.SendAsync(hugeUpload)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "attachment_too_large");
        await (await buyer.Http.PostAsync("/api/widget/attachments", new StringContent("not a form")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Nobody_can_send_an_attachment_they_did_not_upload()
    {
        await using var s = await Scenario.StartAsync(fx);
        using var other = await fx.NewBuyerAsync();
        var theirs = await (await other.Http.PostAsync("/api/widget/attachments", File(Png, "a.png"))).Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options);

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            s.BuyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("steal", "", null, AttachmentId: theirs!.Id)));

        Assert.Contains("attachment_not_found", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.txt", "退货原因:尺码不合适\n")]
    [InlineData("orders.csv", "订单号,金额\nXL001,299\n")]
    public void Plain_text_is_accepted_by_its_content(string name, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);

        Assert.StartsWith("text/", AttachmentRules.Check(name, bytes, bytes.Length), StringComparison.Ordinal);
        Assert.Throws<KefuDeskException>(() => AttachmentRules.Check(name, [0x00, 0x01, 0x02], 3));
    }
}

public sealed class AttachmentTests_Sqlite(SqliteApp fx) : AttachmentTests(fx), IClassFixture<SqliteApp>;

public sealed class AttachmentTests_Postgres(PostgresApp fx) : AttachmentTests(fx), IClassFixture<PostgresApp>;
