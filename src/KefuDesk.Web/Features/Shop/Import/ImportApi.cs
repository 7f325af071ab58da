using System.Security.Claims;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KefuDesk.Features.Shop.Import;

/// <summary>Import by file, for admins: templates, upload and preview, confirmation, and the shop's recent imports.</summary>
public static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/shop-data").RequireAuthorization(StaffPolicies.Admin).WithTags("Shop data import")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/templates/{kind}", Template).WithName("DownloadImportTemplate")
            .WithSummary("An empty import template (.xlsx) with an example row: products, orders or logistics");
        api.MapPost("/{shopId:guid}/imports", Upload).WithName("UploadImport")
            .WithSummary("Upload an .xlsx or .csv file (field 'file') to check; refused at once when required columns are missing")
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(ImportFile.MaxBytes + (1024 * 1024)))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{shopId:guid}/imports", Recent).WithName("ListImports").WithSummary("The shop's latest imports, newest first");
        api.MapGet("/imports/{id:guid}", Get).WithName("GetImport")
            .WithSummary("An import's state: progress, counts (new, updated, unchanged, older than stored), row problems and the first rows");
        api.MapPost("/imports/{id:guid}/confirm", Confirm).WithName("ConfirmImport")
            .WithSummary("Import a checked file without problems, in one transaction (or again after a failure)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<FileContentHttpResult> Template(string kind, CancellationToken ct)
    {
        var which = KindOf(kind);
        return TypedResults.File(await ImportTemplates.ExampleAsync(which, ct), Infrastructure.Spreadsheets.Spreadsheet.XlsxContentType,
            ImportTemplates.FileName(which));
    }

    private static async Task<Ok<ImportView>> Upload(Guid shopId, [FromQuery] string kind, HttpRequest request, ClaimsPrincipal user,
        ShopImports imports, CancellationToken ct)
    {
        var which = KindOf(kind);
        if (!request.HasFormContentType)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "multipart/form-data with a 'file' field");
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new KefuDeskException(KefuDeskError.PayloadInvalid, "a 'file' field");
        await using var content = file.OpenReadStream();
        return TypedResults.Ok(await imports.UploadAsync(user.Access(), user.OrganisationId(), shopId, which, file.FileName, content, ct));
    }

    private static async Task<Ok<IReadOnlyList<ImportView>>> Recent(Guid shopId, ClaimsPrincipal user, ShopImports imports, CancellationToken ct) =>
        TypedResults.Ok(await imports.RecentAsync(user.Access(), user.OrganisationId(), shopId, 10, ct));

    private static async Task<Ok<ImportView>> Get(Guid id, ClaimsPrincipal user, ShopImports imports, CancellationToken ct) =>
        TypedResults.Ok(await imports.GetAsync(user.Access(), user.OrganisationId(), id, ct));

    private static async Task<Ok<ImportView>> Confirm(Guid id, ClaimsPrincipal user, ShopImports imports, CancellationToken ct) =>
        TypedResults.Ok(await imports.ConfirmAsync(user.Access(), user.OrganisationId(), id, ct));

    /// <summary>"products", "orders" or "logistics" (any case).</summary>
    private static ImportKind KindOf(string kind) =>
        Enum.TryParse<ImportKind>(kind, ignoreCase: true, out var which) && Enum.IsDefined(which) && !kind.Any(char.IsAsciiDigit)
            ? which
            : throw new KefuDeskException(KefuDeskError.PayloadInvalid, "kind: products, orders or logistics");
}
