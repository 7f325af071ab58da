using System.Security.Claims;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Search;

/// <summary>REST for the history search; the page at /conversations runs the same search.</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/search")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Search")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/messages", SearchMessages).WithName("SearchMessages")
            .WithSummary("Search the messages of every conversation in the shops I serve (Chinese or English; all words must match), " +
                         "by shop, agent, channel, date range (yyyy-MM-dd in shop time, or ISO 8601 with an offset), tag and status; " +
                         "ranked (order=relevance) or newest first (order=newest); limit 1–100");
        return app;
    }

    private static async Task<Ok<MessageSearchPage>> SearchMessages(ClaimsPrincipal user, MessageSearch search,
        string? q = null, Guid? shopId = null, Guid? agentId = null, string? channel = null, string? from = null, string? to = null,
        string? tag = null, string? status = null, string? order = null, int offset = 0, int limit = 20, CancellationToken ct = default)
    {
        var request = new MessageSearchRequest(q, shopId, agentId, ParseEnum<Channel>(channel, "channel"),
            SearchDates.ParseFrom(from), SearchDates.ParseTo(to), tag, ParseEnum<ConversationStatus>(status, "status"),
            ParseEnum<SearchOrder>(order, "order") ?? SearchOrder.Relevance, offset, limit);
        return TypedResults.Ok(await search.SearchAsync(user.Access(), request, ct));
    }

    /// <summary>Accepts "web" as well as "Web": the JSON side of the API speaks camelCase.</summary>
    private static T? ParseEnum<T>(string? value, string name) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null
        : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed
        : throw new KefuDeskException(KefuDeskError.PayloadInvalid, name + ": " + string.Join(" | ", Enum.GetNames<T>()));
}
