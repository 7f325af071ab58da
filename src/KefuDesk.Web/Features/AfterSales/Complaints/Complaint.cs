using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>
/// A complaint (投诉) about a shop, from a buyer, the platform or a regulator. It has one owner and
/// a deadline set by its severity (<see cref="ComplaintRules"/>); high-risk and overdue complaints
/// are escalated to the shop's supervisors. Every change bumps <see cref="Version"/> so two people
/// acting at once cannot both succeed.
/// </summary>
public sealed class Complaint : AggregateRoot
{
    public const int SubjectMaxLength = 100;
    public const int TextMaxLength = 2000;
    public const int NoteMaxLength = 500;

    private Complaint() { }

    public Complaint(Guid id, Guid organisationId, Guid shopId, string number, Guid customerId, Guid? orderId, Guid? conversationId,
        ComplaintSource source, ComplaintSeverity severity, ComplaintCategory category, string subject, string description,
        Guid ownerId, Guid createdById, DateTime createdAt)
    {
        Id = id;
        OrganisationId = organisationId;
        ShopId = shopId;
        Number = number;
        CustomerId = customerId;
        OrderId = orderId;
        ConversationId = conversationId;
        Source = source;
        Severity = ComplaintRules.SeverityFor(source, severity);
        Category = category;
        Subject = subject;
        Description = description;
        OwnerId = ownerId;
        CreatedById = createdById;
        CreatedAt = createdAt;
        Status = ComplaintStatus.Open;
        Deadline = createdAt + ComplaintRules.TimeToResolve(Severity);
        Raise(new ComplaintRecorded(Id, ShopId, Number, Severity, OwnerId, createdAt));
        if (Severity == ComplaintSeverity.HighRisk)
        {
            Escalate(EscalationReason.HighRisk, createdAt);
        }
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid ShopId { get; private set; }

    /// <summary>TS + the shop's date + a number of the day: TS20261123001. Unique per shop.</summary>
    public string Number { get; private set; } = "";

    public Guid CustomerId { get; private set; }
    public Guid? OrderId { get; private set; }
    public Guid? ConversationId { get; private set; }
    public ComplaintSource Source { get; private set; }
    public ComplaintSeverity Severity { get; private set; }
    public ComplaintCategory Category { get; private set; }
    public string Subject { get; private set; } = "";
    public string Description { get; private set; } = "";
    public Guid OwnerId { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>Resolve by then (<see cref="ComplaintRules"/>); past it, an open complaint is overdue.</summary>
    public DateTime Deadline { get; private set; }

    public ComplaintStatus Status { get; private set; }
    public bool Escalated { get; private set; }
    public DateTime? EscalatedAt { get; private set; }
    public EscalationReason? EscalatedFor { get; private set; }

    /// <summary>When the deadline job found it still open past its deadline (cleared on reopening).</summary>
    public DateTime? OverdueAt { get; private set; }

    public string? Resolution { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public Guid? ResolvedById { get; private set; }
    public ReturnVisitResult? ReturnVisit { get; private set; }
    public string? ReturnVisitNote { get; private set; }
    public DateTime? ReturnVisitedAt { get; private set; }
    public Guid? ReturnVisitedById { get; private set; }
    public DateTime? ArchivedAt { get; private set; }
    public Guid? ArchivedById { get; private set; }
    public int Version { get; private set; }

    public bool IsOverdue(DateTime now) => Status == ComplaintStatus.Open && now > Deadline;

    /// <summary>The owner works the complaint; a supervisor may act on any of the shop's.</summary>
    public void EnsureMayAct(Guid agentId, bool maySupervise)
    {
        if (OwnerId != agentId && !maySupervise)
        {
            throw new KefuDeskException(ComplaintErrors.NotYours);
        }
    }

    /// <summary>
    /// Raising to high risk escalates at once and brings the deadline forward; lowering (supervisors
    /// only, never a regulator's complaint) leaves the deadline as it is.
    /// </summary>
    public void ChangeSeverity(ComplaintSeverity severity, Guid agentId, bool maySupervise, DateTime at)
    {
        EnsureOpen();
        EnsureMayAct(agentId, maySupervise);
        if (severity == Severity)
        {
            return;
        }

        if (severity == ComplaintSeverity.Normal)
        {
            if (!maySupervise)
            {
                throw new KefuDeskException(ComplaintErrors.SupervisorOnly);
            }

            if (Source == ComplaintSource.Regulator)
            {
                throw new KefuDeskException(ComplaintErrors.RegulatorHighRisk);
            }
        }

        var previous = Severity;
        Severity = severity;
        Touch();
        Raise(new ComplaintSeverityChanged(Id, ShopId, Number, previous, severity, agentId, at));
        if (severity == ComplaintSeverity.HighRisk)
        {
            var sooner = at + ComplaintRules.TimeToResolve(severity);
            Deadline = sooner < Deadline ? sooner : Deadline;
            Escalate(EscalationReason.HighRisk, at);
        }
    }

    /// <summary>Hands the complaint to a colleague of the shop (supervisors only).</summary>
    public void Reassign(Guid ownerId, Guid agentId, bool maySupervise, DateTime at)
    {
        EnsureNotArchived();
        if (!maySupervise)
        {
            throw new KefuDeskException(ComplaintErrors.SupervisorOnly);
        }

        if (ownerId == OwnerId)
        {
            return;
        }

        var previous = OwnerId;
        OwnerId = ownerId;
        Touch();
        Raise(new ComplaintReassigned(Id, ShopId, Number, previous, ownerId, agentId, at));
    }

    public void Resolve(string resolution, Guid agentId, bool maySupervise, DateTime at)
    {
        EnsureOpen();
        EnsureMayAct(agentId, maySupervise);
        Resolution = resolution;
        ResolvedAt = at;
        ResolvedById = agentId;
        Status = ComplaintStatus.Resolved;
        Touch();
        Raise(new ComplaintResolved(Id, ShopId, Number, agentId, at > Deadline, at));
    }

    /// <summary>The follow-up call after resolution; an unreachable buyer may be tried again (the latest result counts).</summary>
    public void RecordReturnVisit(ReturnVisitResult result, string? note, Guid agentId, bool maySupervise, DateTime at)
    {
        if (Status is not (ComplaintStatus.Resolved or ComplaintStatus.ReturnVisited))
        {
            throw new KefuDeskException(Status == ComplaintStatus.Archived ? ComplaintErrors.Archived : ComplaintErrors.NotResolved);
        }

        EnsureMayAct(agentId, maySupervise);
        ReturnVisit = result;
        ReturnVisitNote = note;
        ReturnVisitedAt = at;
        ReturnVisitedById = agentId;
        Status = ComplaintStatus.ReturnVisited;
        Touch();
        Raise(new ComplaintReturnVisited(Id, ShopId, Number, result, agentId, at));
    }

    /// <summary>Closes the file (投诉归档): after the return visit, by a supervisor. Archived complaints do not change.</summary>
    public void Archive(Guid agentId, bool maySupervise, DateTime at)
    {
        if (Status != ComplaintStatus.ReturnVisited)
        {
            throw new KefuDeskException(Status == ComplaintStatus.Archived ? ComplaintErrors.Archived : ComplaintErrors.NotVisited);
        }

        if (!maySupervise)
        {
            throw new KefuDeskException(ComplaintErrors.SupervisorOnly);
        }

        Status = ComplaintStatus.Archived;
        ArchivedAt = at;
        ArchivedById = agentId;
        Touch();
        Raise(new ComplaintArchived(Id, ShopId, Number, agentId, at));
    }

    /// <summary>Back to work (the buyer is not satisfied, the problem came back), with a fresh deadline.</summary>
    public void Reopen(string reason, Guid agentId, bool maySupervise, DateTime at)
    {
        if (Status is not (ComplaintStatus.Resolved or ComplaintStatus.ReturnVisited))
        {
            throw new KefuDeskException(Status == ComplaintStatus.Archived ? ComplaintErrors.Archived : ComplaintErrors.AlreadyOpen);
        }

        EnsureMayAct(agentId, maySupervise);
        Status = ComplaintStatus.Open;
        Deadline = at + ComplaintRules.TimeToResolve(Severity);
        OverdueAt = null;
        Touch();
        Raise(new ComplaintReopened(Id, ShopId, Number, reason, agentId, at));
    }

    /// <summary>The deadline passed with the complaint still open: it goes to the supervisors (once per deadline).</summary>
    public bool MarkOverdue(DateTime at)
    {
        if (!IsOverdue(at) || OverdueAt is not null)
        {
            return false;
        }

        OverdueAt = at;
        Touch();
        Raise(new ComplaintOverdue(Id, ShopId, Number, Deadline, OwnerId, at));
        Escalate(EscalationReason.Overdue, at);
        return true;
    }

    private void Escalate(EscalationReason reason, DateTime at)
    {
        if (Escalated)
        {
            return;
        }

        Escalated = true;
        EscalatedAt = at;
        EscalatedFor = reason;
        Raise(new ComplaintEscalated(Id, ShopId, Number, reason, OwnerId, at));
    }

    private void EnsureOpen()
    {
        if (Status != ComplaintStatus.Open)
        {
            throw new KefuDeskException(Status == ComplaintStatus.Archived ? ComplaintErrors.Archived : ComplaintErrors.NotOpen);
        }
    }

    private void EnsureNotArchived()
    {
        if (Status == ComplaintStatus.Archived)
        {
            throw new KefuDeskException(ComplaintErrors.Archived);
        }
    }

    private void Touch() => Version++;
}
