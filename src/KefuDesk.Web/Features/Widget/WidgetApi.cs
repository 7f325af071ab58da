using System.Security.Claims;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Routing.Dispatch;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Widget;

public sealed record WidgetSessionRequest(string? WidgetKey, string? VisitorToken, SignedIdentity? Identity = null);

public sealed record WidgetShop(Guid Id, string Name);

/// <summary>The pre-chat form as the widget shows it; <c>Filled</c>: this buyer already told us, do not ask again.</summary>
public sealed record WidgetPreChat(bool Enabled, bool AskName, bool AskPhone, bool AskEmail, bool Required, bool Filled);

/// <summary>
/// Who the widget's buyer is: keep <c>VisitorToken</c> and send it back next time. <c>Staffed</c>: someone
/// of the shop is online now; when not, the widget offers the offline-message form (留言).
/// <c>Questions</c>: the shop's question menu (its Question entry rules, in order) for a buyer's first message.
/// </summary>
public sealed record WidgetSession(string VisitorToken, Guid CustomerId, string VisitorCode, WidgetShop Shop, WidgetPreChat PreChat,
    bool Staffed, bool Known, string? Name)
{
    public IReadOnlyList<string> Questions { get; init; } = [];
}

/// <summary>
/// The buyer widget's REST side: a session (anonymous visitor identity that survives reloads), and
/// send/read for clients that cannot hold a WebSocket. The live path is <see cref="BuyerHub"/>.
/// </summary>
public static class WidgetApi
{
    public const string BuyerPolicy = "buyer";

    public static IEndpointRouteBuilder MapWidgetApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/widget").WithTags("Widget");
        api.MapPost("/sessions", StartSession).AllowAnonymous().WithName("StartWidgetSession")
            .WithSummary("Start or resume a buyer's widget session for a shop")
            .WithDescription("A new visitor (no visitor token of this shop) is limited per address and per shop: 429 too_many_visitors " +
                             "with Retry-After (and retryAfter in the body) when too many start at once. Resuming with a token is not limited.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var buyer = api.MapGroup("/").RequireAuthorization(BuyerPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        buyer.MapGet("/thread", Thread).WithName("GetBuyerThread")
            .WithSummary("The buyer's current conversation: latest messages, or the page before 'before'");
        buyer.MapGet("/conversations/{id:guid}/messages", MessagesAfter).WithName("GetBuyerMessagesAfter")
            .WithSummary("Messages after the last sequence number the widget saw");
        buyer.MapPost("/messages", Send).WithName("SendBuyerMessage")
            .WithSummary("Send a message to the shop; the same clientMessageId twice stores one message")
            .WithDescription("429 too_many_messages: this buyer sends too fast. 429 too_many_conversations: the message would start a "
                + "conversation and too many have started from this address or in this shop; wait retryAfter seconds (also the Retry-After header) and send again.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        buyer.MapPut("/profile", Describe).WithName("DescribeBuyer")
            .WithSummary("The buyer's pre-chat or offline-message form: name, phone, email (each optional, checked)");
        buyer.MapGet("/queue", QueuePlace).WithName("GetBuyerQueuePlace")
            .WithSummary("The buyer's place in the queue (1: next) and the estimated wait in seconds; 204 when they are not waiting for an agent");
        buyer.MapWidgetOrders();
        return app;
    }

    private static async Task<Ok<WidgetSession>> StartSession(WidgetSessionRequest request, HttpRequest http, ShopDirectory shops,
        WidgetSettings settings, VisitorTokens tokens, WidgetSessions sessions, RateLimits limits, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.WidgetKey))
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "widgetKey");
        }

        var shop = await shops.ByWidgetKeyAsync(request.WidgetKey, ct) ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);
        var shopSettings = await settings.ForShopAsync(shop.Id, ct) ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);
        var origin = http.Headers.Origin.ToString();
        if (origin.Length > 0 && WidgetOrigin.Normalise(origin) is var asked && asked != WidgetOrigin.Own(http)
            && (asked is null || !shopSettings.AllowedOrigins.Contains(asked)))
        {
            throw new KefuDeskException(KefuDeskError.OriginNotAllowed, asked ?? origin);
        }

        var held = tokens.Read(request.VisitorToken) is { } token && token.ShopId == shop.Id ? token : null;
        if (held is null)
        {
            // A new visitor, who may open a conversation: so many per address and per shop, or a
            // script could fill the queue with chats from visitors it makes up.
            await limits.EnsureAsync(RateLimits.NewVisitorsPerAddress, SourceAddress.Of(http.HttpContext), KefuDeskError.TooManyVisitors);
            await limits.EnsureAsync(RateLimits.NewVisitorsPerShop, shop.Id.ToString("N"), KefuDeskError.TooManyVisitors);
        }

        return TypedResults.Ok(await sessions.StartAsync(shop, shopSettings, held, request.Identity, ct));
    }

    private static async Task<Ok<BuyerThread>> Thread(ClaimsPrincipal user, ConversationQueries queries, long? before = null,
        CancellationToken ct = default)
    {
        var buyer = BuyerIdentity.From(user);
        var current = await queries.BuyerCurrentConversationAsync(buyer.WebThread, ct);
        if (current is null)
        {
            return TypedResults.Ok(new BuyerThread(null, [], false));
        }

        var page = await queries.MessagesBeforeAsync(current.Value.Id, before, BuyerHub.PageSize, ct, MessageAudience.Buyer);
        return TypedResults.Ok(new BuyerThread(current.Value.Id, page.Messages, page.HasMore, current.Value.AgentReadSequence));
    }

    private static async Task<Results<Ok<BuyerQueuePlace>, NoContent>> QueuePlace(ClaimsPrincipal user, QueuePlaces places, CancellationToken ct) =>
        await places.ForBuyerAsync(BuyerIdentity.From(user).WebThread, ct) is { } place ? TypedResults.Ok(place) : TypedResults.NoContent();

    private static async Task<Ok<MessagePage>> MessagesAfter(Guid id, ClaimsPrincipal user, ConversationQueries queries,
        long after = 0, int limit = 100, CancellationToken ct = default)
    {
        await queries.EnsureBuyerOwnsAsync(BuyerIdentity.From(user).WebThread, id, ct);
        return TypedResults.Ok(await queries.MessagesAfterAsync(id, after, limit, ct, MessageAudience.Buyer));
    }

    private static async Task<Ok<BuyerDetails>> Describe(BuyerDetails details, ClaimsPrincipal user, ConversationWriter writer)
    {
        var buyer = BuyerIdentity.From(user);
        return TypedResults.Ok(await writer.ExecuteAsync(new DescribeBuyer(buyer.OrganisationId, buyer.CustomerId, details.Checked())));
    }

    private static async Task<Ok<MessageView>> Send(BuyerSendRequest request, ClaimsPrincipal user, HttpContext http, ConversationWriter writer,
        BuyerFloodGuard flood, FirstMessageGuard firstMessages)
    {
        var buyer = BuyerIdentity.From(user);
        await flood.CheckAsync(buyer.CustomerId);
        await firstMessages.CheckAsync(buyer.WebThread, SourceAddress.Of(http), null, http.RequestAborted);
        return TypedResults.Ok(await writer.ExecuteAsync(SendMessage.FromCustomer(buyer.OrganisationId, buyer.WebThread,
            request.ConversationId, request.ClientMessageId, request.Body, OutgoingContent.Of(request.AttachmentId, request.ProductId, request.OrderId),
            entry: request.Entry)));
    }
}
