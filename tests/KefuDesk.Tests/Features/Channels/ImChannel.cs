using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.ImBridge;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Channels;

/// <summary>An IM bridge channel connected by the admin, and the bridge's side of the webhook protocol.</summary>
public sealed class ImChannel
{
    public const string Secret = "bridge-secret-0123456789";

    private readonly AppFixture _fx;
    private readonly HttpClient _anonymous;

    private ImChannel(AppFixture fx, ChannelRow row)
    {
        _fx = fx;
        Row = row;
        _anonymous = Clients.Http(fx.App).Http;
    }

    public ChannelRow Row { get; }

    public Guid Id => Row.Id;

    public static async Task<ImChannel> ConnectAsync(AppFixture fx, StaffClient admin, Uri outboundUrl, TestShop? shop = null)
    {
        var response = await admin.Http.PostAsJsonAsync("/api/admin/channels", new
        {
            shopId = (shop ?? fx.World.Shop).Id,
            kind = "imBridge",
            name = "旺旺桥接 " + Guid.NewGuid().ToString("N")[..6],
            settings = new { outboundUrl },
            secret = Secret,
        }, Json.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new ImChannel(fx, (await response.Content.ReadFromJsonAsync<ChannelRow>(Json.Options))!);
    }

    /// <summary>Posts a message as the bridge would: signed with the secret, timestamped now (by the node's clock).</summary>
    public Task<HttpResponseMessage> PostAsync(object message, string secret = Secret, DateTimeOffset? at = null, Guid? channelId = null) =>
        PostRawAsync(JsonSerializer.SerializeToUtf8Bytes(message, Json.Options), secret, at, channelId);

    public async Task<HttpResponseMessage> PostRawAsync(byte[] body, string secret = Secret, DateTimeOffset? at = null, Guid? channelId = null)
    {
        var timestamp = (at ?? _fx.Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/im/{channelId ?? Id}/messages")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        return await _anonymous.SendAsync(request);
    }

    public async Task<ImInboundAccepted> SendAsync(string userId, string text, string? messageId = null, string? name = "淘宝买家")
    {
        var response = await PostAsync(new { messageId = messageId ?? Guid.NewGuid().ToString(), user = new { id = userId, name }, text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ImInboundAccepted>(Json.Options))!;
    }

    /// <summary>Checks a request KefuDesk sent to the bridge carries a valid signature, and reads it.</summary>
    public static ImOutboundMessage Verified(ReceivedRequest request)
    {
        Assert.True(long.TryParse(request.Timestamp, out var timestamp));
        Assert.True(WebhookSignature.Verify(Secret, timestamp, request.Body, request.Signature), "the outbound request must be signed");
        return JsonSerializer.Deserialize<ImOutboundMessage>(Encoding.UTF8.GetString(request.Body), Json.Options)!;
    }
}
