using System.Security.Claims;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Shop;

public sealed record WidgetSecretView(string WidgetSecret);

public static class ShopSettingsApi
{
    public static IEndpointRouteBuilder MapShopSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/shops").RequireAuthorization(StaffPolicies.Admin).WithTags("Shops")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/", List).WithName("ListShopSettings").WithSummary("Every shop of the company with its service policy, pre-chat form and allowed origins");
        api.MapPut("/{id:guid}/settings", Change).WithName("ChangeShopSettings")
            .WithSummary("Change the service policy, the pre-chat form or the origins allowed to embed the widget (parts left out stay)");
        api.MapGet("/{id:guid}/widget-secret", Secret).WithName("GetWidgetSecret")
            .WithSummary("The secret the shop's server signs buyer identities with (HMAC-SHA256 of the shop's customer id)");
        api.MapPost("/{id:guid}/widget-secret", Rotate).WithName("RotateWidgetSecret")
            .WithSummary("Replace the widget secret (when it leaked): identities signed with the old one are refused from now on");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ShopSettingsView>>> List(ClaimsPrincipal user, ShopSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.ListAsync(user.OrganisationId(), ct));

    private static async Task<Ok<ShopSettingsView>> Change(Guid id, ShopSettingsInput input, ClaimsPrincipal user, ShopSettings settings,
        CancellationToken ct) =>
        TypedResults.Ok(await settings.ChangeAsync(user.OrganisationId(), id, input, ct));

    private static async Task<Ok<WidgetSecretView>> Secret(Guid id, ClaimsPrincipal user, ShopSettings settings, CancellationToken ct) =>
        TypedResults.Ok(new WidgetSecretView(await settings.WidgetSecretAsync(user.OrganisationId(), id, user.Access().AgentId, ct)));

    private static async Task<Ok<WidgetSecretView>> Rotate(Guid id, ClaimsPrincipal user, ShopSettings settings, CancellationToken ct) =>
        TypedResults.Ok(new WidgetSecretView(await settings.RotateWidgetSecretAsync(user.OrganisationId(), id, user.Access().AgentId, ct)));
}
