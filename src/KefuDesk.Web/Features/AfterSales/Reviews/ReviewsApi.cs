using System.Globalization;
using System.Security.Claims;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>
/// One review pushed by the API. <c>stars</c> 1–5, or <c>rating</c> good | neutral | bad (好评 中评 差评
/// also accepted); DSR scores 1–5 or null; <c>reviewedAt</c> with its offset (2026-11-20T10:21:00+08:00).
/// </summary>
public sealed record ReviewInput(string ReviewId, DateTimeOffset? ReviewedAt, int? Stars = null, string? Rating = null, string? OrderNo = null,
    string? BuyerNick = null, string? Sku = null, string? ProductTitle = null, int? Description = null, int? Service = null, int? Logistics = null,
    string? Text = null);

public sealed record ReviewBatchInput(Guid ShopId, IReadOnlyList<ReviewInput>? Reviews);

/// <summary>Staff REST API for reviews (评价): import (sheet or JSON), list, follow-up, reply, DSR by month, reply templates.</summary>
public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/after-sales/reviews")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Reviews")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("", Upsert).WithName("UpsertReviews")
            .WithSummary("Add or update up to 1,000 reviews by their platform review id (idempotent), all or nothing; 中差评 are flagged and assigned (supervisors)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/import", Import).WithName("ImportReviews")
            .WithSummary("Import a review export (.xlsx or .csv, multipart field 'file', template columns); dryRun=true only checks and counts. Any bad row: nothing is imported (supervisors)")
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(ReviewSheet.MaxBytes + (1024 * 1024)))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/template", Template).WithName("ReviewImportTemplate")
            .WithSummary("The import template (.xlsx): 评价ID 订单号 买家昵称 商品编码 商品名称 评分 描述相符 服务态度 物流服务 评价内容 评价时间");
        api.MapGet("", List).WithName("ListReviews")
            .WithSummary("Reviews in the shops I serve, newest first: rating good | neutral | bad | neutralOrBad, flagged, followUp none | pending | done, assigneeId, from/to (yyyy-MM-dd), q");
        api.MapGet("/export", Export).WithName("ExportReviews")
            .WithSummary("The list as filtered, as an Excel file (.xlsx), at most 20,000 rows");
        api.MapGet("/dsr", Dsr).WithName("ReviewDsrTrend")
            .WithSummary("A shop's DSR by month (描述相符, 服务态度, 物流服务 averages, review count, share of 中差评), the last 12 months by default");
        api.MapGet("/{id:guid}", Get).WithName("GetReview")
            .WithSummary("A review with its history").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/follow-up", FollowUp).WithName("FollowUpReview")
            .WithSummary("Record a 中差评's follow-up: revised, explained or unreachable, a note, and optionally the shop's reply (assignee or supervisor)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/reply", Reply).WithName("ReplyToReview")
            .WithSummary("Save the shop's reply to a review")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/reassign", Reassign).WithName("ReassignReview")
            .WithSummary("Give a flagged review's follow-up to another member of the shop's team (supervisors)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var templates = app.MapGroup("/api/after-sales/review-templates")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Reviews")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        templates.MapGet("", Templates).WithName("ListReplyTemplates").WithSummary("A shop's reply templates");
        templates.MapPost("", AddTemplate).WithName("AddReplyTemplate")
            .WithSummary("Add a reply template; variables {买家} {商品} {订单号} {店铺} (supervisors)");
        templates.MapPut("/{id:guid}", ChangeTemplate).WithName("ChangeReplyTemplate")
            .WithSummary("Change a reply template (supervisors)").ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapDelete("/{id:guid}", DeleteTemplate).WithName("DeleteReplyTemplate")
            .WithSummary("Delete a reply template (supervisors)").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<ReviewImportReport>, ProblemHttpResult>> Upsert(ReviewBatchInput input, ClaimsPrincipal user, ReviewDesk desk,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var reviews = input.Reviews ?? [];
        if (reviews.Count is 0 or > ReviewDesk.MaxBatch)
        {
            throw new KefuDeskException(ReviewErrors.Invalid, text["Review.Check.BatchSize", ReviewDesk.MaxBatch]);
        }

        var raws = reviews.Select((r, i) => new RawReview(i + 1, r?.ReviewId ?? "", r?.OrderNo ?? "", r?.BuyerNick ?? "", r?.Sku ?? "",
            r?.ProductTitle ?? "", r?.Stars?.ToString(CultureInfo.InvariantCulture) ?? r?.Rating ?? "", Score(r?.Description), Score(r?.Service),
            Score(r?.Logistics), r?.Text ?? "", "", r?.ReviewedAt?.UtcDateTime)).ToList();
        return Answer(await desk.ImportAsync(user.Access(), input.ShopId, raws, dryRun: false, ct), text);
    }

    private static async Task<Results<Ok<ReviewImportReport>, ProblemHttpResult>> Import(HttpRequest request, ClaimsPrincipal user, ReviewDesk desk,
        IStringLocalizer<SharedResource> text, Guid shopId, bool dryRun = false, CancellationToken ct = default)
    {
        var staff = user.Access();
        if (!staff.MaySupervise)
        {
            throw new KefuDeskException(ReviewErrors.SupervisorOnly);
        }

        if (!request.HasFormContentType || (await request.ReadFormAsync(ct)).Files.GetFile("file") is not { } file)
        {
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.FileMissing"]);
        }

        if (file.Length > ReviewSheet.MaxBytes)
        {
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.FileSize", ReviewSheet.MaxBytes / 1024 / 1024]); // before copying it
        }

        using var copy = new MemoryStream();
        await using (var upload = file.OpenReadStream())
        {
            await upload.CopyToAsync(copy, ct);
        }

        copy.Position = 0;
        var (rows, refusal) = desk.ReadSheet(copy, file.FileName);
        return Answer(refusal ?? await desk.ImportAsync(staff, shopId, rows, dryRun, ct), text);
    }

    private static async Task<FileContentHttpResult> Template(CancellationToken ct) =>
        TypedResults.File(await ReviewSheet.TemplateAsync(ct), Spreadsheet.XlsxContentType, "review-import-template.xlsx");

    private static async Task<Ok<ReviewPage>> List(ClaimsPrincipal user, ReviewQueries queries, IStringLocalizer<SharedResource> text,
        Guid? shopId = null, string? rating = null, bool? flagged = null, string? followUp = null, Guid? assigneeId = null, string? from = null,
        string? to = null, string? q = null, int offset = 0, int limit = 20, CancellationToken ct = default) =>
        TypedResults.Ok(await queries.ListAsync(user.Access(), Filter(text, shopId, rating, flagged, followUp, assigneeId, from, to, q), offset, limit, ct));

    private static async Task<FileContentHttpResult> Export(ClaimsPrincipal user, ReviewQueries queries, IStringLocalizer<SharedResource> text,
        Guid? shopId = null, string? rating = null, bool? flagged = null, string? followUp = null, Guid? assigneeId = null, string? from = null,
        string? to = null, string? q = null, CancellationToken ct = default)
    {
        var rows = await queries.ExportAsync(user.Access(), Filter(text, shopId, rating, flagged, followUp, assigneeId, from, to, q), ct);
        return TypedResults.File(await ReviewSheet.XlsxAsync(rows, text, ct), Spreadsheet.XlsxContentType,
            "reviews-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".xlsx");
    }

    private static async Task<Ok<IReadOnlyList<DsrMonth>>> Dsr(Guid shopId, ClaimsPrincipal user, ReviewQueries queries, int months = 12,
        CancellationToken ct = default) =>
        TypedResults.Ok(await queries.DsrTrendAsync(user.Access(), shopId, months, ct));

    private static async Task<Ok<ReviewDetails>> Get(Guid id, ClaimsPrincipal user, ReviewQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));

    private static async Task<Ok<ReviewDetails>> FollowUp(Guid id, FollowUpInput input, ClaimsPrincipal user, ReviewDesk desk, ReviewQueries queries,
        CancellationToken ct)
    {
        await desk.FollowUpAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<ReviewDetails>> Reply(Guid id, ReviewReplyInput input, ClaimsPrincipal user, ReviewDesk desk, ReviewQueries queries,
        CancellationToken ct)
    {
        await desk.ReplyAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<ReviewDetails>> Reassign(Guid id, ReviewReassignInput input, ClaimsPrincipal user, ReviewDesk desk,
        ReviewQueries queries, CancellationToken ct)
    {
        await desk.ReassignAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<IReadOnlyList<ReplyTemplateView>>> Templates(Guid shopId, ClaimsPrincipal user, ReplyTemplates templates,
        CancellationToken ct) =>
        TypedResults.Ok(await templates.ListAsync(user.Access(), shopId, ct));

    private static async Task<Ok<ReplyTemplateView>> AddTemplate(ReplyTemplateInput input, ClaimsPrincipal user, ReplyTemplates templates,
        CancellationToken ct) =>
        TypedResults.Ok(await templates.SaveAsync(user.Access(), null, input, ct));

    private static async Task<Ok<ReplyTemplateView>> ChangeTemplate(Guid id, ReplyTemplateInput input, ClaimsPrincipal user, ReplyTemplates templates,
        CancellationToken ct) =>
        TypedResults.Ok(await templates.SaveAsync(user.Access(), id, input, ct));

    private static async Task<NoContent> DeleteTemplate(Guid id, ClaimsPrincipal user, ReplyTemplates templates, CancellationToken ct)
    {
        await templates.DeleteAsync(user.Access(), id, ct);
        return TypedResults.NoContent();
    }

    private static string Score(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A refused import is a problem that names every missing and unknown column and every bad row.</summary>
    private static Results<Ok<ReviewImportReport>, ProblemHttpResult> Answer(ReviewImportReport report, IStringLocalizer text)
    {
        if (report.Ok)
        {
            return TypedResults.Ok(report);
        }

        var header = report.MissingColumns.Count > 0 || report.UnknownColumns.Count > 0;
        var detail = header
            ? text["Review.Import.HeaderDetail", string.Join("、", report.MissingColumns), string.Join("、", report.UnknownColumns)].Value
            : text["Review.Import.RowsDetail", report.Errors.Select(e => e.Row).Distinct().Count(), report.Rows].Value;
        var problem = ProblemResponses.Problem(header ? ReviewErrors.ImportHeader : ReviewErrors.ImportRows, text, detail);
        problem.Extensions["missing"] = report.MissingColumns;
        problem.Extensions["unknown"] = report.UnknownColumns;
        problem.Extensions["errors"] = report.Errors;
        return TypedResults.Problem(problem);
    }

    private static ReviewFilter Filter(IStringLocalizer text, Guid? shopId, string? rating, bool? flagged, string? followUp, Guid? assigneeId,
        string? from, string? to, string? q)
    {
        DateOnly? Day(string? value) =>
            string.IsNullOrWhiteSpace(value) ? null
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
            : throw new KefuDeskException(ReviewErrors.Invalid, text["Review.Check.Date"]);

        var (oneRating, neutralOrBad) = rating switch
        {
            null or "" => ((ReviewRating?)null, false),
            "neutralOrBad" => (null, true),
            _ when !char.IsAsciiDigit(rating[0]) && Enum.TryParse<ReviewRating>(rating, true, out var r) && Enum.IsDefined(r) => (r, false),
            _ => throw new KefuDeskException(ReviewErrors.Invalid, text["Review.Check.RatingFilter"]),
        };
        FollowUpStatus? status = string.IsNullOrEmpty(followUp) ? null
            : !char.IsAsciiDigit(followUp[0]) && Enum.TryParse<FollowUpStatus>(followUp, true, out var s) && Enum.IsDefined(s) ? s
            : throw new KefuDeskException(ReviewErrors.Invalid, text["Review.Check.FollowUpFilter"]);
        if (q?.Length > 100)
        {
            throw new KefuDeskException(ReviewErrors.Invalid, text["Review.Check.Query"]);
        }

        return new ReviewFilter(shopId, oneRating, neutralOrBad, flagged, status, assigneeId, Day(from), Day(to), q);
    }
}
