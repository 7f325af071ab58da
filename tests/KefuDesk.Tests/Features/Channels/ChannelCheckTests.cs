using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.ImBridge;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Channels;

/// <summary>
/// 测试连接: an admin tries a channel's settings before saving, against the real mail servers, a
/// WeChat stand-in and a bridge stand-in; a wrong password or secret is told per step, nothing is saved.
/// </summary>
public abstract class ChannelCheckTests(AppFixture fx)
{
    [Fact]
    public async Task Email_settings_are_tried_on_IMAP_and_SMTP_and_a_wrong_password_fails_both_steps()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var address = MailServers.NewAddress("check");
        await MailServers.SendAsync(new MimeKit.MimeMessage(
            [MimeKit.MailboxAddress.Parse(address)], [MimeKit.MailboxAddress.Parse(address)], "开箱", new MimeKit.TextPart("plain") { Text = "你好" }));
        await MailServers.WaitForAsync(address, _ => true);

        var right = await CheckAsync(admin, new { kind = "email", settings = EmailChannel.Settings(address), secret = MailServers.Password });
        Assert.True(right.Ok);
        Assert.Equal(["imap", "smtp"], right.Steps.Select(s => s.Step));
        Assert.Equal("INBOX: 1", right.Steps[0].Detail);

        var wrong = await CheckAsync(admin, new { kind = "email", settings = EmailChannel.Settings(address), secret = "not-the-password" });
        Assert.False(wrong.Ok);
        Assert.All(wrong.Steps, s => Assert.False(s.Ok));
        Assert.All(wrong.Steps, s => Assert.False(string.IsNullOrEmpty(s.Detail)));

        // A field that would be refused on saving is refused here too, named.
        var problem = await (await admin.Http.PostAsJsonAsync("/api/admin/channels/check",
                new { kind = "email", settings = new { imap = new { host = "imap.example.test", port = 0 } }, secret = "x" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "channel_invalid");
        Assert.StartsWith("imap.port:", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task WeChat_credentials_are_tried_by_fetching_a_token_and_a_bridge_by_a_signed_ping()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        await using var wechat = await WeChatStandIn.StartAsync();
        var settings = new { appId = WeChatStandIn.AppId, token = WeChatChannel.Token, apiBaseUrl = wechat.BaseAddress };
        Assert.True((await CheckAsync(admin, new { kind = "weChat", settings, secret = WeChatStandIn.AppSecret })).Ok);
        var wrong = Assert.Single((await CheckAsync(admin, new { kind = "weChat", settings, secret = new string('a', 32) })).Steps);
        Assert.Equal(("token", false), (wrong.Step, wrong.Ok));
        Assert.Contains("40125", wrong.Detail);

        await using var bridge = await BridgeStandIn.StartAsync();
        const string secret = "bridge-secret-0123456789";
        var ping = await CheckAsync(admin, new { kind = "imBridge", settings = new { outboundUrl = bridge.Url("/kefudesk") }, secret });
        Assert.True(ping.Ok);
        var received = Assert.Single(bridge.Received);
        Assert.Equal(WebhookSignature.Sign(secret, long.Parse(received.Timestamp!), received.Body), received.Signature);
        Assert.Contains("\"type\":\"ping\"", System.Text.Encoding.UTF8.GetString(received.Body));

        bridge.FailNext(HttpStatusCode.Unauthorized);
        var refused = Assert.Single((await CheckAsync(admin, new { kind = "imBridge", settings = new { outboundUrl = bridge.Url("/kefudesk") }, secret })).Steps);
        Assert.False(refused.Ok);
        Assert.Contains("401", refused.Detail);

        // Checking a connected channel with the secret left empty uses the saved one; nothing is saved by checking.
        var before = await ChannelsAsync(admin);
        var channel = await ImChannel.ConnectAsync(fx, admin, bridge.Url("/kefudesk"));
        Assert.True((await CheckAsync(admin, new { channelId = channel.Id, settings = new { outboundUrl = bridge.Url("/kefudesk") }, secret = "" })).Ok);
        Assert.Equal(before + 1, await ChannelsAsync(admin));

        await using var agent = await fx.SignInAsync(fx.World.Supervisor);
        await (await agent.Http.PostAsJsonAsync("/api/admin/channels/check", new { kind = "imBridge" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private static async Task<ChannelCheckResult> CheckAsync(StaffClient admin, object input)
    {
        var response = await admin.Http.PostAsJsonAsync("/api/admin/channels/check", input, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ChannelCheckResult>(Json.Options))!;
    }

    private static async Task<int> ChannelsAsync(StaffClient admin) =>
        (await admin.Http.GetFromJsonAsync<List<ChannelRow>>("/api/admin/channels", Json.Options))!.Count;
}

public sealed class ChannelCheckTests_Sqlite(SqliteApp fx) : ChannelCheckTests(fx), IClassFixture<SqliteApp>;

public sealed class ChannelCheckTests_Postgres(PostgresApp fx) : ChannelCheckTests(fx), IClassFixture<PostgresApp>;
