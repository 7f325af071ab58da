using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Conversations;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Channels;

/// <summary>
/// A WeChat official account end to end over real HTTP: signed XML pushes in, replies out through a
/// stand-in of WeChat's API (access tokens, 客服消息, temporary material), with token refresh, the
/// 48-hour window ending in a dead letter, and every bad push refused with nothing stored.
/// </summary>
public abstract class WeChatTests(AppFixture fx) : IAsyncLifetime
{
    private WeChatStandIn _wechat = default!;
    private StaffClient _admin = default!;
    private StaffClient _agent = default!;
    private WeChatChannel _channel = default!;

    private ManualClock Clock => fx.Clock!;

    public async Task InitializeAsync()
    {
        _wechat = await WeChatStandIn.StartAsync();
        _admin = await fx.SignInAsync(fx.World.Admin);
        _agent = await fx.SignInAsync(fx.World.Agent);
        _channel = await WeChatChannel.ConnectAsync(fx, _admin, _wechat);
    }

    public async Task DisposeAsync()
    {
        await _wechat.DisposeAsync();
        await _admin.DisposeAsync();
        await _agent.DisposeAsync();
    }

    private Task DeliverDueAsync() => fx.App.Services.GetRequiredService<DeliveryWorker>().RunOnceAsync(CancellationToken.None);

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    /// <summary>Where a pushed message was stored (WeChat's answer is only "success").</summary>
    private Task<ChannelMessageRef> StoredAsync(string msgId) =>
        InDbAsync(db => db.ChannelMessageRefs.AsNoTracking().SingleAsync(r => r.ChannelAccountId == _channel.Id && r.ExternalId == msgId));

    private async Task<MessagePage> MessagesAsync(Guid conversationId) =>
        (await _agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{conversationId}/messages", Json.Options))!;

    private async Task<MessageView> ReplyAsync(Guid conversationId, string body, Guid? attachmentId = null)
    {
        var response = await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), body, attachmentId }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    private async Task<Guid> BuyerWritesAsync(string openId, string text = "在吗?")
    {
        var msgId = _channel.NewMsgId();
        await _channel.PushOkAsync(_channel.Text(openId, text, msgId));
        return (await StoredAsync(msgId)).ConversationId;
    }

    private Task<OutboundDelivery> DeliveryOfAsync(Guid messageId) =>
        InDbAsync(db => db.OutboundDeliveries.AsNoTracking().SingleAsync(d => d.MessageId == messageId));

