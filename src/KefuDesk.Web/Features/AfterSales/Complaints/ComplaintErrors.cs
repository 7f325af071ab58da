using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>Why a complaint action is refused; each has its Error.* text in both languages (scripts/dev/keys/complaints-reviews.json).</summary>
public static class ComplaintErrors
{
    public static readonly KefuDeskError NotFound = new("complaint_not_found", 404);
    public static readonly KefuDeskError Invalid = new("complaint_invalid", 400);
    public static readonly KefuDeskError NotYours = new("complaint_not_yours", 403);
    public static readonly KefuDeskError SupervisorOnly = new("complaint_supervisor_only", 403);
    public static readonly KefuDeskError NotOpen = new("complaint_not_open", 409);
    public static readonly KefuDeskError NotResolved = new("complaint_not_resolved", 409);
    public static readonly KefuDeskError NotVisited = new("complaint_not_visited", 409);
    public static readonly KefuDeskError AlreadyOpen = new("complaint_already_open", 409);
    public static readonly KefuDeskError Archived = new("complaint_archived", 409);
    public static readonly KefuDeskError RegulatorHighRisk = new("complaint_regulator_high_risk", 409);
    public static readonly KefuDeskError Changed = new("complaint_changed", 409);
}
