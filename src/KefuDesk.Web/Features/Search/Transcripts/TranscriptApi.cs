using System.Security.Claims;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Search.Transcripts;

public static class TranscriptApi
{
    public static IEndpointRouteBuilder MapTranscriptApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/conversations")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Conversations")
            .MapGet("/{id:guid}/transcript", Get).WithName("GetTranscript")
            .WithSummary("The conversation's full record for disputes: every message in order (internal notes only with internal=true), " +
                         "with a SHA-256 content hash anyone can recompute (docs/search.md)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<Transcript>> Get(Guid id, ClaimsPrincipal user, TranscriptQueries transcripts, bool @internal = false,
        CancellationToken ct = default) =>
        TypedResults.Ok(await transcripts.ForAsync(user.Access(), id, @internal, ct));
}
