using System.Security.Claims;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Customers;

public sealed record MergeBody(Guid? DuplicateId);

public sealed record TagsBody(IReadOnlyList<string>? Tags);

/// <summary>
/// Staff find customers and merge duplicate records of the same buyer. Every route sees only the
/// customers of the shops the caller serves (<see cref="VisibleCustomers"/>); another shop's buyer
/// answers 404 like an id that does not exist.
/// </summary>
public static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/customers").RequireAuthorization(StaffPolicies.Staff).WithTags("Customers")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", Search).WithName("SearchCustomers")
            .WithSummary("Customers of the shops I serve whose name, phone or email matches q (phone and email masked for agents)");
        api.MapGet("/{id:guid}/duplicates", Duplicates).WithName("CustomerDuplicates")
            .WithSummary("Other records with the same phone or email: probably the same buyer").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/merge", Merge).WithName("MergeCustomers")
            .WithSummary("Merge the duplicate record into this one (both must be customers of a shop I serve): its conversations, contacts, orders and calls move here; it cannot be undone")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/{id:guid}/tags", Tag).WithName("TagCustomer")
            .WithSummary("Replace the buyer's tags (e.g. VIP: queued first; entry rules may route by tag)").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<CustomerRow>>> Search(ClaimsPrincipal user, CustomerDirectory directory, string? q = null,
        int offset = 0, int limit = 20, CancellationToken ct = default) =>
        TypedResults.Ok(await directory.SearchAsync(user.Access(), q, user.MaySupervise(), offset, limit, ct));

    private static async Task<Ok<IReadOnlyList<CustomerRow>>> Duplicates(Guid id, ClaimsPrincipal user, CustomerDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.DuplicatesAsync(user.Access(), id, user.MaySupervise(), ct));

    private static async Task<Ok<TagsBody>> Tag(Guid id, TagsBody body, ClaimsPrincipal user, KefuDeskDbContext db,
        CancellationToken ct)
    {
        var customer = await db.VisibleCustomerAsync(user.Access(), id, ct);
        customer.Tag(body.Tags ?? []);
        await db.SaveChangesAsync(ct);

        // A buyer tagged VIP while waiting moves up the queue at once (and back down when untagged).
        var priority = customer.IsVip ? 1 : 0;
        await db.Conversations.AwaitingRouting().Where(c => c.CustomerId == id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.QueuePriority, priority), ct);
        return TypedResults.Ok(new TagsBody(customer.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static async Task<Ok<MergeResult>> Merge(Guid id, MergeBody body, ClaimsPrincipal user, ConversationWriter writer, ILoggerFactory logs,
        CancellationToken ct)
    {
        var staff = user.Access();
        var duplicate = body.DuplicateId ?? throw new KefuDeskException(KefuDeskError.MergeInvalid, "duplicateId");
        var result = await writer.ExecuteAsync(new MergeCustomers(staff, user.OrganisationId(), duplicate, id), ct);
        logs.CreateLogger(typeof(CustomersApi)).LogInformation("Agent {Agent} merged customer {Duplicate} into {Survivor}", staff.AgentId, duplicate, id);
        return TypedResults.Ok(result);
    }
}
