using System.Security.Claims;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Conversations.Details;

public static class ConversationDetailsApi
{
    public static IEndpointRouteBuilder MapConversationDetailsApi(this IEndpointRouteBuilder app)
    {
        var api = ConversationsApi.StaffGroup(app).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/facts", Facts).WithName("GetConversationFacts")
            .WithSummary("The conversation's history (assigned, transferred, resolved…), consultation records and satisfaction surveys");
        api.MapGet("/{id:guid}/transfer-targets", Targets).WithName("GetTransferTargets")
            .WithSummary("Colleagues serving the shop and its skill groups");
        return app;
    }

    private static async Task<Ok<ConversationFacts>> Facts(Guid id, ClaimsPrincipal user, ConversationDetails details, CancellationToken ct) =>
        TypedResults.Ok(await details.FactsAsync(user.Access(), id, ct));

    private static async Task<Ok<TransferTargets>> Targets(Guid id, ClaimsPrincipal user, ConversationDetails details, CancellationToken ct) =>
        TypedResults.Ok(await details.TransferTargetsAsync(user.Access(), id, ct));
}
