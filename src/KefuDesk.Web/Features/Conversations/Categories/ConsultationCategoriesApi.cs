using System.Security.Claims;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KefuDesk.Features.Conversations.Categories;

public static class ConsultationCategoriesApi
{
    public static IEndpointRouteBuilder MapConsultationCategoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/consultation-categories").WithTags("Consultation records")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", Tree).RequireAuthorization(StaffPolicies.Staff).WithName("ListConsultationCategories")
            .WithSummary("The category tree for consultation records (咨询分类); retired ones with all=true");
        api.MapPost("/", Add).RequireAuthorization(StaffPolicies.Admin).WithName("AddConsultationCategory")
            .WithSummary("Add a category (top level, or under a top-level parent)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPut("/{id:guid}", Change).RequireAuthorization(StaffPolicies.Admin).WithName("ChangeConsultationCategory")
            .WithSummary("Rename, retire (active=false) or restore a category; records keep it")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<CategoryNode>>> Tree(ClaimsPrincipal user, ConsultationCategories categories, bool all = false,
        CancellationToken ct = default) =>
        TypedResults.Ok(await categories.TreeAsync(user.OrganisationId(), all, ct));

    private static async Task<Created<CategoryNode>> Add(CategoryInput input, ClaimsPrincipal user, ConsultationCategories categories, CancellationToken ct)
    {
        var node = await categories.AddAsync(user.OrganisationId(), input, ct);
        return TypedResults.Created($"/api/consultation-categories/{node.Id}", node);
    }

    private static async Task<Ok<CategoryNode>> Change(Guid id, CategoryInput input, ClaimsPrincipal user, ConsultationCategories categories,
        CancellationToken ct) =>
        TypedResults.Ok(await categories.ChangeAsync(user.OrganisationId(), id, input, ct));
}
