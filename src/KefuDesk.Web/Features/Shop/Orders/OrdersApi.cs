using System.Security.Claims;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Shop.Orders;

public sealed record DecisionBody(string? Note);

public sealed record LabelBatchCreated(Guid BatchId, string PrintUrl);

/// <summary>Orders beside the chat and what staff do to them (every change audited).</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").RequireAuthorization(StaffPolicies.Staff).WithTags("Orders")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id:guid}", Details).WithName("GetOrder")
            .WithSummary("One order with items, logistics, a waiting 改价, reminders left today, the actions its state allows and its audit history");
        api.MapPut("/{id:guid}/address", Address).WithName("ChangeOrderAddress")
            .WithSummary("Change receiver, phone and address before shipping");
        api.MapPut("/{id:guid}/remark", Remark).WithName("ChangeOrderRemark").WithSummary("Change the seller's remark before shipping");
        api.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelOrder")
            .WithSummary("Close an unpaid or unshipped order with a reason; a paid one (full refund) only by a supervisor");
        api.MapPost("/{id:guid}/price", Price).WithName("AdjustOrderPrice")
            .WithSummary("改价 an unpaid order: applied at once within the agent's limit (200), else waits for a supervisor (202)")
            .Produces<PriceChangeResult>(StatusCodes.Status202Accepted);
        api.MapPost("/{id:guid}/ship", Ship).WithName("ShipOrder").WithSummary("Mark an order awaiting shipment as shipped with carrier and tracking number");
        api.MapPost("/{id:guid}/remind", Remind).WithName("RemindOrderPayment")
            .WithSummary("Send a 催付 payment reminder from a template into the buyer's conversation (capped per order per 24 h)")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/price-adjustments", Adjustments).WithName("ListPriceAdjustments")
            .WithSummary("改价 requests above agents' limits (filter by status), newest first").RequireAuthorization(StaffPolicies.Supervisor);
        api.MapPost("/price-adjustments/{id:guid}/approve", Approve).WithName("ApprovePriceAdjustment")
            .WithSummary("Approve a waiting 改价: applied if the order is still unpaid at the amount the agent saw").RequireAuthorization(StaffPolicies.Supervisor);
        api.MapPost("/price-adjustments/{id:guid}/reject", Reject).WithName("RejectPriceAdjustment")
            .WithSummary("Reject a waiting 改价").RequireAuthorization(StaffPolicies.Supervisor);
        api.MapPost("/labels", Print).WithName("PrintShippingLabels")
            .WithSummary("Record who prints shipping labels for these paid orders (A4 or 100×150 mm thermal) and get the printable page");
        api.MapGet("/labels/{batchId:guid}", Batch).WithName("GetShippingLabels").WithSummary("A printed batch of labels");

        var buyer = app.MapGroup("/api/customers").RequireAuthorization(StaffPolicies.Staff).WithTags("Orders")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        buyer.MapGet("/{id:guid}/orders", BuyerOrders).WithName("ListBuyerOrders")
            .WithSummary("A buyer's orders in one shop, newest first, a page at a time (pageSize up to 50)");

        var templates = app.MapGroup("/api/shops/{shopId:guid}/reminder-templates").RequireAuthorization(StaffPolicies.Staff).WithTags("Orders")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapGet("/", Templates).WithName("ListReminderTemplates").WithSummary("催付 wordings: built-in ones, then the shop's own");
        templates.MapPost("/", AddTemplate).WithName("AddReminderTemplate").WithSummary("Add a 催付 wording ({买家} {订单号} {金额} are filled in)");
        templates.MapPut("/{id:guid}", ChangeTemplate).WithName("ChangeReminderTemplate").WithSummary("Change a shop's 催付 wording");
        templates.MapDelete("/{id:guid}", DeleteTemplate).WithName("DeleteReminderTemplate").WithSummary("Remove a shop's 催付 wording");
        return app;
    }

    private static async Task<Ok<OrderDetails>> Details(Guid id, ClaimsPrincipal user, OrderQueries orders, CancellationToken ct) =>
        TypedResults.Ok(await orders.DetailsAsync(user.Access(), id, ct));

    private static async Task<Ok<OrderPage>> BuyerOrders(Guid id, Guid shopId, ClaimsPrincipal user, OrderQueries orders,
        int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        TypedResults.Ok(await orders.BuyerOrdersAsync(user.Access(), id, shopId, page, pageSize, ct));

    private static async Task<Ok<OrderDetails>> Address(Guid id, AddressInput input, ClaimsPrincipal user, OrderActions actions, CancellationToken ct) =>
        TypedResults.Ok(await actions.ChangeAddressAsync(user.Access(), id, input, ct));

    private static async Task<Ok<OrderDetails>> Remark(Guid id, RemarkInput input, ClaimsPrincipal user, OrderActions actions, CancellationToken ct) =>
        TypedResults.Ok(await actions.ChangeRemarkAsync(user.Access(), id, input, ct));

    private static async Task<Ok<OrderDetails>> Cancel(Guid id, CancelInput input, ClaimsPrincipal user, OrderActions actions, CancellationToken ct) =>
        TypedResults.Ok(await actions.CancelAsync(user.Access(), id, input, ct));

    private static async Task<Results<Ok<PriceChangeResult>, Accepted<PriceChangeResult>>> Price(Guid id, PriceInput input, ClaimsPrincipal user,
        OrderActions actions, CancellationToken ct)
    {
        var result = await actions.AdjustPriceAsync(user.Access(), id, input, ct);
        return result.Applied ? TypedResults.Ok(result) : TypedResults.Accepted((string?)null, result);
    }

    private static async Task<Ok<OrderDetails>> Ship(Guid id, ShipInput input, ClaimsPrincipal user, OrderActions actions, CancellationToken ct) =>
        TypedResults.Ok(await actions.MarkShippedAsync(user.Access(), id, input, ct));

    private static async Task<Ok<ReminderSent>> Remind(Guid id, RemindInput input, ClaimsPrincipal user, PaymentReminders reminders, CancellationToken ct) =>
        TypedResults.Ok(await reminders.RemindAsync(user.Access(), id, input, ct));

    private static async Task<Ok<AdjustmentPage>> Adjustments(ClaimsPrincipal user, AdjustmentQueries adjustments, string? status = null,
        int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        AdjustmentStatus? only = status is null ? null
            : Enum.TryParse<AdjustmentStatus>(status, ignoreCase: true, out var parsed) ? parsed
            : throw new KefuDeskException(KefuDeskError.PayloadInvalid, "status");
        return TypedResults.Ok(await adjustments.ListAsync(user.Access(), only, page, pageSize, ct));
    }

    private static async Task<Ok<AdjustmentRow>> Approve(Guid id, ClaimsPrincipal user, OrderActions actions, CancellationToken ct) =>
        TypedResults.Ok(await actions.DecideAdjustmentAsync(user.Access(), id, approve: true, note: null, ct));

    private static async Task<Ok<AdjustmentRow>> Reject(Guid id, DecisionBody body, ClaimsPrincipal user, OrderActions actions, CancellationToken ct) =>
        TypedResults.Ok(await actions.DecideAdjustmentAsync(user.Access(), id, approve: false, body.Note, ct));

    private static async Task<Ok<LabelBatchCreated>> Print(PrintInput input, ClaimsPrincipal user, ShippingLabels labels, CancellationToken ct)
    {
        var batch = await labels.PrintAsync(user.Access(), input, ct);
        return TypedResults.Ok(new LabelBatchCreated(batch, $"/orders/labels/{batch}"));
    }

    private static async Task<Ok<LabelBatchView>> Batch(Guid batchId, ClaimsPrincipal user, ShippingLabels labels, CancellationToken ct) =>
        TypedResults.Ok(await labels.BatchAsync(user.Access(), batchId, ct));

    private static async Task<Ok<IReadOnlyList<ReminderTemplateView>>> Templates(Guid shopId, ClaimsPrincipal user, PaymentReminders reminders,
        CancellationToken ct) =>
        TypedResults.Ok(await reminders.TemplatesAsync(user.Access(), shopId, ct));

    private static async Task<Ok<ReminderTemplateView>> AddTemplate(Guid shopId, TemplateInput input, ClaimsPrincipal user, PaymentReminders reminders,
        CancellationToken ct) =>
        TypedResults.Ok(await reminders.AddTemplateAsync(user.Access(), shopId, input, ct));

    private static async Task<Ok<ReminderTemplateView>> ChangeTemplate(Guid shopId, Guid id, TemplateInput input, ClaimsPrincipal user,
        PaymentReminders reminders, CancellationToken ct) =>
        TypedResults.Ok(await reminders.ChangeTemplateAsync(user.Access(), id, input, ct));

    private static async Task<NoContent> DeleteTemplate(Guid shopId, Guid id, ClaimsPrincipal user, PaymentReminders reminders, CancellationToken ct)
    {
        await reminders.DeleteTemplateAsync(user.Access(), id, ct);
        return TypedResults.NoContent();
    }
}
