using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales.Complaints;

public static class ComplaintEventNames
{
    public const string Recorded = "complaint.recorded";
    public const string Escalated = "complaint.escalated";
    public const string SeverityChanged = "complaint.severity_changed";
    public const string Reassigned = "complaint.reassigned";
    public const string Resolved = "complaint.resolved";
    public const string ReturnVisited = "complaint.return_visited";
    public const string Archived = "complaint.archived";
    public const string Reopened = "complaint.reopened";
    public const string Overdue = "complaint.overdue";
}

/// <summary>Something happened to one of a shop's complaints; screens recount.</summary>
public interface IComplaintEvent : IDomainEvent
{
    Guid ComplaintId { get; }

    Guid ShopId { get; }

    string Number { get; }
}

public sealed record ComplaintRecorded(Guid ComplaintId, Guid ShopId, string Number, ComplaintSeverity Severity, Guid OwnerId, DateTime At)
    : IComplaintEvent
{
    public string Name => ComplaintEventNames.Recorded;
}

/// <summary>The shop's supervisors must look at it now: high risk, or past its deadline.</summary>
public sealed record ComplaintEscalated(Guid ComplaintId, Guid ShopId, string Number, EscalationReason Reason, Guid OwnerId, DateTime At)
    : IComplaintEvent
{
    public string Name => ComplaintEventNames.Escalated;
}

public sealed record ComplaintSeverityChanged(Guid ComplaintId, Guid ShopId, string Number, ComplaintSeverity From, ComplaintSeverity To,
    Guid ByAgentId, DateTime At) : IComplaintEvent
{
    public string Name => ComplaintEventNames.SeverityChanged;
}

public sealed record ComplaintReassigned(Guid ComplaintId, Guid ShopId, string Number, Guid From, Guid To, Guid ByAgentId, DateTime At)
    : IComplaintEvent
{
    public string Name => ComplaintEventNames.Reassigned;
}

public sealed record ComplaintResolved(Guid ComplaintId, Guid ShopId, string Number, Guid ByAgentId, bool Late, DateTime At) : IComplaintEvent
{
    public string Name => ComplaintEventNames.Resolved;
}

public sealed record ComplaintReturnVisited(Guid ComplaintId, Guid ShopId, string Number, ReturnVisitResult Result, Guid ByAgentId, DateTime At)
    : IComplaintEvent
{
    public string Name => ComplaintEventNames.ReturnVisited;
}

public sealed record ComplaintArchived(Guid ComplaintId, Guid ShopId, string Number, Guid ByAgentId, DateTime At) : IComplaintEvent
{
    public string Name => ComplaintEventNames.Archived;
}

public sealed record ComplaintReopened(Guid ComplaintId, Guid ShopId, string Number, string Reason, Guid ByAgentId, DateTime At) : IComplaintEvent
{
    public string Name => ComplaintEventNames.Reopened;
}

public sealed record ComplaintOverdue(Guid ComplaintId, Guid ShopId, string Number, DateTime Deadline, Guid OwnerId, DateTime At) : IComplaintEvent
{
    public string Name => ComplaintEventNames.Overdue;
}
