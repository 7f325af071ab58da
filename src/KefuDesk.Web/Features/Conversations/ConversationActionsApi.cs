using System.Security.Claims;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Conversations;

public sealed record MarkReadRequest(long Sequence);

/// <summary><c>Force</c>: a supervisor gives the conversation to an agent even above their reception limit.</summary>
public sealed record TransferBody(Guid? AgentId, Guid? GroupId, string? Note, bool Force = false);

public sealed record ResolveBody(Guid? CategoryId, string? Summary, IReadOnlyList<string>? Tags);

public sealed record TagBody(string? Tag);

/// <summary>What staff do to a conversation: pick up, transfer, wait, resolve, close, read, tag.</summary>
public static class ConversationActionsApi
{
    public static IEndpointRouteBuilder MapConversationActionsApi(this IEndpointRouteBuilder app)
    {
        var api = ConversationsApi.StaffGroup(app)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/claim", Claim).WithName("ClaimConversation").WithSummary("Pick up an unassigned conversation");
        api.MapPost("/{id:guid}/transfer", Transfer).WithName("TransferConversation")
            .WithSummary("Hand the conversation to a colleague (agentId) or a skill group (groupId), with a note for them");
        api.MapPost("/{id:guid}/pend", Pend).WithName("PendConversation").WithSummary("Wait for the buyer's answer (待买家回复)");
        api.MapPost("/{id:guid}/resolve", Resolve).WithName("ResolveConversation")
            .WithSummary("End the episode with its consultation record (category, summary, tags); the buyer is invited to rate");
        api.MapPost("/{id:guid}/close", Close).WithName("CloseConversation")
            .WithSummary("Close for good (resolved ones; supervisors any): the buyer's next message starts a new conversation");
        api.MapPost("/{id:guid}/read", MarkRead).WithName("MarkConversationRead");
        api.MapPost("/{id:guid}/tags", AddTag).WithName("TagConversation");
        api.MapDelete("/{id:guid}/tags/{tag}", RemoveTag).WithName("UntagConversation");
        return app;
    }

    private static async Task<Ok<ConversationAssignment>> Claim(Guid id, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new ClaimConversation(user.Access(), id)));

    private static async Task<Ok<ConversationStatus>> Transfer(Guid id, TransferBody body, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new TransferConversation(user.Access(), id, new TransferTarget(body.AgentId, body.GroupId), body.Note, body.Force)));

    private static async Task<Ok<ConversationStatus>> Pend(Guid id, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new PendConversation(user.Access(), id)));

    private static async Task<Ok<ConversationStatus>> Resolve(Guid id, ResolveBody? body, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new ResolveConversation(user.Access(), id,
            body is null ? null : new ConsultationRecordInput(body.CategoryId, body.Summary, body.Tags))));

    private static async Task<Ok<ConversationStatus>> Close(Guid id, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new CloseConversation(user.Access(), id)));

    private static async Task<Ok<long>> MarkRead(Guid id, MarkReadRequest request, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(Writing.MarkRead.ByAgent(user.Access(), id, request.Sequence)));

    private static async Task<Ok<IReadOnlyList<string>>> AddTag(Guid id, TagBody body, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new TagConversation(user.Access(), id, body.Tag, remove: false)));

    private static async Task<Ok<IReadOnlyList<string>>> RemoveTag(Guid id, string tag, ClaimsPrincipal user, ConversationWriter writer) =>
        TypedResults.Ok(await writer.ExecuteAsync(new TagConversation(user.Access(), id, tag, remove: true)));
}
