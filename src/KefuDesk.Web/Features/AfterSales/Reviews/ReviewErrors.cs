using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>Why a review action is refused; each has its Error.* text in both languages (scripts/dev/keys/complaints-reviews.json).</summary>
public static class ReviewErrors
{
    public static readonly KefuDeskError NotFound = new("review_not_found", 404);
    public static readonly KefuDeskError Invalid = new("review_invalid", 400);
    public static readonly KefuDeskError NotYours = new("review_not_yours", 403);
    public static readonly KefuDeskError SupervisorOnly = new("review_supervisor_only", 403);
    public static readonly KefuDeskError NotFlagged = new("review_not_flagged", 409);
    public static readonly KefuDeskError Changed = new("review_changed", 409);

    /// <summary>The file is not a spreadsheet, is empty or too big.</summary>
    public static readonly KefuDeskError ImportFile = new("review_import_file", 400);

    /// <summary>Columns are missing or unknown: the problem's <c>missing</c> and <c>unknown</c> name them.</summary>
    public static readonly KefuDeskError ImportHeader = new("review_import_header", 400);

    /// <summary>Rows are wrong: the problem's <c>errors</c> list them by row number; nothing was imported.</summary>
    public static readonly KefuDeskError ImportRows = new("review_import_rows", 400);

    public static readonly KefuDeskError TemplateNotFound = new("review_template_not_found", 404);
    public static readonly KefuDeskError TemplateInvalid = new("review_template_invalid", 400);
}
