using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Text;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.WeChat;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Channels;

/// <summary>A 公众号 connected by the admin, and WeChat's side of the push protocol (接入指南, 接收普通消息).</summary>
public sealed class WeChatChannel
{
    public const string Token = "KefuDeskToken2026";
    public const string OfficialAccount = "gh_0123456789ab";

    private readonly AppFixture _fx;
    private readonly HttpClient _anonymous;
    private long _nextMsgId = 24_000_000_000_000_000;

    private WeChatChannel(AppFixture fx, ChannelRow row)
    {
        _fx = fx;
        Row = row;
        _anonymous = Clients.Http(fx.App).Http;
    }

    public ChannelRow Row { get; }

    public Guid Id => Row.Id;

    public static async Task<WeChatChannel> ConnectAsync(AppFixture fx, StaffClient admin, WeChatStandIn wechat)
    {
        var response = await admin.Http.PostAsJsonAsync("/api/admin/channels", new
        {
            shopId = fx.World.Shop.Id,
            kind = "weChat",
            name = "服务号 " + Guid.NewGuid().ToString("N")[..6],
            settings = new { appId = WeChatStandIn.AppId, token = Token, apiBaseUrl = wechat.BaseAddress },
            secret = WeChatStandIn.AppSecret,
        }, Json.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new WeChatChannel(fx, (await response.Content.ReadFromJsonAsync<ChannelRow>(Json.Options))!);
    }

    public string NewMsgId() => Interlocked.Increment(ref _nextMsgId).ToString(CultureInfo.InvariantCulture);

    /// <summary>The query WeChat signs a request with: signature = sha1(sorted token, timestamp, nonce).</summary>
    public string SignedQuery(string token = Token, DateTimeOffset? at = null, string? nonce = null)
    {
        var timestamp = (at ?? _fx.Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        return $"signature={WeChatSignature.Sign(token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}";
    }

    public Task<HttpResponseMessage> VerifyAsync(string echostr, string token = Token, Guid? channelId = null) =>
        _anonymous.GetAsync($"/api/channels/wechat/{channelId ?? Id}?{SignedQuery(token)}&echostr={Uri.EscapeDataString(echostr)}");

    /// <summary>Posts a push as WeChat does: XML body, signature in the query string.</summary>
    public Task<HttpResponseMessage> PushAsync(string xml, string token = Token, DateTimeOffset? at = null, Guid? channelId = null, string? query = null) =>
        _anonymous.PostAsync($"/api/channels/wechat/{channelId ?? Id}?{query ?? SignedQuery(token, at)}&openid=o",
            new StringContent(xml, Encoding.UTF8, "text/xml"));

    /// <summary>A push WeChat must get "success" for.</summary>
    public async Task PushOkAsync(string xml)
    {
        var response = await PushAsync(xml);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    public string Text(string openId, string content, string msgId) =>
        Xml(openId, "text", $"<Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId>");

    public string Image(string openId, string msgId, string? mediaId, Uri? picUrl) =>
        Xml(openId, "image", (picUrl is null ? "" : $"<PicUrl><![CDATA[{picUrl}]]></PicUrl>")
                             + (mediaId is null ? "" : $"<MediaId><![CDATA[{mediaId}]]></MediaId>") + $"<MsgId>{msgId}</MsgId>");

    public string Event(string openId, string name, string key = "") =>
        Xml(openId, "event", $"<Event><![CDATA[{name}]]></Event><EventKey><![CDATA[{key}]]></EventKey>");

    public string Xml(string openId, string msgType, string fields) =>
        $"<xml><ToUserName><![CDATA[{OfficialAccount}]]></ToUserName><FromUserName><![CDATA[{SecurityElement.Escape(openId)}]]></FromUserName>"
        + $"<CreateTime>{(_fx.Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[{msgType}]]></MsgType>{fields}</xml>";

    public static string NewOpenId() => "oW8kX" + Guid.NewGuid().ToString("N")[..23];
}
