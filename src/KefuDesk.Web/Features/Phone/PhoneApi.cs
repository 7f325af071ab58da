using System.Security.Claims;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Phone;

/// <summary>Staff REST API for the phone channel: log calls, list them, work the call-back list.</summary>
public static class PhoneApi
{
    public static IEndpointRouteBuilder MapPhoneApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/phone")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Phone")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/calls", Log).WithName("LogCall")
            .WithSummary("Log a phone call: it becomes a resolved conversation on the phone channel (followUp keeps it open); a missed call in opens a call-back, an answered call back completes its task")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/calls", Calls).WithName("ListCalls")
            .WithSummary("Logged calls in the shops I serve, newest first, by customer or shop; numbers masked unless I logged the call or supervise");
        api.MapGet("/callbacks", Callbacks).WithName("ListCallbacks")
            .WithSummary("Call-backs (status open, done or cancelled), oldest first; numbers masked unless I took the task or supervise");
        api.MapPost("/callbacks/{id:guid}/take", Take).WithName("TakeCallback")
            .WithSummary("Take a call-back so colleagues do not call twice; a colleague's task only supervisors take over")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/callbacks/{id:guid}/cancel", Cancel).WithName("CancelCallback")
            .WithSummary("Drop a call-back nobody will make: its taker or a supervisor")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<LoggedCall>> Log(CallLogInput input, ClaimsPrincipal user, ConversationWriter writer, TimeProvider clock,
        ILogger<LogCall> log)
    {
        var staff = user.Access();
        try
        {
            return TypedResults.Ok(await writer.ExecuteAsync(new LogCall(staff, CheckedCall.From(input, clock.GetUtcNow().UtcDateTime))));
        }
        catch (KefuDeskException refused)
        {
            log.LogInformation("Call log by {Agent} refused: {Reason}", staff.AgentId, refused.Message);
            throw;
        }
    }

    private static async Task<Ok<PhonePage<PhoneCallView>>> Calls(ClaimsPrincipal user, PhoneQueries queries, Guid? customerId = null,
        Guid? shopId = null, int offset = 0, int limit = 50, CancellationToken ct = default) =>
        TypedResults.Ok(await queries.CallsAsync(user.Access(), customerId, shopId, offset, limit, ct));

    private static async Task<Ok<PhonePage<CallbackView>>> Callbacks(ClaimsPrincipal user, PhoneQueries queries, string status = "open",
        Guid? shopId = null, int offset = 0, int limit = 50, CancellationToken ct = default) =>
        TypedResults.Ok(await queries.CallbacksAsync(user.Access(),
            Enum.TryParse<CallbackStatus>(status, ignoreCase: true, out var which) && Enum.IsDefined(which) && !char.IsAsciiDigit(status[0])
                ? which
                : throw new KefuDeskException(KefuDeskError.PayloadInvalid, "status: open | done | cancelled"),
            shopId, offset, limit, ct));

    private static async Task<Ok<CallbackView>> Take(Guid id, ClaimsPrincipal user, ConversationWriter writer, PhoneQueries queries)
    {
        var staff = user.Access();
        await writer.ExecuteAsync(new TakeCallback(staff, id));
        return TypedResults.Ok(await queries.CallbackAsync(staff, id));
    }

    private static async Task<Ok<CallbackView>> Cancel(Guid id, ClaimsPrincipal user, ConversationWriter writer, PhoneQueries queries)
    {
        var staff = user.Access();
        await writer.ExecuteAsync(new CancelCallback(staff, id));
        return TypedResults.Ok(await queries.CallbackAsync(staff, id));
    }
}
