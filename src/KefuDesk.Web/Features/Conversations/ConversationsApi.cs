using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;

namespace KefuDesk.Features.Conversations;

public sealed record StaffSendRequest(string? ClientMessageId, string? Body);

public sealed record MarkReadRequest(long Sequence);

/// <summary>Staff REST API for conversations; the same rules as the workspace and the agent hub.</summary>
public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/conversations")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Conversations")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", List).WithName("ListConversations")
            .WithSummary("List conversations: mine, unassigned, or all in the shops I serve");
        api.MapGet("/{id:guid}", Get).WithName("GetConversation").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/messages", Messages).WithName("ListMessages")
            .WithSummary("Messages after a sequence number (catch-up) or, without 'after', the latest page before 'before'")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/messages", Send).WithName("SendMessage")
            .WithSummary("Send a reply; the same clientMessageId twice stores one message")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/claim", Claim).WithName("ClaimConversation")
            .WithSummary("Pick up an unassigned conversation")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/resolve", Resolve).WithName("ResolveConversation")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/read", MarkRead).WithName("MarkConversationRead")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<ConversationListPage>> List(ClaimsPrincipal user, ConversationQueries queries,
        string? filter = null, int offset = 0, int limit = 50, CancellationToken ct = default)
    {
        // Accept "mine" as well as "Mine": the JSON side of the API speaks camelCase.
        var which = ConversationFilter.Mine;
        if (filter is not null && !Enum.TryParse(filter, ignoreCase: true, out which))
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "filter: mine | unassigned | all");
        }

        return TypedResults.Ok(await queries.ListAsync(user.Access(), which, offset, limit, ct));
    }

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
        TypedResults.Ok(await writer.ExecuteAsync(SendMessage.FromAgent(user.Access(), id, request.ClientMessageId, request.Body)));

    private static async Task<Ok<ConversationAssignment>> Claim(Guid id, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new ClaimConversation(user.Access(), id)));

    private static async Task<Ok<ConversationStatus>> Resolve(Guid id, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new ResolveConversation(user.Access(), id)));

    private static async Task<Ok<long>> MarkRead(Guid id, MarkReadRequest request, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(Writing.MarkRead.ByAgent(user.Access(), id, request.Sequence)));
}
