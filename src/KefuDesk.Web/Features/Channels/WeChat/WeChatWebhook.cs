using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// The server address (服务器地址 URL) a shop pastes into 公众平台: GET is WeChat's URL verification
/// (echo <c>echostr</c> when the signature matches the token), POST is the message push. Pushes are
/// checked in this order, each refusal logged and nothing stored: the channel exists and is on, the
/// signature matches, the timestamp is fresh, the body is small, plaintext, well-formed XML without
/// a DTD. WeChat gets "success" at once; agents' replies go out later through the 客服消息 API.
/// </summary>
public static class WeChatWebhook
{
    public static string ServerUrl(PublicAddress address, Guid channelId) => address.For($"/api/channels/wechat/{channelId}").ToString();

    public static IEndpointRouteBuilder MapWeChatWebhook(this IEndpointRouteBuilder app)
    {
        var push = app.MapGroup("/api/channels/wechat/{channelId:guid}").AllowAnonymous().AcceptsAnyOrigin().WithTags("Channels")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        push.MapGet("", Verify).WithName("VerifyWeChatServer")
            .WithSummary("WeChat checks the server address (接入验证): answers echostr when signature = sha1(sorted token, timestamp, nonce)");
        push.MapPost("", Receive).DisableAntiforgery().WithName("ReceiveWeChatPush")
            .WithSummary("WeChat pushes a buyer's message or an event (plaintext XML, signed in the query string); answers \"success\"")
            .Accepts<string>("text/xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private static async Task<ContentHttpResult> Verify(Guid channelId, string? signature, string? timestamp, string? nonce, string? echostr,
        IDbContextFactory<KefuDeskDbContext> dbFactory, ILoggerFactory logs, CancellationToken ct)
    {
        try
        {
            var (_, settings) = await AccountAsync(dbFactory, channelId, ct);
            if (!WeChatSignature.Verify(settings.Token, timestamp, nonce, signature))
            {
                throw new KefuDeskException(KefuDeskError.SignatureInvalid, "signature ≠ sha1(sorted token, timestamp, nonce): check the token");
            }

            if (echostr is not { Length: > 0 and <= 200 })
            {
                throw new KefuDeskException(KefuDeskError.PayloadInvalid, "echostr: 1–200 characters");
            }

            logs.CreateLogger(typeof(WeChatWebhook)).LogInformation("WeChat verified the server address of channel {Channel}", channelId);
            return TypedResults.Text(echostr, "text/plain");
        }
        catch (KefuDeskException refused)
        {
            logs.CreateLogger(typeof(WeChatWebhook)).LogWarning("WeChat URL verification for channel {Channel} refused: {Reason}", channelId, refused.Message);
            throw;
        }
    }

    private static async Task<ContentHttpResult> Receive(Guid channelId, string? signature, string? timestamp, string? nonce, HttpContext http,
        IDbContextFactory<KefuDeskDbContext> dbFactory, WeChatInbox inbox, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(WeChatWebhook));
        try
        {
            var (target, settings) = await AccountAsync(dbFactory, channelId, ct);
            if (!WeChatSignature.Verify(settings.Token, timestamp, nonce, signature))
            {
                throw new KefuDeskException(KefuDeskError.SignatureInvalid, "signature ≠ sha1(sorted token, timestamp, nonce)");
            }

            if (!WeChatSignature.IsFresh(timestamp, clock.GetUtcNow()))
            {
                throw new KefuDeskException(KefuDeskError.Replayed, "timestamp more than 5 minutes away");
            }

            var push = WeChatPush.Parse(await ReadBodyAsync(http, ct));
            await inbox.TakeAsync(target, settings, push, ct);
            return TypedResults.Text("success", "text/plain");
        }
        catch (KefuDeskException refused)
        {
            log.LogWarning("WeChat push for channel {Channel} refused: {Reason}", channelId, refused.Message);
            throw;
        }
    }

    private static async Task<(WeChatTarget Target, WeChatSettings Settings)> AccountAsync(IDbContextFactory<KefuDeskDbContext> dbFactory, Guid channelId,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.ChannelAccounts.AsNoTracking().Where(c => c.Id == channelId && c.Kind == ChannelKind.WeChat && c.Enabled)
                         .Join(db.Shops, c => c.ShopId, s => s.Id, (c, s) => new WeChatTarget(c, s.OrganisationId)).FirstOrDefaultAsync(ct)
                     ?? throw new KefuDeskException(KefuDeskError.ChannelNotFound);
        return (target, WeChatSettings.Read(target.Account.Settings));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        // Kestrel may read (and drop) up to this much of an oversized body, so the sender still gets
        // the refusal instead of a reset connection; only MaxBytes are ever kept.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 16 * WeChatPush.MaxBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > WeChatPush.MaxBytes)
                {
                    throw new KefuDeskException(KefuDeskError.PayloadInvalid, "larger than 64 KB");
                }
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "larger than 64 KB");
        }

        return buffer.ToArray();
    }
}

/// <summary>The channel account a push is for, and its company.</summary>
public sealed record WeChatTarget(ChannelAccount Account, Guid OrganisationId);
