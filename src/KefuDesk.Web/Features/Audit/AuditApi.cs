using System.Globalization;
using System.Security.Claims;
using System.Text;
using KefuDesk.Components;
using KefuDesk.Features.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Audit;

/// <summary>The audit log for admins: a page of entries as JSON, or all of them as a CSV file Excel opens.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit log").RequireAuthorization(StaffPolicies.Admin)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", List).WithName("ListAuditEntries")
            .WithSummary("Who did what, when, to which record: newest first, filtered and paged (admins)")
            .WithDescription("from/to: days in shop time (yyyy-MM-dd, both included); subject: order, product, after_sales_case, complaint, " +
                             "review, shop or agent; actor: a staff id, or 'system' for the platform and automatic jobs; record: part of " +
                             "the order or case number. page from 1, pageSize 1–200.");
        api.MapGet("/export", Export).WithName("ExportAuditEntries")
            .WithSummary("The same filter as a CSV file (UTF-8 with BOM, at most 100,000 rows, newest first; admins)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    private static async Task<Ok<AuditPage>> List(ClaimsPrincipal user, AuditLog log, [AsParameters] AuditQuery query, CancellationToken ct) =>
        TypedResults.Ok(await log.PageAsync(user.OrganisationId(), query.Filter(), query.Page ?? 1, query.PageSize ?? 50, ct));

    private static async Task Export(HttpContext http, ClaimsPrincipal user, AuditLog log, IStringLocalizer<SharedResource> t,
        [AsParameters] AuditQuery query, CancellationToken ct)
    {
        var filter = query.Filter();
        var rows = log.AllAsync(user.OrganisationId(), filter, ct);
        await using var enumerator = rows.GetAsyncEnumerator(ct);
        var first = await enumerator.MoveNextAsync(); // a bad filter is refused before any byte is written

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await writer.WriteLineAsync(Csv(t["Audit.Col.At"], t["Audit.Col.Shop"], t["Audit.Col.Actor"], t["Audit.Col.Action"], t["Audit.Col.Subject"],
            t["Audit.Col.Record"], t["Audit.Col.Note"], t["Audit.Col.Before"], t["Audit.Col.After"]));
        for (var more = first; more; more = await enumerator.MoveNextAsync())
        {
            var r = enumerator.Current;
            await writer.WriteLineAsync(Csv(Display.ShopTime(r.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.ShopName,
                Display.Actor(t, r.ActorName), t["Audit.Action." + r.Action], t["Audit.Subject." + r.Subject], r.SubjectRef, r.Note, r.Before, r.After));
        }
    }

    /// <summary>One CSV line: every field quoted, quotes doubled; a leading = + - @ is defused so a spreadsheet never runs it.</summary>
    private static string Csv(params string?[] fields) =>
        string.Join(',', fields.Select(f =>
        {
            var text = f ?? "";
            if (text.Length > 0 && "=+-@\t\r".Contains(text[0]))
            {
                text = "'" + text;
            }

            return "\"" + text.Replace("\"", "\"\"") + "\"";
        }));
}

/// <summary>The filter as query-string parameters.</summary>
public sealed record AuditQuery(DateOnly? From, DateOnly? To, Guid? ShopId, string? Subject, string? Action, string? Actor, string? Record,
    int? Page, int? PageSize)
{
    public AuditFilter Filter() => new(From, To, ShopId, Subject, Action, Actor, Record);
}
