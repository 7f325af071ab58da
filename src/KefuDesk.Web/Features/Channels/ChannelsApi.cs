using System.Security.Claims;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Channels;

/// <summary>Admins connect channels (email, IM bridges, WeChat) and look after undeliverable replies.</summary>
public static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").RequireAuthorization(StaffPolicies.Admin).WithTags("Channels")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/channels", List).WithName("ListChannels").WithSummary("The company's channel accounts (secrets are never returned)");
        api.MapPost("/channels", Add).WithName("AddChannel").WithSummary("Connect a channel account to a shop; settings are checked by the channel's adapter");
        api.MapPut("/channels/{id:guid}", Change).WithName("ChangeChannel").WithSummary("Rename, reconfigure, replace the secret, switch on or off")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/channels/check", Check).WithName("CheckChannel")
            .WithSummary("Try a channel's settings without saving: IMAP and SMTP sign-in, WeChat access token, or a signed ping to the bridge")
            .WithDescription("kind, settings and secret as for connecting; with channelId, an empty secret means the saved one. Answers " +
                             "{ok, steps: [{step, ok, detail}]} (step: imap, smtp, token, outbound or timeout); a wrong field is 400 channel_invalid.");
        api.MapGet("/deliveries", Deliveries).WithName("ListDeliveries")
            .WithSummary("Replies going out through channels: status=dead lists the dead letters");
        api.MapPost("/deliveries/{id:guid}/retry", Retry).WithName("RetryDelivery").WithSummary("Send a dead letter again")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ChannelRow>>> List(ClaimsPrincipal user, ChannelAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(user.OrganisationId(), ct));

    private static async Task<Created<ChannelRow>> Add(ChannelInput input, ClaimsPrincipal user, ChannelAdmin admin, CancellationToken ct)
    {
        var row = await admin.AddAsync(user.OrganisationId(), input, ct);
        return TypedResults.Created($"/api/admin/channels/{row.Id}", row);
    }

    private static async Task<Ok<ChannelCheckResult>> Check(ChannelCheckInput input, ClaimsPrincipal user, ChannelAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.CheckAsync(user.OrganisationId(), input, ct));

    private static async Task<Ok<ChannelRow>> Change(Guid id, ChannelInput input, ClaimsPrincipal user, ChannelAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ChangeAsync(user.OrganisationId(), id, input, ct));

    private static async Task<Ok<IReadOnlyList<DeliveryRow>>> Deliveries(ClaimsPrincipal user, ChannelAdmin admin, string status = "dead",
        int offset = 0, int limit = 50, CancellationToken ct = default) =>
        TypedResults.Ok(await admin.DeliveriesAsync(user.OrganisationId(),
            Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var which) && Enum.IsDefined(which)
                ? which
                : throw new KefuDeskException(KefuDeskError.PayloadInvalid, "status: pending | delivered | dead | withdrawn"),
            offset, limit, ct));

    private static async Task<NoContent> Retry(Guid id, ClaimsPrincipal user, ChannelAdmin admin, CancellationToken ct)
    {
        await admin.RetryAsync(user.OrganisationId(), id, ct);
        return TypedResults.NoContent();
    }
}