    [Fact]
    public async Task The_server_address_is_verified_only_with_the_right_token()
    {
        var good = await _channel.VerifyAsync("8437629817263");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("8437629817263", await good.Content.ReadAsStringAsync());

        await (await _channel.VerifyAsync("8437629817263", token: "SomeOtherToken")).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        await (await _channel.VerifyAsync("1", channelId: Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound, "channel_not_found");
        var unsigned = await Clients.Http(fx.App).Http.GetAsync($"/api/channels/wechat/{_channel.Id}?echostr=1");
        await unsigned.AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
    }

    [Fact]
    public async Task A_text_push_starts_a_conversation_on_the_wechat_channel_and_a_retry_is_the_same_message()
    {
        var openId = WeChatChannel.NewOpenId();
        var msgId = _channel.NewMsgId();
        var push = _channel.Text(openId, "你好,这件衣服有M码吗?", msgId);
        await _channel.PushOkAsync(push);
        await _channel.PushOkAsync(push); // WeChat retries when it thinks we were slow
        var second = _channel.NewMsgId();
        await _channel.PushOkAsync(_channel.Text(openId, "急用,今天能发吗?", second));

        var first = await StoredAsync(msgId);
        Assert.Equal(first.ConversationId, (await StoredAsync(second)).ConversationId);
        var conversation = (await _agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{first.ConversationId}", Json.Options))!;
        Assert.Equal(Channel.WeChat, conversation.Channel);
        Assert.Null(conversation.CustomerName); // WeChat gives no name: the workspace shows a visitor code, never the raw openid
        var page = await MessagesAsync(first.ConversationId);
        Assert.Equal(["你好,这件衣服有M码吗?", "急用,今天能发吗?"], page.Messages.Select(m => m.Body));
        Assert.All(page.Messages, m => Assert.Equal(SenderKind.Customer, m.Sender));

        var identity = await InDbAsync(db => db.Conversations.Where(c => c.Id == first.ConversationId)
            .Join(db.CustomerIdentities, c => c.CustomerId, i => i.CustomerId, (c, i) => i).SingleAsync());
        Assert.Equal((IdentityKind.WeChatOpenId, $"{WeChatStandIn.AppId}:{openId}", true), (identity.Kind, identity.Value, identity.Verified));

        // 兼容模式 sends the plaintext fields beside the encrypted copy: the plaintext is read.
        var compatible = _channel.NewMsgId();
        var both = _channel.Xml(openId, "text", $"<Content><![CDATA[兼容模式也能收到]]></Content><MsgId>{compatible}</MsgId><Encrypt><![CDATA[c2VjcmV0]]></Encrypt>");
        Assert.Equal(HttpStatusCode.OK, (await _channel.PushAsync(both, query: _channel.SignedQuery() + "&encrypt_type=aes&msg_signature=x")).StatusCode);
        Assert.Equal("兼容模式也能收到", (await MessagesAsync(first.ConversationId)).Messages[^1].Body);

        // Another buyer of the same 公众号 is another customer.
        var other = await BuyerWritesAsync(WeChatChannel.NewOpenId());
        Assert.NotEqual(first.ConversationId, other);
    }

    [Fact]
    public async Task Voice_video_location_and_link_become_readable_lines_and_events_start_nothing()
    {
        var openId = WeChatChannel.NewOpenId();
        var ids = Enumerable.Range(0, 5).Select(_ => _channel.NewMsgId()).ToArray();
        await _channel.PushOkAsync(_channel.Xml(openId, "voice", $"<MediaId>v1</MediaId><Format>amr</Format><MsgId>{ids[0]}</MsgId>"));
        await _channel.PushOkAsync(_channel.Xml(openId, "voice",
            $"<MediaId>v2</MediaId><Format>amr</Format><Recognition><![CDATA[什么时候发货]]></Recognition><MsgId>{ids[1]}</MsgId>"));
        await _channel.PushOkAsync(_channel.Xml(openId, "video", $"<MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId><MsgId>{ids[2]}</MsgId>"));
        await _channel.PushOkAsync(_channel.Xml(openId, "location",
            $"<Location_X>31.2304</Location_X><Location_Y>121.4737</Location_Y><Scale>15</Scale><Label><![CDATA[上海市黄浦区人民广场]]></Label><MsgId>{ids[3]}</MsgId>"));
        await _channel.PushOkAsync(_channel.Xml(openId, "link",
            $"<Title><![CDATA[我买的这件]]></Title><Description><![CDATA[d]]></Description><Url><![CDATA[https://shop.example.com/p/1]]></Url><MsgId>{ids[4]}</MsgId>"));

        var page = await MessagesAsync((await StoredAsync(ids[0])).ConversationId);
        Assert.Equal(
        [
            "[语音消息]", "[语音消息] 什么时候发货", "[视频消息]", "[位置] 上海市黄浦区人民广场(31.2304, 121.4737)", "[链接] 我买的这件 https://shop.example.com/p/1",
        ], page.Messages.Select(m => m.Body));

        // 关注, menu clicks and types we do not know are acknowledged (WeChat wants "success") and store nothing.
        var before = await InDbAsync(db => db.Conversations.CountAsync());
        var newcomer = WeChatChannel.NewOpenId();
        await _channel.PushOkAsync(_channel.Event(newcomer, "subscribe"));
        await _channel.PushOkAsync(_channel.Event(newcomer, "CLICK", "MENU_ORDERS"));
        await _channel.PushOkAsync(_channel.Event(newcomer, "unsubscribe"));
        await _channel.PushOkAsync(_channel.Xml(newcomer, "miniprogrampage", $"<Title>x</Title><MsgId>{_channel.NewMsgId()}</MsgId>"));
        Assert.Equal(before, await InDbAsync(db => db.Conversations.CountAsync()));
        Assert.False(await InDbAsync(db => db.CustomerIdentities.AnyAsync(i => i.Value == $"{WeChatStandIn.AppId}:{newcomer}")));
    }

    [Fact]
    public async Task Bad_pushes_are_refused_clearly_and_store_nothing()
    {
        var openId = WeChatChannel.NewOpenId();
        var text = _channel.Text(openId, "hi", _channel.NewMsgId());
        var refsBefore = await InDbAsync(db => db.ChannelMessageRefs.CountAsync());
        var attachmentsBefore = await InDbAsync(db => db.Attachments.CountAsync());

        await (await _channel.PushAsync(text, token: "WrongToken123")).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        await (await _channel.PushAsync(text, query: "timestamp=1&nonce=2")).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_invalid");
        await (await _channel.PushAsync(text, at: Clock.GetUtcNow().AddMinutes(-6))).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        await (await _channel.PushAsync(text, at: Clock.GetUtcNow().AddMinutes(6))).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        await (await _channel.PushAsync(text, channelId: Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound, "channel_not_found");
        await (await _channel.PushAsync("<xml><FromUserName>o</FromUserName><MsgType>text")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await _channel.PushAsync("{\"MsgType\": \"text\"}")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await _channel.PushAsync("<root><MsgType>text</MsgType></root>")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await _channel.PushAsync(_channel.Xml("", "text", "<Content>x</Content><MsgId>1</MsgId>"))).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");

        // XXE and entity expansion: a DOCTYPE is refused before anything is read or expanded.
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                  + $"<xml><FromUserName>{openId}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&secret;</Content><MsgId>77</MsgId></xml>";
        await (await _channel.PushAsync(xxe)).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        var laughs = "<!DOCTYPE xml [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                     + $"<xml><FromUserName>{openId}</FromUserName><MsgType>text</MsgType><Content>&c;</Content><MsgId>78</MsgId></xml>";
        await (await _channel.PushAsync(laughs)).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");

        // 安全模式 (encrypted only) is not supported: said so, not silently dropped.
        var encrypted = await (await _channel.PushAsync($"<xml><ToUserName>{WeChatChannel.OfficialAccount}</ToUserName><Encrypt><![CDATA[c2VjcmV0]]></Encrypt></xml>",
            query: _channel.SignedQuery() + "&encrypt_type=aes&msg_signature=x")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        Assert.Contains("明文模式", encrypted.GetProperty("detail").GetString());

        var huge = _channel.Text(openId, new string('好', 70_000), _channel.NewMsgId());
        await (await _channel.PushAsync(huge)).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");

        // An image WeChat cannot give us: refused (WeChat retries), no file left behind.
        await (await _channel.PushAsync(_channel.Image(openId, _channel.NewMsgId(), "gone", _wechat.Url("/pics/gone.png"))))
            .AssertProblemAsync(HttpStatusCode.BadGateway, "channel_unavailable");

        // A switched-off channel takes nothing.
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.PutAsJsonAsync($"/api/admin/channels/{_channel.Id}", new { enabled = false }, Json.Options)).StatusCode);
        await (await _channel.PushAsync(text)).AssertProblemAsync(HttpStatusCode.NotFound, "channel_not_found");
        await (await _channel.VerifyAsync("1")).AssertProblemAsync(HttpStatusCode.NotFound, "channel_not_found");

        Assert.Equal(refsBefore, await InDbAsync(db => db.ChannelMessageRefs.CountAsync()));
        Assert.Equal(attachmentsBefore, await InDbAsync(db => db.Attachments.CountAsync()));
        Assert.False(await InDbAsync(db => db.CustomerIdentities.AnyAsync(i => i.Value == $"{WeChatStandIn.AppId}:{openId}")));
    }

    [Fact]
    public async Task A_picture_is_fetched_from_wechat_once_and_kept_as_an_image_message()
    {
        var openId = WeChatChannel.NewOpenId();
        _wechat.Media["buyer-photo-1"] = (AttachmentTests.Png, "image/png");
        var msgId = _channel.NewMsgId();
        var push = _channel.Image(openId, msgId, "buyer-photo-1", _wechat.Url("/pics/unused.png"));
        await _channel.PushOkAsync(push);
        await _channel.PushOkAsync(push); // a retry neither fetches nor stores it again

        var photo = Assert.Single((await MessagesAsync((await StoredAsync(msgId)).ConversationId)).Messages);
        Assert.Equal(MessageKind.Image, photo.Kind);
        Assert.Equal("image/png", photo.Attachment!.ContentType);
        Assert.Equal(AttachmentTests.Png, await _agent.Http.GetByteArrayAsync($"/api/attachments/{photo.Attachment.Id}"));
        var fetch = Assert.Single(_wechat.CallsTo("/cgi-bin/media/get"));
        Assert.Equal("buyer-photo-1", fetch.Query["media_id"]);
        Assert.Equal("token-1", fetch.AccessToken);
        Assert.Empty(_wechat.CallsTo("/pics/unused.png"));

        // media/get cannot give it (expired, say): the PicUrl can.
        _wechat.Pictures["p2.png"] = AttachmentTests.Png;
        var second = _channel.NewMsgId();
        await _channel.PushOkAsync(_channel.Image(openId, second, "expired-media", _wechat.Url("/pics/p2.png")));
        var page = await MessagesAsync((await StoredAsync(second)).ConversationId);
        Assert.Equal([MessageKind.Image, MessageKind.Image], page.Messages.Select(m => m.Kind));
        Assert.Equal(1, await InDbAsync(db => db.Attachments.CountAsync(a => a.Id == page.Messages[1].Attachment!.Id && a.ConversationId != null)));
    }

    [Fact]
    public async Task An_agent_reply_goes_out_as_a_customer_service_message_with_one_token()
    {
        var openId = WeChatChannel.NewOpenId();
        var conversation = await BuyerWritesAsync(openId, "有M码吗?");
        var reply = await ReplyAsync(conversation, "亲,M码有货的~");
        await DeliverDueAsync();
        var again = await ReplyAsync(conversation, "今天下单今天发");
        await DeliverDueAsync();

        var token = Assert.Single(_wechat.CallsTo("/cgi-bin/stable_token")).Json;
        Assert.Equal(("client_credential", WeChatStandIn.AppId, WeChatStandIn.AppSecret),
            (token.GetProperty("grant_type").GetString(), token.GetProperty("appid").GetString(), token.GetProperty("secret").GetString()));
        Assert.False(token.TryGetProperty("force_refresh", out var force) && force.GetBoolean());
        var sent = _wechat.CallsTo("/cgi-bin/message/custom/send");
        Assert.Equal(2, sent.Count);
        Assert.All(sent, s => Assert.Equal("token-1", s.AccessToken));
        Assert.All(sent, s => Assert.Equal((openId, "text"), (s.Json.GetProperty("touser").GetString(), s.Json.GetProperty("msgtype").GetString())));
        Assert.Equal(["亲,M码有货的~", "今天下单今天发"], sent.Select(s => s.Json.GetProperty("text").GetProperty("content").GetString()));
        Assert.Contains("亲,M码有货的~", System.Text.Encoding.UTF8.GetString(sent[0].Body)); // Chinese as is, not \u-escaped
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryOfAsync(reply.Id)).Status);
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryOfAsync(again.Id)).Status);
    }

    [Fact]
    public async Task A_photo_reply_is_uploaded_then_sent_as_an_image_and_a_file_goes_as_a_link()
    {
        var openId = WeChatChannel.NewOpenId();
        var conversation = await BuyerWritesAsync(openId, "尺码表有吗");
        var photo = await UploadAsync(conversation, AttachmentTests.Png, "尺码表.png");
        await ReplyAsync(conversation, "", photo.Id);
        var pdf = await UploadAsync(conversation, "%PDF-1.4 尺码说明"u8.ToArray(), "尺码说明.pdf");
        await ReplyAsync(conversation, "详细说明见附件", pdf.Id);
        await DeliverDueAsync();

        var upload = Assert.Single(_wechat.CallsTo("/cgi-bin/media/upload"));
        Assert.Equal("image", upload.Query["type"]);
        Assert.Equal(AttachmentTests.Png, upload.Upload);
        Assert.Equal("尺码表.png", upload.UploadName);
        var sent = _wechat.CallsTo("/cgi-bin/message/custom/send");
        Assert.Equal(2, sent.Count);
        Assert.Equal(("image", "upload-1"), (sent[0].Json.GetProperty("msgtype").GetString(), sent[0].Json.GetProperty("image").GetProperty("media_id").GetString()));
        var text = sent[1].Json.GetProperty("text").GetProperty("content").GetString()!;
        Assert.StartsWith("详细说明见附件\n文件「尺码说明.pdf」", text);
        var link = text[(text.IndexOf("http", StringComparison.Ordinal))..];
        Assert.Equal("%PDF-1.4 尺码说明"u8.ToArray(), await new HttpClient().GetByteArrayAsync(link));
    }

    private async Task<AttachmentInfo> UploadAsync(Guid conversationId, byte[] content, string name)
    {
        var upload = await _agent.Http.PostAsync($"/api/conversations/{conversationId}/attachments", AttachmentTests.File(content, name));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        return (await upload.Content.ReadFromJsonAsync<AttachmentInfo>(Json.Options))!;
    }

    [Fact]
    public async Task An_expired_token_is_fetched_again_and_the_reply_resent_in_the_same_attempt()
    {
        var conversation = await BuyerWritesAsync(WeChatChannel.NewOpenId());
        await ReplyAsync(conversation, "第一句");
        await DeliverDueAsync();
        _wechat.ExpireToken();
        var reply = await ReplyAsync(conversation, "第二句");
        await DeliverDueAsync();

        var sent = _wechat.CallsTo("/cgi-bin/message/custom/send");
        Assert.Equal(["token-1", "token-1", "token-2"], sent.Select(s => s.AccessToken));
        Assert.Equal(["第一句", "第二句", "第二句"], sent.Select(s => s.Json.GetProperty("text").GetProperty("content").GetString()));
        var delivery = await DeliveryOfAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Delivered, 1), (delivery.Status, delivery.Attempts));
        Assert.Equal(2, _wechat.CallsTo("/cgi-bin/stable_token").Count);
    }

    [Fact]
    public async Task Outside_the_48_hour_window_a_reply_retries_then_becomes_a_dead_letter_the_admin_sees()
    {
        var conversation = await BuyerWritesAsync(WeChatChannel.NewOpenId());
        _wechat.RefuseEverySend = 45015;
        var reply = await ReplyAsync(conversation, "您的包裹已经发出");
        await DeliverDueAsync();

        var delivery = await DeliveryOfAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Pending, 1), (delivery.Status, delivery.Attempts));
        Assert.Contains("45015", delivery.LastError);
        Assert.Contains("48", delivery.LastError);

        TimeSpan[] waits = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];
        foreach (var wait in waits)
        {
            Clock.Advance(wait);
            await DeliverDueAsync();
        }

        Assert.Equal(DeliveryWorker.MaxAttempts, _wechat.CallsTo("/cgi-bin/message/custom/send").Count);
        var dead = (await _admin.Http.GetFromJsonAsync<List<DeliveryRow>>("/api/admin/deliveries?status=dead", Json.Options))!;
        var row = Assert.Single(dead, d => d.MessageId == reply.Id);
        Assert.Equal((ChannelKind.WeChat, _channel.Row.Name, DeliveryWorker.MaxAttempts), (row.Kind, row.ChannelName, row.Attempts));
        Assert.Contains("45015", row.LastError);
        Assert.Contains("48小时", row.LastError);
        Assert.DoesNotContain("token-", row.LastError); // the access_token never ends up in logs or on screen
    }

    [Fact]
    public async Task Resolving_sends_the_survey_invitation_as_text_with_the_rating_link()
    {
        var conversation = await BuyerWritesAsync(WeChatChannel.NewOpenId(), "谢谢");
        await ReplyAsync(conversation, "不客气");
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/resolve",
            new ResolveBody(fx.World.CategoryId, "已解答", null), Json.Options)).StatusCode);
        await DeliverDueAsync();

        var invitation = _wechat.CallsTo("/cgi-bin/message/custom/send").Select(s => s.Json.GetProperty("text").GetProperty("content").GetString()!)
            .Single(t => t.Contains("/rate/", StringComparison.Ordinal));
        Assert.StartsWith("请您为本次服务评价", invitation);
        var link = invitation[invitation.IndexOf("http", StringComparison.Ordinal)..];
        Assert.Contains("非常满意", await Clients.Http(fx.App).Http.GetStringAsync(link));
    }

    [Fact]
    public async Task Admins_connect_a_wechat_account_with_checked_settings_and_the_secret_never_comes_back()
    {
        async Task Refused(object settings, string? secret, string reason)
        {
            var problem = await (await _admin.Http.PostAsJsonAsync("/api/admin/channels",
                new { shopId = fx.World.Shop.Id, kind = "weChat", name = "公众号", settings, secret }, Json.Options))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "channel_invalid");
            Assert.Contains(reason, problem.GetProperty("detail").GetString());
        }

        await Refused(new { token = WeChatChannel.Token }, WeChatStandIn.AppSecret, "appId");
        await Refused(new { appId = "gh_123", token = WeChatChannel.Token }, WeChatStandIn.AppSecret, "appId");
        await Refused(new { appId = WeChatStandIn.AppId }, WeChatStandIn.AppSecret, "token");
        await Refused(new { appId = WeChatStandIn.AppId, token = "令牌" }, WeChatStandIn.AppSecret, "token");
        await Refused(new { appId = WeChatStandIn.AppId, token = WeChatChannel.Token, apiBaseUrl = "ftp://x" }, WeChatStandIn.AppSecret, "apiBaseUrl");
        await Refused(new { appId = WeChatStandIn.AppId, token = WeChatChannel.Token }, "short", "AppSecret");
        await Refused(new { appId = WeChatStandIn.AppId, token = WeChatChannel.Token }, null, "AppSecret");

        var listed = await _admin.Http.GetStringAsync("/api/admin/channels");
        Assert.Contains(_channel.Id.ToString(), listed);
        Assert.DoesNotContain(WeChatStandIn.AppSecret, listed);

        var openApi = await Clients.Http(fx.App).Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/channels/wechat/{channelId}", openApi);
    }
}

public sealed class WeChatTests_Sqlite(ClockedSqliteApp fx) : WeChatTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class WeChatTests_Postgres(ClockedPostgresApp fx) : WeChatTests(fx), IClassFixture<ClockedPostgresApp>;
