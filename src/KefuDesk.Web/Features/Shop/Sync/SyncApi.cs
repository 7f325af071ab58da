using System.Security.Claims;
using System.Text.Json;
using KefuDesk.Features.Channels.ImBridge;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Sync;

public sealed record SyncSecretView(string SyncSecret, string WebhookUrl);

/// <summary>
/// The sync API: an admin's calls (sign-in cookie) per kind, and the signed webhook a shop
/// platform (or the shop's own middleware) posts batches to. The webhook is signed like the IM
/// bridge's: <c>X-KefuDesk-Timestamp</c> (Unix seconds, within 5 minutes) and
/// <c>X-KefuDesk-Signature: sha256=hex(HMAC-SHA256(shop sync secret, "{timestamp}.{body}"))</c>,
/// compared in constant time. Refusals are logged and change nothing.
/// </summary>
public static class SyncApi
{
    /// <summary>1,000 items with room to spare.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions());

    public static string WebhookUrl(PublicAddress address, Guid shopId) => address.For($"/api/shop-sync/{shopId}/webhook").ToString();

    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/shop-sync/{shopId:guid}").RequireAuthorization(StaffPolicies.Admin).WithTags("Shop sync")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/products", Products).WithName("SyncProducts")
            .WithSummary("Create or update products by SKU (money in fen; an update older than the stored one is ignored)");
        api.MapPost("/orders", Orders).WithName("SyncOrders")
            .WithSummary("Create or update orders by order number, their lines replaced; the buyer is found or created by platform id");
        api.MapPost("/logistics", Logistics).WithName("SyncLogistics")
            .WithSummary("Add logistics events of orders (one per order, time and description: a repeat is the same event)");

        app.MapPost("/api/shop-sync/{shopId:guid}/webhook", Webhook).AllowAnonymous().AcceptsAnyOrigin().DisableAntiforgery()
            .WithTags("Shop sync").WithName("ShopSyncWebhook")
            .WithSummary("A shop platform posts products, orders and logistics together (signed: X-KefuDesk-Timestamp, X-KefuDesk-Signature)")
            .Accepts<SyncBatch>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        var secret = app.MapGroup("/api/admin/shops/{shopId:guid}/sync-secret").RequireAuthorization(StaffPolicies.Admin).WithTags("Shop sync")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        secret.MapGet("/", Secret).WithName("GetSyncSecret")
            .WithSummary("The secret the shop platform signs sync webhooks with, and the webhook's address");
        secret.MapPost("/", Rotate).WithName("RotateSyncSecret")
            .WithSummary("Replace the sync secret (or create one for a shop made before sync): webhooks signed with the old one are refused from now on");
        return app;
    }

    private static async Task<Ok<SyncCounts>> Products(Guid shopId, IReadOnlyList<ProductUpdate> items, ClaimsPrincipal user, ShopSync sync,
        CancellationToken ct) =>
        TypedResults.Ok((await sync.ApplyAsync(user.OrganisationId(), MayAct(user, shopId), new SyncBatch(items, null, null), ByWhom(user), ct)).Products);

    private static async Task<Ok<SyncCounts>> Orders(Guid shopId, IReadOnlyList<OrderUpdate> items, ClaimsPrincipal user, ShopSync sync,
        CancellationToken ct) =>
        TypedResults.Ok((await sync.ApplyAsync(user.OrganisationId(), MayAct(user, shopId), new SyncBatch(null, items, null), ByWhom(user), ct)).Orders);

    private static async Task<Ok<SyncCounts>> Logistics(Guid shopId, IReadOnlyList<LogisticsUpdate> items, ClaimsPrincipal user, ShopSync sync,
        CancellationToken ct) =>
        TypedResults.Ok((await sync.ApplyAsync(user.OrganisationId(), MayAct(user, shopId), new SyncBatch(null, null, items), ByWhom(user), ct)).Logistics);

    private static async Task<Ok<SyncResult>> Webhook(Guid shopId, HttpContext http, IDbContextFactory<KefuDeskDbContext> dbFactory, ShopSync sync,
        TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(SyncApi));
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var shop = await db.Shops.AsNoTracking().Where(s => s.Id == shopId).Select(s => new { s.OrganisationId, s.SyncSecret }).FirstOrDefaultAsync(ct)
                ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);
            if (string.IsNullOrEmpty(shop.SyncSecret))
            {
                throw new KefuDeskException(ShopDataErrors.SecretMissing);
            }

            var body = await ReadBodyAsync(http, ct);
            if (!WebhookSignature.IsFresh(http.Request.Headers[WebhookSignature.TimestampHeader], clock.GetUtcNow(), out var timestamp))
            {
                throw new KefuDeskException(KefuDeskError.Replayed, "timestamp missing or more than 5 minutes away");
            }

            if (!WebhookSignature.Verify(shop.SyncSecret, timestamp, body, http.Request.Headers[WebhookSignature.SignatureHeader]))
            {
                throw new KefuDeskException(KefuDeskError.SignatureInvalid);
            }

            return TypedResults.Ok(await sync.ApplyAsync(shop.OrganisationId, shopId, Parse(body), null, ct));
        }
        catch (KefuDeskException refused)
        {
            log.LogWarning("Sync webhook for shop {Shop} refused: {Reason}", shopId, refused.Message);
            throw;
        }
    }

    private static async Task<Ok<SyncSecretView>> Secret(Guid shopId, ClaimsPrincipal user, SyncSecrets secrets, CancellationToken ct) =>
        TypedResults.Ok(await secrets.RevealAsync(user.OrganisationId(), MayAct(user, shopId), user.AgentId(), ct));

    private static async Task<Ok<SyncSecretView>> Rotate(Guid shopId, ClaimsPrincipal user, SyncSecrets secrets, CancellationToken ct) =>
        TypedResults.Ok(await secrets.RotateAsync(user.OrganisationId(), MayAct(user, shopId), user.AgentId(), ct));

    /// <summary>Staff act only on the shops in their sign-in (admins: all of the company's).</summary>
    private static Guid MayAct(ClaimsPrincipal user, Guid shopId) =>
        user.Access().ShopIds.Contains(shopId) ? shopId : throw new KefuDeskException(KefuDeskError.ShopNotFound);

    private static string ByWhom(ClaimsPrincipal user) => user.Access().Nickname;

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new KefuDeskException(ShopDataErrors.BatchTooLarge, $"at most {MaxBodyBytes / 1024 / 1024} MB");
        }

        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new KefuDeskException(ShopDataErrors.BatchTooLarge, $"at most {MaxBodyBytes / 1024 / 1024} MB");
        }

        return buffer.ToArray();
    }

    private static SyncBatch Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<SyncBatch>(body, Json) ?? throw new KefuDeskException(KefuDeskError.PayloadInvalid, "empty body");
        }
        catch (JsonException bad)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, $"not a sync batch ({bad.Path})");
        }
    }
}
