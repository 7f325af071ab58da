using System.Text.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels.ImBridge;

/// <summary>
/// The signed inbound webhook any IM bridge posts buyers' messages to. Checked in this order, each
/// refusal logged and nothing stored: the channel exists and is on, the timestamp is fresh, the
/// signature matches the body, the JSON is well formed, the file (if any) passes the upload rules.
/// A message id the channel sent before is the same message, never a second one.
/// </summary>
public static class ImBridgeWebhook
{
    /// <summary>A 20 MB file in base64 and some JSON around it.</summary>
    public const long MaxBodyBytes = 28 * 1024 * 1024;

    private const int UserIdMaxLength = 150;
    private const int UserNameMaxLength = 50;

    private static readonly JsonSerializerOptions Json = JsonDefaults.ApplyForChannel(new JsonSerializerOptions());

    /// <summary>Where the bridge posts buyers' messages: shown to the admin on the channels page.</summary>
    public static string InboundUrl(PublicAddress address, Guid channelId) => address.For($"/api/channels/im/{channelId}/messages").ToString();

    public static IEndpointRouteBuilder MapImBridgeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/channels/im/{channelId:guid}/messages", Receive).AllowAnonymous().AcceptsAnyOrigin().DisableAntiforgery()
            .WithTags("Channels").WithName("ReceiveImMessage")
            .WithSummary("An IM bridge delivers a buyer's message (signed: X-KefuDesk-Timestamp, X-KefuDesk-Signature)")
            .Accepts<ImInboundMessage>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Ok<ImInboundAccepted>> Receive(Guid channelId, HttpContext http, IDbContextFactory<KefuDeskDbContext> dbFactory,
        ChannelSecrets secrets, ConversationWriter writer, Attachments attachments, BuyerFloodGuard flood, TimeProvider clock, ILoggerFactory logs,
        CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(ImBridgeWebhook));
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var target = await db.ChannelAccounts.AsNoTracking().Where(c => c.Id == channelId && c.Kind == ChannelKind.ImBridge && c.Enabled)
                .Join(db.Shops, c => c.ShopId, s => s.Id, (c, s) => new { Account = c, s.OrganisationId }).FirstOrDefaultAsync(ct)
                ?? throw new KefuDeskException(KefuDeskError.ChannelNotFound);
            var body = await ReadBodyAsync(http, ct);
            if (!WebhookSignature.IsFresh(http.Request.Headers[WebhookSignature.TimestampHeader], clock.GetUtcNow(), out var timestamp))
            {
                throw new KefuDeskException(KefuDeskError.Replayed, "timestamp missing or more than 5 minutes away");
            }

            if (!WebhookSignature.Verify(secrets.Reveal(target.Account.ProtectedSecret), timestamp, body,
                    http.Request.Headers[WebhookSignature.SignatureHeader]))
            {
                throw new KefuDeskException(KefuDeskError.SignatureInvalid);
            }

            var message = Parse(body);
            var account = target.Account;
            await flood.CheckAsync(ImIdentity.Of(account.Id, message.User!.Id!));
            Guid? fileId = null;
            if (message.Attachment is { } file)
            {
                fileId = await StoreFileAsync(attachments, account.ShopId, file, ct);
            }

            try
            {
                var stored = await writer.ExecuteAsync(SendMessage.FromChannel(target.OrganisationId, account.ShopId, account.Id, Channel.ImBridge,
                    threadKey: account.Id.ToString("N"),
                    new ChannelBuyer(IdentityKind.ImUser, ImIdentity.Of(account.Id, message.User!.Id!), message.User.Name?.Trim(), Verified: true),
                    message.MessageId!, fileId is null ? message.Text : MessageInput.Caption(message.Text),
                    fileId is { } id ? new OutgoingContent(AttachmentId: id) : null), ct);
                return TypedResults.Ok(new ImInboundAccepted(stored.ConversationId, stored.Id, stored.Sequence));
            }
            catch when (fileId is { } id)
            {
                await attachments.DiscardUnusedAsync(id, CancellationToken.None); // nothing half-written
                throw;
            }
        }
        catch (KefuDeskException refused)
        {
            log.LogWarning("IM bridge message for channel {Channel} refused: {Reason}", channelId, refused.Message);
            throw;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentTooLarge);
        }

        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentTooLarge);
        }

        return buffer.ToArray();
    }

    private static ImInboundMessage Parse(byte[] body)
    {
        ImInboundMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<ImInboundMessage>(body, Json);
        }
        catch (JsonException)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "not JSON");
        }

        if (message is null || string.IsNullOrWhiteSpace(message.MessageId) || message.MessageId.Length > ChannelMessageRef.ExternalIdMaxLength)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "messageId: 1–300 characters");
        }

        if (message.User is not { Id: { Length: > 0 and <= UserIdMaxLength } userId } || string.IsNullOrWhiteSpace(userId)
            || message.User.Name is { Length: > UserNameMaxLength })
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "user.id: 1–150 characters, user.name: up to 50");
        }

        if (message.Attachment is { } file && (string.IsNullOrWhiteSpace(file.FileName) || string.IsNullOrEmpty(file.ContentBase64)))
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "attachment: fileName and contentBase64");
        }

        return message;
    }

    private static async Task<Guid> StoreFileAsync(Attachments attachments, Guid shopId, ImInboundFile file, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(file.ContentBase64!);
        }
        catch (FormatException)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "attachment.contentBase64 is not base64");
        }

        var info = await attachments.UploadAsync(AttachmentParty.Channel(shopId), shopId, file.FileName!, bytes.Length,
            () => new MemoryStream(bytes, writable: false), ct);
        return info.Id;
    }
}

/// <summary>How an IM user is kept as a customer identity: qualified by the bridge, since ids are only unique there.</summary>
public static class ImIdentity
{
    public static string Of(Guid channelAccountId, string userId) => $"{channelAccountId:N}:{userId.Trim()}";

    /// <summary>The user id on the bridge, if the identity belongs to it.</summary>
    public static string? UserOn(Guid channelAccountId, CustomerIdentity identity) =>
        identity.Kind == IdentityKind.ImUser && identity.Value.StartsWith($"{channelAccountId:N}:", StringComparison.Ordinal)
            ? identity.Value[33..]
            : null;
}
