using System.Globalization;
using System.Security.Claims;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales;

/// <summary>Staff REST API for after-sales cases (售后单): open, list, read, export, and take each step of a case's path.</summary>
public static class AfterSalesApi
{
    private const long UploadLimit = AttachmentRules.MaxFileBytes + (1024 * 1024);

    public static IEndpointRouteBuilder MapAfterSalesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/after-sales/cases")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("AfterSales")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("", Open).WithName("OpenCase")
            .WithSummary("Open a case on an order of a shop I serve (by orderId, or shopId and orderNo), optionally from a conversation of its buyer; " +
                         "the refund is claimed on the order at once and may not exceed what was paid less other cases' claims")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("", List).WithName("ListCases")
            .WithSummary("Cases in the shops I serve, newest first: status (open, closed or a status), kind, shopId, owner (me, none or an id), " +
                         "overdue, awaitingSupervisor, escalated, q (case no, order no, buyer's name or phone), from/to (shop dates), offset/limit");
        api.MapGet("/export", Export).WithName("ExportCases")
            .WithSummary("The same list as an Excel file (.xlsx), up to 10,000 cases");
        api.MapGet("/{id:guid}", Get).WithName("GetCase")
            .WithSummary("One case with its order's money, photos, history and the steps I may take now")
            .ProducesProblem(StatusCodes.Status404NotFound);

        Step(api, "review", "ReviewCase", "Take the case up (受理): it becomes mine and the first-review deadline is met",
            (StepInput? input) => CaseStepRequest.Of(CaseStep.Review, input));
        Step(api, "approve", "ApproveCase", "Agree to the case; a refund above the shop's approval limit needs a supervisor",
            (StepInput? input) => CaseStepRequest.Of(CaseStep.Approve, input));
        Step(api, "reject", "RejectCase", "Refuse the case with a reason (1–200 characters); its refund claim is released",
            (RejectInput? input) => CaseStepRequest.Of(input));
        Step(api, "withdraw", "WithdrawCase", "The buyer withdraws the case (until the goods are on their way back); its refund claim is released",
            (WithdrawInput? input) => CaseStepRequest.Of(input));
        Step(api, "buyer-returned", "RecordCaseReturn", "The buyer sent the goods back: carrier and tracking number",
            (ReturnInput? input) => CaseStepRequest.Of(input));
        Step(api, "inspect", "InspectCase", "Inspect the returned goods: passed goes on; failed (with a note) rejects the case",
            (InspectInput? input) => CaseStepRequest.Of(input));
        Step(api, "complete-refund", "CompleteCaseRefund", "The refund was paid (退款完成): the order's claim becomes a refund",
            (StepInput? input) => CaseStepRequest.Of(CaseStep.CompleteRefund, input));
        Step(api, "fulfil", "FulfilCase", "The new, missing or repaired goods went out (已完成), optionally with carrier and tracking number",
            (FulfilInput? input) => CaseStepRequest.Of(input));

        api.MapPost("/{id:guid}/evidence", AddEvidence).WithName("AddCaseEvidence")
            .WithSummary("Add a photo to an open case (multipart, field 'file'; JPG, PNG, GIF or WebP up to 10 MB; at most 9 per case)")
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimit))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static void Step<TInput>(RouteGroupBuilder api, string path, string name, string summary, Func<TInput?, CaseStepRequest> read) where TInput : class =>
        api.MapPost("/{id:guid}/" + path, async (Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] TInput? input, ClaimsPrincipal user, AfterSalesCases cases, CaseQueries queries,
                CancellationToken ct) =>
            {
                var staff = user.Access();
                await cases.TakeAsync(staff, id, read(input), ct);
                return TypedResults.Ok(await queries.DetailsAsync(staff, id, ct));
            })
            .WithName(name)
            .WithSummary(summary)
            .Produces<CaseDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<CaseDetails>> Open(NewCaseInput input, ClaimsPrincipal user, AfterSalesCases cases, CaseQueries queries,
        CancellationToken ct)
    {
        var staff = user.Access();
        var opened = await cases.OpenAsync(staff, input, ct);
        return TypedResults.Created($"/api/after-sales/cases/{opened.Id}", await queries.DetailsAsync(staff, opened.Id, ct));
    }

    private static async Task<Ok<CasePage>> List(ClaimsPrincipal user, CaseQueries queries, string? status = null, string? kind = null,
        Guid? shopId = null, string? owner = null, bool? overdue = null, bool? awaitingSupervisor = null, bool? escalated = null, string? q = null,
        string? from = null, string? to = null, int offset = 0, int limit = 20, CancellationToken ct = default)
    {
        var staff = user.Access();
        var filter = CaseFilter.Parse(staff.AgentId, status, kind, shopId, owner, overdue, awaitingSupervisor, escalated, q, from, to);
        return TypedResults.Ok(await queries.ListAsync(staff, filter, offset, limit, ct));
    }

    private static async Task<FileContentHttpResult> Export(ClaimsPrincipal user, CaseQueries queries, IStringLocalizer<SharedResource> text,
        TimeProvider clock, string? status = null, string? kind = null, Guid? shopId = null, string? owner = null, bool? overdue = null,
        bool? awaitingSupervisor = null, bool? escalated = null, string? q = null, string? from = null, string? to = null, CancellationToken ct = default)
    {
        var staff = user.Access();
        var filter = CaseFilter.Parse(staff.AgentId, status, kind, shopId, owner, overdue, awaitingSupervisor, escalated, q, from, to);
        var bytes = await CaseExport.XlsxAsync(await queries.ExportAsync(staff, filter, ct), text, ct);
        var day = Components.Display.ShopTime(clock.GetUtcNow().UtcDateTime).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return TypedResults.File(bytes, Spreadsheet.XlsxContentType, $"{text["AfterSales.SheetName"]}-{day}.xlsx");
    }

    private static async Task<Ok<CaseDetails>> Get(Guid id, ClaimsPrincipal user, CaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.DetailsAsync(user.Access(), id, ct));

    private static async Task<Ok<CaseDetails>> AddEvidence(Guid id, HttpRequest request, ClaimsPrincipal user, AfterSalesCases cases,
        CaseQueries queries, Attachments attachments, IDbContextFactory<KefuDeskDbContext> dbFactory, CancellationToken ct)
    {
        var staff = user.Access();
        Guid shopId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            shopId = await db.Set<AfterSalesCase>().Where(c => c.Id == id).Select(c => (Guid?)c.ShopId).FirstOrDefaultAsync(ct) is { } shop
                && staff.Serves(shop)
                ? shop
                : throw new KefuDeskException(AfterSalesErrors.CaseNotFound);
        }

        if (!request.HasFormContentType || (await request.ReadFormAsync(ct)).Files.GetFile("file") is not { } file)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentInvalid, "multipart/form-data with a 'file' field");
        }

        var stored = await attachments.UploadAsync(AttachmentParty.Staff(staff.AgentId, staff.ShopIds), shopId, file, ct);
        try
        {
            await cases.AddEvidenceAsync(staff, id, stored.Id, ct);
        }
        catch
        {
            await attachments.DiscardUnusedAsync(stored.Id, CancellationToken.None); // nothing half-written
            throw;
        }

        return TypedResults.Ok(await queries.DetailsAsync(staff, id, ct));
    }
}
