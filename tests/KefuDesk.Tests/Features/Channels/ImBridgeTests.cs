using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Conversations;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Channels;

/// <summary>
/// An IM bridge end to end over real HTTP: signed webhooks in, signed replies out to a stand-in
/// bridge, with retries, back-off, dead letters and an admin's retry; and every bad request refused.
/// </summary>
public abstract class ImBridgeTests(AppFixture fx) : IAsyncLifetime
{
    private BridgeStandIn _bridge = default!;
    private StaffClient _admin = default!;
    private StaffClient _agent = default!;
    private ImChannel _channel = default!;

    private ManualClock Clock => fx.Clock!;

    public async Task InitializeAsync()
    {
        _bridge = await BridgeStandIn.StartAsync();
        _admin = await fx.SignInAsync(fx.World.Admin);
        _agent = await fx.SignInAsync(fx.World.Agent);
        _channel = await ImChannel.ConnectAsync(fx, _admin, _bridge.Url("/kefudesk"));
    }

    public async Task DisposeAsync()
    {
        await _bridge.DisposeAsync();
        await _admin.DisposeAsync();
        await _agent.DisposeAsync();
    }

    private Task DeliverDueAsync() => fx.App.Services.GetRequiredService<DeliveryWorker>().RunOnceAsync(CancellationToken.None);

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private Task<OutboundDelivery> DeliveryOfAsync(Guid messageId) =>
        InDbAsync(db => db.OutboundDeliveries.AsNoTracking().SingleAsync(d => d.MessageId == messageId));

