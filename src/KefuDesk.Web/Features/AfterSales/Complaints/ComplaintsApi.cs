using System.Globalization;
using System.Security.Claims;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>Staff REST API for complaints (投诉): record, list and search (archive too), steps, history, export.</summary>
public static class ComplaintsApi
{
    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/after-sales/complaints")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Complaints")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("", Record).WithName("RecordComplaint")
            .WithSummary("Record a complaint about a buyer's order or conversation; high-risk ones (and every regulator's) are escalated to the shop's supervisors at once");
        api.MapGet("", List).WithName("ListComplaints")
            .WithSummary("Complaints in the shops I serve: the working list (view=active: escalated open first, then by deadline) or the archive (view=archived), filtered and paged");
        api.MapGet("/export", Export).WithName("ExportComplaints")
            .WithSummary("The list as filtered, as an Excel file (.xlsx), at most 10,000 rows");
        api.MapGet("/{id:guid}", Get).WithName("GetComplaint")
            .WithSummary("A complaint with its history (every step, who and when)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        Step(api.MapPost("/{id:guid}/resolve", Resolve).WithName("ResolveComplaint")
            .WithSummary("Mark an open complaint resolved, with what was done (its owner or a supervisor)"));
        Step(api.MapPost("/{id:guid}/return-visit", ReturnVisit).WithName("RecordComplaintReturnVisit")
            .WithSummary("Record the follow-up call of a resolved complaint: satisfied, notSatisfied or unreachable (a note is needed unless satisfied)"));
        Step(api.MapPost("/{id:guid}/archive", Archive).WithName("ArchiveComplaint")
            .WithSummary("Archive a complaint after its return visit (supervisors)"));
        Step(api.MapPost("/{id:guid}/reopen", Reopen).WithName("ReopenComplaint")
            .WithSummary("Reopen a resolved or visited complaint with a reason; it gets a new deadline"));
        Step(api.MapPost("/{id:guid}/severity", Severity).WithName("ChangeComplaintSeverity")
            .WithSummary("Raise an open complaint to high risk (escalated at once) or, supervisors only, lower it"));
        Step(api.MapPost("/{id:guid}/reassign", Reassign).WithName("ReassignComplaint")
            .WithSummary("Give the complaint to another member of the shop's team (supervisors)"));
        return app;
    }

    private static void Step(RouteHandlerBuilder step) =>
        step.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<ComplaintDetails>> Record(ComplaintInput input, ClaimsPrincipal user, ComplaintDesk desk, ComplaintQueries queries,
        CancellationToken ct)
    {
        var staff = user.Access();
        var id = await desk.RecordAsync(staff, input, ct);
        return TypedResults.Created($"/api/after-sales/complaints/{id}", await queries.GetAsync(staff, id, ct));
    }

    private static async Task<Ok<ComplaintPage>> List(ClaimsPrincipal user, ComplaintQueries queries, IStringLocalizer<SharedResource> text,
        string view = "active", Guid? shopId = null, string? q = null, string? status = null, string? source = null, string? severity = null,
        string? category = null, Guid? ownerId = null, bool escalated = false, string? from = null, string? to = null, int offset = 0, int limit = 20,
        CancellationToken ct = default) =>
        TypedResults.Ok(await queries.ListAsync(user.Access(),
            Filter(text, view, shopId, q, status, source, severity, category, ownerId, escalated, from, to), offset, limit, ct));

    private static async Task<FileContentHttpResult> Export(ClaimsPrincipal user, ComplaintQueries queries, IStringLocalizer<SharedResource> text,
        string view = "active", Guid? shopId = null, string? q = null, string? status = null, string? source = null, string? severity = null,
        string? category = null, Guid? ownerId = null, bool escalated = false, string? from = null, string? to = null, CancellationToken ct = default)
    {
        var filter = Filter(text, view, shopId, q, status, source, severity, category, ownerId, escalated, from, to);
        var rows = await queries.ExportAsync(user.Access(), filter, ct);
        var bytes = await ComplaintSheet.XlsxAsync(rows, text, ct);
        var name = (filter.Archived ? "complaint-archive-" : "complaints-") + DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".xlsx";
        return TypedResults.File(bytes, Spreadsheet.XlsxContentType, name);
    }

    private static async Task<Ok<ComplaintDetails>> Get(Guid id, ClaimsPrincipal user, ComplaintQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));

    private static async Task<Ok<ComplaintDetails>> Resolve(Guid id, ResolveComplaintInput input, ClaimsPrincipal user, ComplaintDesk desk,
        ComplaintQueries queries, CancellationToken ct)
    {
        await desk.ResolveAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<ComplaintDetails>> ReturnVisit(Guid id, ReturnVisitInput input, ClaimsPrincipal user, ComplaintDesk desk,
        ComplaintQueries queries, CancellationToken ct)
    {
        await desk.ReturnVisitAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<ComplaintDetails>> Archive(Guid id, ComplaintStepInput? input, ClaimsPrincipal user, ComplaintDesk desk,
        ComplaintQueries queries, CancellationToken ct)
    {
        await desk.ArchiveAsync(user.Access(), id, input ?? new ComplaintStepInput(), ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<ComplaintDetails>> Reopen(Guid id, ReopenComplaintInput input, ClaimsPrincipal user, ComplaintDesk desk,
        ComplaintQueries queries, CancellationToken ct)
    {
        await desk.ReopenAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<ComplaintDetails>> Severity(Guid id, SeverityInput input, ClaimsPrincipal user, ComplaintDesk desk,
        ComplaintQueries queries, CancellationToken ct)
    {
        await desk.ChangeSeverityAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    private static async Task<Ok<ComplaintDetails>> Reassign(Guid id, ReassignComplaintInput input, ClaimsPrincipal user, ComplaintDesk desk,
        ComplaintQueries queries, CancellationToken ct)
    {
        await desk.ReassignAsync(user.Access(), id, input, ct);
        return TypedResults.Ok(await queries.GetAsync(user.Access(), id, ct));
    }

    /// <summary>The list's query values, each refused clearly when it is not one of the allowed words.</summary>
    private static ComplaintFilter Filter(IStringLocalizer text, string view, Guid? shopId, string? q, string? status, string? source,
        string? severity, string? category, Guid? ownerId, bool escalated, string? from, string? to)
    {
        T? Parse<T>(string? value, string check) where T : struct, Enum =>
            string.IsNullOrWhiteSpace(value) ? null
            : !char.IsAsciiDigit(value[0]) && !value.Contains(',') && Enum.TryParse<T>(value, true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new KefuDeskException(ComplaintErrors.Invalid, text[check]);

        DateOnly? Day(string? value) =>
            string.IsNullOrWhiteSpace(value) ? null
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
            : throw new KefuDeskException(ComplaintErrors.Invalid, text["Complaint.Check.Date"]);

        var archived = view switch
        {
            "active" => false,
            "archived" => true,
            _ => throw new KefuDeskException(ComplaintErrors.Invalid, text["Complaint.Check.View"]),
        };
        if (q?.Length > 100)
        {
            throw new KefuDeskException(ComplaintErrors.Invalid, text["Complaint.Check.Query"]);
        }

        return new ComplaintFilter(archived, shopId, q, Parse<ComplaintStatus>(status, "Complaint.Check.Status"),
            Parse<ComplaintSource>(source, "Complaint.Check.Source"), Parse<ComplaintSeverity>(severity, "Complaint.Check.Severity"),
            Parse<ComplaintCategory>(category, "Complaint.Check.Category"), ownerId, escalated, Day(from), Day(to));
    }
}
