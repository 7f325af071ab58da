using System.Security.Claims;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Shop.Products;

/// <summary>Products an agent may send as cards: the buyer's recent purchases, or found by title or SKU.</summary>
public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(StaffPolicies.Staff).WithTags("Products")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/shops/{shopId:guid}/products", Search).WithName("SearchProducts")
            .WithSummary("The shop's products whose title contains q or whose SKU starts with it (at most 20)");
        api.MapGet("/customers/{id:guid}/recent-products", Recent).WithName("BuyerRecentProducts")
            .WithSummary("Products of the buyer's latest orders in the shop and of product cards in their conversations, most recent first, each once (reason: bought or discussed)");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ProductRow>>> Search(Guid shopId, ClaimsPrincipal user, ProductQueries products, string? q = null,
        CancellationToken ct = default) =>
        TypedResults.Ok(await products.SearchAsync(user.Access(), shopId, q, ct));

    private static async Task<Ok<IReadOnlyList<ProductRow>>> Recent(Guid id, Guid shopId, ClaimsPrincipal user, ProductQueries products,
        CancellationToken ct) =>
        TypedResults.Ok(await products.RecentForBuyerAsync(user.Access(), id, shopId, ct: ct));
}