    private async Task<MessageView> ReplyAsync(Guid conversationId, string body, Guid? attachmentId = null)
    {
        var response = await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), body, attachmentId }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    private static string NewUser() => "tb_" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task The_channels_page_shows_the_admin_the_address_the_bridge_posts_to()
    {
        var page = await _admin.Http.GetStringAsync("/admin/channels");

        Assert.Contains(new Uri(fx.App.BaseAddress, $"/api/channels/im/{_channel.Id}/messages").ToString(), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_message_starts_a_conversation_on_the_im_channel_and_a_redelivery_is_the_same_message()
    {
        var user = NewUser();
        var first = await _channel.SendAsync(user, "你好,这件衣服有M码吗?", messageId: "ww-1001", name: "小王同学");
        var again = await _channel.SendAsync(user, "你好,这件衣服有M码吗?", messageId: "ww-1001", name: "小王同学");
        var second = await _channel.SendAsync(user, "急用,今天能发吗?");

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.ConversationId, second.ConversationId);
        var conversation = (await _agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{first.ConversationId}", Json.Options))!;
        Assert.Equal(Channel.ImBridge, conversation.Channel);
        Assert.True(conversation.LeftOffline); // nobody of the shop is online in this class: a 留言 from the IM channel
        Assert.Equal("小王同学", conversation.CustomerName);
        var page = (await _agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{first.ConversationId}/messages", Json.Options))!;
        Assert.Equal(["你好,这件衣服有M码吗?", "急用,今天能发吗?"], page.Messages.Select(m => m.Body));
        Assert.All(page.Messages, m => Assert.Equal(SenderKind.Customer, m.Sender));
    }

    [Fact]
    public async Task Two_bridge_users_are_two_customers_and_the_same_user_is_recognised_again()
    {
        var a = await _channel.SendAsync("same-id-on-" + _channel.Id, "A");
        var b = await _channel.SendAsync(NewUser(), "B");
        var a2 = await _channel.SendAsync("same-id-on-" + _channel.Id, "A again");

        Assert.NotEqual(a.ConversationId, b.ConversationId);
        Assert.Equal(a.ConversationId, a2.ConversationId);
        var customers = await InDbAsync(db => db.Conversations.Where(c => c.Id == a.ConversationId || c.Id == b.ConversationId)
            .Select(c => c.CustomerId).Distinct().CountAsync());
        Assert.Equal(2, customers);
    }

    [Fact]
    public async Task Bad_requests_are_refused_clearly_and_store_nothing()
    {
        var user = NewUser();
        var message = new { messageId = "bad-1", user = new { id = user, name = "x" }, text = "hi" };
        int Stored(KefuDeskDbContext db) => db.ChannelMessageRefs.Count(r => r.ChannelAccountId == _channel.Id);
        var attachmentsBefore = await InDbAsync(db => db.Attachments.CountAsync());

        await (await _channel.PostAsync(message, secret: "wrong-secret-0123456789")).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        await (await _channel.PostAsync(message, at: Clock.GetUtcNow().AddMinutes(-6))).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        await (await _channel.PostAsync(message, at: Clock.GetUtcNow().AddMinutes(6))).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        await (await _channel.PostAsync(message, channelId: Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound, "channel_not_found");
        await (await _channel.PostRawAsync("{\"messageId\": \"m\", "u8.ToArray())).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await _channel.PostRawAsync("[1,2]"u8.ToArray())).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await _channel.PostAsync(new { messageId = "no-user", text = "hi" })).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await _channel.PostAsync(new { messageId = "empty", user = new { id = user } })).AssertProblemAsync(HttpStatusCode.BadRequest, "message_empty");
        await (await _channel.PostAsync(new
        {
            messageId = "exe", user = new { id = user }, text = "看看这个",
            attachment = new { fileName = "invoice.exe", contentBase64 = Convert.ToBase64String("MZ\x90\0\x03\0\0\0"u8.ToArray()) },
        })).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "attachment_type_not_allowed");
        await (await _channel.PostAsync(new
        {
            messageId = "not-base64", user = new { id = user }, attachment = new { fileName = "a.png", contentBase64 = "%%%" },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");

        // A signature made for one body does not cover another.
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds();
        using var tampered = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/im/{_channel.Id}/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(message), Encoding.UTF8, "application/json"),
        };
        tampered.Headers.Add("X-KefuDesk-Timestamp", timestamp.ToString());
        tampered.Headers.Add("X-KefuDesk-Signature",
            KefuDesk.Features.Channels.ImBridge.WebhookSignature.Sign(ImChannel.Secret, timestamp, "{\"other\":1}"u8));
        await (await Clients.Http(fx.App).Http.SendAsync(tampered)).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");

        // A switched-off channel takes nothing.
        var off = await ImChannel.ConnectAsync(fx, _admin, _bridge.Url("/off"));
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.PutAsJsonAsync($"/api/admin/channels/{off.Id}", new { enabled = false }, Json.Options)).StatusCode);
        await (await off.PostAsync(message)).AssertProblemAsync(HttpStatusCode.NotFound, "channel_not_found");

        Assert.Equal(0, await InDbAsync(db => Task.FromResult(Stored(db))));
        Assert.Equal(attachmentsBefore, await InDbAsync(db => db.Attachments.CountAsync()));
    }

    [Fact]
    public async Task A_photo_from_the_bridge_is_kept_and_the_agent_opens_it()
    {
        var response = await _channel.PostAsync(new
        {
            messageId = "photo-1", user = new { id = NewUser(), name = "买家" }, text = "收到的衣服有破洞",
            attachment = new { fileName = "破洞.png", contentBase64 = Convert.ToBase64String(AttachmentTests.Png) },
        });
        var accepted = (await response.Content.ReadFromJsonAsync<KefuDesk.Features.Channels.ImBridge.ImInboundAccepted>(Json.Options))!;

        var page = (await _agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{accepted.ConversationId}/messages", Json.Options))!;
        var photo = Assert.Single(page.Messages);
        Assert.Equal(MessageKind.Image, photo.Kind);
        Assert.Equal("收到的衣服有破洞", photo.Body);
        Assert.Equal("破洞.png", photo.Attachment!.FileName);
        Assert.Equal(AttachmentTests.Png, await _agent.Http.GetByteArrayAsync($"/api/attachments/{photo.Attachment.Id}"));
    }

    [Fact]
    public async Task An_agent_reply_goes_to_the_bridge_signed_with_the_buyer_id_and_a_file_link_that_works()
    {
        var user = NewUser();
        var inbound = await _channel.SendAsync(user, "有M码吗?");
        _bridge.Reply = _ => "{\"messageId\":\"ww-out-" + _bridge.Received.Count + "\"}";

        var text = await ReplyAsync(inbound.ConversationId, "亲,M码有货的~");
        await DeliverDueAsync();
        var upload = await _agent.Http.PostAsync($"/api/conversations/{inbound.ConversationId}/attachments", AttachmentTests.File(AttachmentTests.Png, "尺码表.png"));
        var info = (await upload.Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options))!;
        var photo = await ReplyAsync(inbound.ConversationId, "", info.Id);
        await DeliverDueAsync();

        var sent = _bridge.Received.Select(ImChannel.Verified).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, m => Assert.Equal(user, m.User.Id));
        Assert.Equal((text.Id, "text", "亲,M码有货的~"), (sent[0].MessageId, sent[0].Kind, sent[0].Text));
        Assert.Equal(fx.World.Agent.Nickname, sent[0].SenderName);
        Assert.Equal((photo.Id, "image"), (sent[1].MessageId, sent[1].Kind));
        Assert.Equal(AttachmentTests.Png, await new HttpClient().GetByteArrayAsync(sent[1].Attachment!.Url));
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryOfAsync(text.Id)).Status);
        Assert.True(await InDbAsync(db => db.ChannelMessageRefs.AnyAsync(r => r.ChannelAccountId == _channel.Id && r.ExternalId == "ww-out-1")));

        // A link that was tampered with opens nothing.
        await (await new HttpClient().GetAsync(sent[1].Attachment!.Url[..^4] + "AAAA")).AssertProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
    }

    [Fact]
    public async Task Internal_notes_never_go_out()
    {
        var inbound = await _channel.SendAsync(NewUser(), "在吗");
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.PostAsJsonAsync($"/api/conversations/{inbound.ConversationId}/notes",
            new { clientMessageId = Guid.NewGuid().ToString(), body = "这个买家上次退过货" }, Json.Options)).StatusCode);
        var reply = await ReplyAsync(inbound.ConversationId, "在的亲");
        await DeliverDueAsync();

        var sent = Assert.Single(_bridge.Received.Select(ImChannel.Verified));
        Assert.Equal(reply.Id, sent.MessageId);
        Assert.Equal(1, await InDbAsync(db => db.OutboundDeliveries.CountAsync(d => d.ConversationId == inbound.ConversationId)));
    }

    [Fact]
    public async Task Failures_back_off_then_become_a_dead_letter_that_an_admin_retries()
    {
        var inbound = await _channel.SendAsync(NewUser(), "发货了吗");
        _bridge.FailNext(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, DeliveryWorker.MaxAttempts).ToArray());
        var reply = await ReplyAsync(inbound.ConversationId, "今天下午发出");
        await DeliverDueAsync();

        var delivery = await DeliveryOfAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Pending, 1), (delivery.Status, delivery.Attempts));
        Assert.Contains("503", delivery.LastError);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime.AddSeconds(5), delivery.NextAttemptAt, TimeSpan.FromSeconds(1));

        // Not before its time.
        Clock.Advance(TimeSpan.FromSeconds(3));
        await DeliverDueAsync();
        Assert.Equal(1, (await DeliveryOfAsync(reply.Id)).Attempts);

        TimeSpan[] waits = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];
        foreach (var wait in waits)
        {
            Clock.Advance(wait);
            await DeliverDueAsync();
        }

        delivery = await DeliveryOfAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Dead, DeliveryWorker.MaxAttempts), (delivery.Status, delivery.Attempts));
        Assert.Equal(DeliveryWorker.MaxAttempts, _bridge.Received.Count);

        var dead = (await _admin.Http.GetFromJsonAsync<List<DeliveryRow>>("/api/admin/deliveries?status=dead", Json.Options))!;
        var row = Assert.Single(dead, d => d.MessageId == reply.Id);
        Assert.Equal(_channel.Row.Name, row.ChannelName);
        await (await _agent.Http.PostAsync($"/api/admin/deliveries/{row.Id}/retry", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.Http.PostAsync($"/api/admin/deliveries/{row.Id}/retry", null)).StatusCode);
        await DeliverDueAsync();
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryOfAsync(reply.Id)).Status);
        Assert.Equal(reply.Id, ImChannel.Verified(_bridge.Received.Last()).MessageId);
        await (await _admin.Http.PostAsync($"/api/admin/deliveries/{row.Id}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict, "delivery_not_dead");
    }

    [Fact]
    public async Task A_failed_reply_holds_back_later_replies_of_its_conversation_but_not_of_others()
    {
        var stuck = await _channel.SendAsync(NewUser(), "A 买家");
        var other = await _channel.SendAsync(NewUser(), "B 买家");
        _bridge.FailNext(HttpStatusCode.BadGateway);
        var first = await ReplyAsync(stuck.ConversationId, "第一句");
        await DeliverDueAsync();
        var second = await ReplyAsync(stuck.ConversationId, "第二句");
        var toOther = await ReplyAsync(other.ConversationId, "给B的回复");
        await DeliverDueAsync();

        Assert.Equal(DeliveryStatus.Pending, (await DeliveryOfAsync(second.Id)).Status);
        Assert.Equal(0, (await DeliveryOfAsync(second.Id)).Attempts);
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryOfAsync(toOther.Id)).Status);

        Clock.Advance(TimeSpan.FromSeconds(5));
        await DeliverDueAsync();
        var order = _bridge.Received.Select(ImChannel.Verified).Where(m => m.ConversationId == stuck.ConversationId).Select(m => m.Text).ToList();
        Assert.Equal(["第一句", "第一句", "第二句"], order);
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryOfAsync(first.Id)).Status);
    }

    [Fact]
    public async Task A_reply_recalled_before_it_went_out_is_withdrawn()
    {
        var inbound = await _channel.SendAsync(NewUser(), "在吗");
        _bridge.FailNext(HttpStatusCode.InternalServerError);
        var reply = await ReplyAsync(inbound.ConversationId, "发错了的一句");
        await DeliverDueAsync();
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.PostAsync($"/api/conversations/{inbound.ConversationId}/messages/{reply.Id}/recall", null)).StatusCode);

        Clock.Advance(TimeSpan.FromSeconds(5));
        await DeliverDueAsync();

        Assert.Equal(DeliveryStatus.Withdrawn, (await DeliveryOfAsync(reply.Id)).Status);
        Assert.Single(_bridge.Received);
    }

    [Fact]
    public async Task Resolving_sends_a_survey_link_where_the_buyer_rates_once()
    {
        var inbound = await _channel.SendAsync(NewUser(), "谢谢");
        await ReplyAsync(inbound.ConversationId, "不客气");
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.PostAsJsonAsync($"/api/conversations/{inbound.ConversationId}/resolve",
            new ResolveBody(fx.World.CategoryId, "已解答", null), Json.Options)).StatusCode);
        await DeliverDueAsync();

        var invitation = _bridge.Received.Select(ImChannel.Verified).Single(m => m.Kind == "survey");
        Assert.NotNull(invitation.LinkUrl);
        var (browser, _) = Clients.Http(fx.App);
        var form = await browser.GetStringAsync(invitation.LinkUrl);
        Assert.Contains("非常满意", form);

        var token = await AntiforgeryTokenAsync(form);
        var posted = await browser.PostAsync(invitation.LinkUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "rate", ["__RequestVerificationToken"] = token, ["Input.Rating"] = "Satisfied", ["Input.Comment"] = "回复很快",
        }));
        Assert.Contains("感谢您的评价", await posted.Content.ReadAsStringAsync());

        var survey = await InDbAsync(db => db.SatisfactionSurveys.AsNoTracking().SingleAsync(s => s.ConversationId == inbound.ConversationId));
        Assert.Equal((SatisfactionRating.Satisfied, "回复很快"), (survey.Rating, survey.Comment));
        Assert.Contains("感谢您的评价", await browser.GetStringAsync(invitation.LinkUrl));
        Assert.Contains("评价链接已失效", await browser.GetStringAsync(invitation.LinkUrl![..^3] + "xyz"));
    }

    [Fact]
    public async Task Admins_connect_channels_with_checked_settings_and_secrets_never_come_back()
    {
        async Task Refused(object body) =>
            await (await _admin.Http.PostAsJsonAsync("/api/admin/channels", body, Json.Options)).AssertProblemAsync(HttpStatusCode.BadRequest, "channel_invalid");

        await Refused(new { shopId = fx.World.Shop.Id, kind = "imBridge", name = "x", settings = new { }, secret = ImChannel.Secret });
        await Refused(new { shopId = fx.World.Shop.Id, kind = "imBridge", name = "x", settings = new { outboundUrl = "ftp://a/b" }, secret = ImChannel.Secret });
        await Refused(new { shopId = fx.World.Shop.Id, kind = "imBridge", name = "x", settings = new { outboundUrl = "https://a/b" }, secret = "short" });
        await Refused(new { shopId = fx.World.Shop.Id, kind = "imBridge", name = "", settings = new { outboundUrl = "https://a/b" }, secret = ImChannel.Secret });
        await (await _agent.Http.GetAsync("/api/admin/channels")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var listed = await _admin.Http.GetStringAsync("/api/admin/channels");
        Assert.Contains(_channel.Id.ToString(), listed);
        Assert.DoesNotContain(ImChannel.Secret, listed);
        Assert.Contains("\"hasSecret\":true", listed);
    }

    private static Task<string> AntiforgeryTokenAsync(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "the form carries an antiforgery token");
        return Task.FromResult(WebUtility.HtmlDecode(match.Groups[1].Value));
    }
}

public sealed class ImBridgeTests_Sqlite(ClockedSqliteApp fx) : ImBridgeTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class ImBridgeTests_Postgres(ClockedPostgresApp fx) : ImBridgeTests(fx), IClassFixture<ClockedPostgresApp>;
