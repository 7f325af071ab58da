using System.Security.Claims;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Conversations;

public sealed record StaffSendRequest(string? ClientMessageId, string? Body, Guid? AttachmentId = null, Guid? ProductId = null, Guid? OrderId = null);

public sealed record NoteRequest(string? ClientMessageId, string? Body);

/// <summary>Staff REST API for conversation lists and threads; the same rules as the workspace and the agent hub.</summary>
public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = StaffGroup(app);
        api.MapGet("/", List).WithName("ListConversations")
            .WithSummary("List conversations: mine, unassigned, waiting, pending or all in the shops I serve; by shop, channel or tag");
        api.MapGet("/counts", Counts).WithName("CountConversations")
            .WithSummary("How many conversations wait in each list: mine, unread, waiting, pending, unassigned, offline (留言)");
        api.MapGet("/{id:guid}", Get).WithName("GetConversation").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/messages", Messages).WithName("ListMessages")
            .WithSummary("Messages after a sequence number (catch-up) or, without 'after', the latest page before 'before'")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/messages", Send).WithName("SendMessage")
            .WithSummary("Send a reply (text, an uploaded image/file, or a product or order card); the same clientMessageId twice stores one message")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/notes", Note).WithName("AddNote")
            .WithSummary("An internal note, never shown to the buyer; @nickname tells a colleague")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/messages/{messageId:guid}/recall", Recall).WithName("RecallMessage")
            .WithSummary("Take back your own message within two minutes; the buyer sees that it was recalled")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The staff conversation routes share their prefix, policy and error responses.</summary>
    internal static RouteGroupBuilder StaffGroup(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/conversations")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Conversations")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Ok<ConversationListPage>> List(ClaimsPrincipal user, ConversationQueries queries,
        string? filter = null, Guid? shopId = null, string? channel = null, string? tag = null, int offset = 0, int limit = 50,
        CancellationToken ct = default)
    {
        // Accept "mine" as well as "Mine": the JSON side of the API speaks camelCase.
        var which = ConversationFilter.Mine;
        if (filter is not null && !Enum.TryParse(filter, ignoreCase: true, out which))
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "filter: mine | unassigned | waiting | pending | offline | all");
        }

        Channel? onChannel = null;
        if (channel is not null)
        {
            onChannel = Enum.TryParse<Channel>(channel, ignoreCase: true, out var parsed)
                ? parsed
                : throw new KefuDeskException(KefuDeskError.PayloadInvalid, "channel");
        }

        return TypedResults.Ok(await queries.ListAsync(user.Access(), new ConversationListQuery(which, shopId, onChannel, tag, offset, limit), ct));
    }

    private static async Task<Ok<ConversationCounts>> Counts(ClaimsPrincipal user, ConversationQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.CountsAsync(user.Access(), ct));

    private static async Task<Ok<ConversationSummary>> Get(Guid id, ClaimsPrincipal user, ConversationQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));

    private static async Task<Ok<MessagePage>> Messages(Guid id, ClaimsPrincipal user, ConversationQueries queries,
        long? after = null, long? before = null, int limit = 50, CancellationToken ct = default)
    {
        await queries.EnsureStaffMayReadAsync(user.Access(), id, ct);
        return TypedResults.Ok(after is { } a
            ? await queries.MessagesAfterAsync(id, a, limit, ct)
            : await queries.MessagesBeforeAsync(id, before, limit, ct));
    }

    private static async Task<Ok<MessageView>> Send(Guid id, StaffSendRequest request, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(SendMessage.FromAgent(user.Access(), id, request.ClientMessageId, request.Body,
            OutgoingContent.Of(request.AttachmentId, request.ProductId, request.OrderId))));

    private static async Task<Ok<MessageView>> Note(Guid id, NoteRequest request, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new AddNote(user.Access(), id, request.ClientMessageId, request.Body)));

    private static async Task<Ok<MessageView>> Recall(Guid id, Guid messageId, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new RecallMessage(user.Access(), id, messageId)));
}
