using System.Text.Json;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Surveys;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// Replies to WeChat buyers go through the 公众号's customer-service API (客服消息), which only
/// works within 48 hours of the buyer's last message (otherwise errcode 45015: the delivery fails,
/// retries, and ends as a dead letter an admin sees). Text goes as text; cards as readable text;
/// the survey as its invitation with the rating link; an image is uploaded as temporary material
/// and sent as an image; other files (and images WeChat would not take) as a signed link.
/// Settings: <c>{"appId": "wx…", "token": "…", "apiBaseUrl": optional}</c>; the secret is the AppSecret.
/// </summary>
public sealed class WeChatAdapter(WeChatApi api, WeChatTokens tokens, IAttachmentStore store, ChannelFiles files, SurveyLinks surveys) : IChannelAdapter
{
    /// <summary>What WeChat takes as an image message (新增临时素材: PNG, JPEG, GIF; 2 MB in its stricter documents).</summary>
    public const long MaxImageBytes = 2 * 1024 * 1024;

    private static readonly HashSet<string> ImageTypes = ["image/jpeg", "image/png", "image/gif"];

    public ChannelKind Kind => ChannelKind.WeChat;

    public void Validate(JsonElement settings, string? secret) => WeChatSettings.Checked(settings, secret);

    /// <summary>Fetching an access token proves the AppID and AppSecret (and that this server's address is on the 公众号's IP whitelist).</summary>
    public async Task<IReadOnlyList<ChannelCheckStep>> CheckAsync(JsonElement json, string secret, CancellationToken ct)
    {
        var settings = WeChatSettings.Checked(json, secret);
        try
        {
            await tokens.GetAsync(settings, secret, ct);
            return [new ChannelCheckStep("token", true)];
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return [new ChannelCheckStep("token", false, e.Message)];
        }
    }

    public async Task<string?> SendAsync(OutboundContext context, CancellationToken ct)
    {
        var settings = WeChatSettings.Read(context.Account.Settings);
        var openId = context.Recipient.Select(i => WeChatIdentity.OpenIdIn(settings.AppId, i)).FirstOrDefault(o => o is not null)
                     ?? throw new InvalidOperationException("The buyer has no openid in this 公众号.");
        var message = context.Message;
        if (message.Attachment is { } image && message.Kind == MessageKind.Image && ImageTypes.Contains(image.ContentType) && image.Size <= MaxImageBytes)
        {
            var mediaId = await api.UploadImageAsync(settings, context.Secret, image.FileName, image.ContentType, await ReadAsync(image.Id, ct), ct);
            await api.SendAsync(settings, context.Secret, new { touser = openId, msgtype = "image", image = new { media_id = mediaId } }, ct);
            if (message.Body.Length > 0)
            {
                await SendTextAsync(settings, context.Secret, openId, message.Body, ct);
            }

            return null;
        }

        await SendTextAsync(settings, context.Secret, openId, TextOf(message), ct);
        return null;
    }

    private Task SendTextAsync(WeChatSettings settings, string appSecret, string openId, string text, CancellationToken ct) =>
        api.SendAsync(settings, appSecret, new { touser = openId, msgtype = "text", text = new { content = text } }, ct);

    /// <summary>What a WeChat buyer reads for a message that is not plain text.</summary>
    private string TextOf(MessageView message) => message switch
    {
        { Survey: { } survey } => $"{message.Body}\n{surveys.LinkFor(survey.SurveyId)}",
        { Attachment: { } file } => Joined(message.Body, ShopText.Get("WeChat.FileLink", file.FileName, files.LinkFor(file.Id))),
        { Product: { } p } => Joined(message.Body, $"{p.Title} ¥{p.PriceFen / 100m:0.00} ({p.Sku})"),
        { Order: { } o } => Joined(message.Body, $"{ShopText.Get("Card.OrderNo")} {o.OrderNo}: {o.Summary} ¥{o.TotalFen / 100m:0.00}"),
        _ => message.Body,
    };

    private static string Joined(string caption, string text) => caption.Length == 0 ? text : $"{caption}\n{text}";

    private async Task<byte[]> ReadAsync(Guid attachmentId, CancellationToken ct)
    {
        await using var content = store.OpenRead(attachmentId);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
