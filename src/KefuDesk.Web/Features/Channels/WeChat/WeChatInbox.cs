using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// Turns a checked push into a buyer's message: text as text, a picture as an image (downloaded
/// from WeChat, which keeps it only 3 days), voice, video, location and link as a readable line so
/// nothing the buyer sent is silently dropped. Events (关注, 取消关注, menu clicks) and unknown
/// types are logged and acknowledged; they start no conversation.
/// </summary>
public sealed class WeChatInbox(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    ConversationWriter writer,
    Attachments attachments,
    WeChatApi api,
    ChannelSecrets secrets,
    ILogger<WeChatInbox> log)
{
    public async Task TakeAsync(WeChatTarget target, WeChatSettings settings, WeChatPush push, CancellationToken ct)
    {
        var account = target.Account;
        string? body;
        switch (push.MsgType)
        {
            case "text":
                body = push["Content"];
                break;
            case "image":
                await TakeImageAsync(target, settings, push, ct);
                return;
            case "voice":
                body = push["Recognition"] is { Length: > 0 } heard ? ShopText.Get("WeChat.VoiceHeard", heard) : ShopText.Get("WeChat.Voice");
                break;
            case "video" or "shortvideo":
                body = ShopText.Get("WeChat.Video");
                break;
            case "location":
                body = ShopText.Get("WeChat.Location", push["Label"] ?? "", push["Location_X"] ?? "", push["Location_Y"] ?? "");
                break;
            case "link":
                body = ShopText.Get("WeChat.Link", push["Title"] ?? "", push["Url"] ?? "");
                break;
            case "event":
                log.LogInformation("WeChat event {Event} ({Key}) from {OpenId} on channel {Channel}", push["Event"], push["EventKey"], push.FromUser, account.Id);
                return;
            default:
                log.LogWarning("WeChat push of unknown type {Type} on channel {Channel} acknowledged and not stored", push.MsgType, account.Id);
                return;
        }

        await writer.ExecuteAsync(Arrival(target, settings, push, body, null), ct);
    }

    private async Task TakeImageAsync(WeChatTarget target, WeChatSettings settings, WeChatPush push, CancellationToken ct)
    {
        // WeChat retries a push it thinks was lost: do not fetch the picture again for a message we have.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.ChannelMessageRefs.AnyAsync(r => r.ChannelAccountId == target.Account.Id && r.ExternalId == push.ExternalId, ct))
            {
                return;
            }
        }

        var picture = await DownloadAsync(target, settings, push, ct);
        var extension = picture.ContentType switch { "image/png" => ".png", "image/gif" => ".gif", "image/webp" => ".webp", _ => ".jpg" };
        var name = ShopText.Get("WeChat.ImageName", push.ExternalId) + extension;
        var shopId = target.Account.ShopId;
        var stored = await attachments.UploadAsync(AttachmentParty.Channel(shopId), shopId, name, picture.Content.Length,
            () => new MemoryStream(picture.Content, writable: false), ct);
        try
        {
            var message = await writer.ExecuteAsync(Arrival(target, settings, push, null, new OutgoingContent(AttachmentId: stored.Id)), ct);
            if (message.Attachment?.Id != stored.Id)
            {
                await attachments.DiscardUnusedAsync(stored.Id, CancellationToken.None); // a retry of the same push got there first
            }
        }
        catch
        {
            await attachments.DiscardUnusedAsync(stored.Id, CancellationToken.None); // nothing half-written
            throw;
        }
    }

    /// <summary>From media/get with the MediaId (through the configured API address); failing that, from the PicUrl.</summary>
    private async Task<WeChatMedia> DownloadAsync(WeChatTarget target, WeChatSettings settings, WeChatPush push, CancellationToken ct)
    {
        Exception? failure = null;
        if (push["MediaId"] is { Length: > 0 and <= 256 } mediaId)
        {
            try
            {
                return await api.DownloadMediaAsync(settings, secrets.Reveal(target.Account.ProtectedSecret), mediaId, ct);
            }
            catch (Exception ex) when (ex is WeChatApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                failure = ex;
                log.LogWarning("WeChat media/get failed for message {MsgId} on channel {Channel} ({Reason}); trying PicUrl", push.ExternalId,
                    target.Account.Id, ex.Message);
            }
        }

        if (Uri.TryCreate(push["PicUrl"], UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            try
            {
                return await api.DownloadAsync(url, ct);
            }
            catch (Exception ex) when (ex is WeChatApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                failure = ex;
            }
        }

        throw failure is null
            ? new KefuDeskException(KefuDeskError.PayloadInvalid, "an image push without MediaId or PicUrl")
            : new KefuDeskException(KefuDeskError.ChannelUnavailable, $"the picture could not be fetched from WeChat: {failure.Message}");
    }

    private static SendMessage Arrival(WeChatTarget target, WeChatSettings settings, WeChatPush push, string? body, OutgoingContent? content) =>
        SendMessage.FromChannel(target.OrganisationId, target.Account.ShopId, target.Account.Id, Channel.WeChat,
            threadKey: target.Account.Id.ToString("N"),
            new ChannelBuyer(IdentityKind.WeChatOpenId, WeChatIdentity.Of(settings.AppId, push.FromUser), DisplayName: null, Verified: true),
            push.ExternalId, body, content);
}
