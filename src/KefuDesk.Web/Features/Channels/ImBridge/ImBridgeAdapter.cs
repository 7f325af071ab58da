using System.Net.Http.Headers;
using System.Text.Json;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Surveys;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Channels.ImBridge;

/// <summary>
/// Replies to IM buyers go to the bridge's outbound URL as signed JSON (the same headers the bridge
/// signs its webhooks with). Settings: <c>{"outboundUrl": "https://bridge.example.com/kefudesk"}</c>;
/// the secret (16+ characters) is shared with the bridge.
/// </summary>
public sealed class ImBridgeAdapter(IHttpClientFactory http, ChannelFiles files, SurveyLinks surveys, TimeProvider clock) : IChannelAdapter
{
    public const int SecretMinLength = 16;

    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions());

    public ChannelKind Kind => ChannelKind.ImBridge;

    public void Validate(JsonElement settings, string? secret)
    {
        if (OutboundUrl(settings) is null)
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "outboundUrl: an http(s) address");
        }

        if (secret is null || secret.Length < SecretMinLength)
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, $"secret: at least {SecretMinLength} characters");
        }
    }

    public async Task<string?> SendAsync(OutboundContext context, CancellationToken ct)
    {
        var url = OutboundUrl(JsonDocument.Parse(context.Account.Settings).RootElement)
                  ?? throw new InvalidOperationException("The channel has no outbound URL.");
        var userId = context.Recipient.Select(i => ImIdentity.UserOn(context.Account.Id, i)).FirstOrDefault(u => u is not null)
                     ?? throw new InvalidOperationException("The buyer has no user id on this bridge.");
        var message = context.Message;
        var payload = new ImOutboundMessage("message", context.ConversationId, message.Id, new ImUser(userId, null),
            JsonNamingPolicy.CamelCase.ConvertName(message.Kind.ToString()), TextOf(message), message.SenderName,
            message.Attachment is { } a ? new ImOutboundFile(a.FileName, a.ContentType, a.Size, files.LinkFor(a.Id)) : null,
            message.Survey is { } survey ? surveys.LinkFor(survey.SurveyId) : null,
            message.CreatedAt);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(context.Secret, timestamp, body));
        using var response = await http.CreateClient("channels").SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The bridge answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        return await ExternalIdAsync(response, ct);
    }

    /// <summary>
    /// Posts a signed <c>{"type": "ping"}</c> to the outbound URL: a 2xx answer means the bridge is
    /// there and checked the signature (a bridge ignores pings; it must not show them to anyone).
    /// </summary>
    public async Task<IReadOnlyList<ChannelCheckStep>> CheckAsync(JsonElement settings, string secret, CancellationToken ct)
    {
        Validate(settings, secret);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { type = "ping", at = clock.GetUtcNow() }, Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, OutboundUrl(settings)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
            using var response = await http.CreateClient("channels").SendAsync(request, ct);
            return [new ChannelCheckStep("outbound", response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}")];
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return [new ChannelCheckStep("outbound", false, e.Message)];
        }
    }

    /// <summary>Cards become text an IM user can read; the bridge may render them richer from the kind.</summary>
    private static string TextOf(MessageView message) => message switch
    {
        { Product: { } p } => $"{p.Title} ¥{p.PriceFen / 100m:0.00} ({p.Sku})",
        { Order: { } o } => $"{ShopText.Get("Card.OrderNo")} {o.OrderNo}: {o.Summary} ¥{o.TotalFen / 100m:0.00}",
        _ => message.Body,
    };

    /// <summary>A bridge may answer <c>{"messageId": "…"}</c>: its id for what it sent, kept for threading.</summary>
    private static async Task<string?> ExternalIdAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        try
        {
            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            return answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("messageId", out var id)
                   && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= ChannelMessageRef.ExternalIdMaxLength } value
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Uri? OutboundUrl(JsonElement settings) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("outboundUrl", out var value) && value.ValueKind == JsonValueKind.String
        && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;
}
