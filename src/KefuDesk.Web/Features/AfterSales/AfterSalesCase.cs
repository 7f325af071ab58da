using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.AfterSales;

/// <summary>Who acts on a case: a staff member (supervisors may approve above the shop's limit), or the system.</summary>
public sealed record CaseActor(Guid? Id, string Name, bool MaySupervise)
{
    public static CaseActor System(string name) => new(null, name, false);
}

/// <summary>
/// A buyer's after-sales request (售后单) on one order: a return, a refund, an exchange, a reship or
/// a repair. Its steps are guarded methods (AfterSalesCase.Steps.cs) that follow
/// <see cref="CasePaths"/>; its refund is claimed on the order while it is open, so all cases of an
/// order together never refund more than was paid. <see cref="Version"/> is a concurrency token.
/// </summary>
public sealed partial class AfterSalesCase : AggregateRoot
{
    public const int CaseNoMaxLength = 20;
    public const int DescriptionMaxLength = 500;
    public const int NoteMaxLength = 200;
    public const int MaxEvidence = 9;

    private readonly List<CaseEvidence> _evidence = [];

    private AfterSalesCase() { }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }

    /// <summary>The number people say on the phone: SH + the shop's date + a sequence, e.g. SH202611220007.</summary>
    public string CaseNo { get; private set; } = "";

    public Guid OrderId { get; private set; }
    public Guid CustomerId { get; private set; }

    /// <summary>The conversation the buyer asked in, if any.</summary>
    public Guid? ConversationId { get; private set; }

    public CaseKind Kind { get; private set; }
    public CaseReason Reason { get; private set; }

    /// <summary>The buyer's own words, as the agent took them down.</summary>
    public string Description { get; private set; } = "";

    /// <summary>Money back to the buyer, in fen; 0 for an exchange, reship or repair unless the shop also pays something back.</summary>
    public long RefundFen { get; private set; }

    /// <summary>The refund was above the shop's approval limit when the case opened: only a supervisor may approve it.</summary>
    public bool NeedsSupervisor { get; private set; }

    public CaseStatus Status { get; private set; }

    /// <summary>The agent who handles it: whoever reviewed it first. Others act only if they supervise.</summary>
    public Guid? OwnerId { get; private set; }

    public Guid? OpenedById { get; private set; }
    public string OpenedByName { get; private set; } = "";

    /// <summary>When the step the case waits for is due (see <see cref="CaseDeadlines"/>); null once final.</summary>
    public DateTime? DueAt { get; private set; }

    /// <summary>Set when the current step passed its deadline; cleared by the next step.</summary>
    public DateTime? EscalatedAt { get; private set; }

    public string? ReturnCarrier { get; private set; }
    public string? ReturnTrackingNo { get; private set; }

    /// <summary>The parcel the shop sent: the new item, the missing item, the repaired item.</summary>
    public string? ShipCarrier { get; private set; }
    public string? ShipTrackingNo { get; private set; }

    /// <summary>Why it was rejected or withdrawn, or what inspection found.</summary>
    public string? ClosingNote { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public DateTime? ReturnedAt { get; private set; }
    public DateTime? InspectedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>Photos the buyer sent (attachments of the shop), in the order they were added.</summary>
    public IReadOnlyList<Guid> EvidenceIds => _evidence.OrderBy(e => e.Position).Select(e => e.AttachmentId).ToList();

    public IReadOnlyCollection<CaseEvidence> Evidence => _evidence;

    public bool IsFinal => CasePaths.IsFinal(Status);

    public bool IsOverdue(DateTime now) => DueAt is { } due && due < now && !IsFinal;

    /// <summary>
    /// Opens a case on a paid order and claims its refund there. Refund kinds need an amount; the
    /// goods must have left for a return, exchange, repair or reship.
    /// </summary>
    public static AfterSalesCase Open(Guid id, string caseNo, Order order, Guid? conversationId, CaseKind kind, CaseReason reason,
        string description, long refundFen, IReadOnlyCollection<Guid> evidence, OrderRules rules, CaseActor by, DateTime at, DateTime firstReviewDue)
    {
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(reason))
        {
            throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "kind, reason");
        }

        if (refundFen < 0 || (CasePaths.EndsInRefund(kind) && refundFen == 0))
        {
            throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "refundFen: more than 0 for a refund, never below 0");
        }

        if (description.Length > DescriptionMaxLength || evidence.Count > MaxEvidence || evidence.Distinct().Count() != evidence.Count)
        {
            throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "description: at most 500 characters; evidence: at most 9 different images");
        }

        var goodsSent = order.Status is OrderStatus.Shipped or OrderStatus.Delivered or OrderStatus.Completed;
        if (order.PaidFen <= 0 || order.Status == OrderStatus.AwaitingPayment || (kind != CaseKind.RefundOnly && !goodsSent))
        {
            throw new KefuDeskException(AfterSalesErrors.OrderNotEligible, $"order status {order.Status}");
        }

        var opened = new AfterSalesCase
        {
            Id = id,
            ShopId = order.ShopId,
            CaseNo = caseNo,
            OrderId = order.Id,
            CustomerId = order.CustomerId,
            ConversationId = conversationId,
            Kind = kind,
            Reason = reason,
            Description = description,
            RefundFen = refundFen,
            NeedsSupervisor = refundFen > rules.RefundApprovalAboveFen,
            Status = CaseStatus.Applied,
            OpenedById = by.Id,
            OpenedByName = by.Name,
            DueAt = firstReviewDue,
            CreatedAt = at,
            UpdatedAt = at,
        };
        foreach (var attachmentId in evidence)
        {
            opened._evidence.Add(new CaseEvidence(id, attachmentId, opened._evidence.Count + 1, at));
        }

        if (refundFen > 0)
        {
            order.ClaimRefund(id, refundFen, at);
        }

        opened.Raise(new CaseOpened(id, opened.ShopId, caseNo, opened.Status, at, order.Id, kind, refundFen));
        return opened;
    }

    public void AddEvidence(CaseActor by, Guid attachmentId, DateTime at)
    {
        if (IsFinal)
        {
            throw new KefuDeskException(AfterSalesErrors.StepNotAllowed, $"status {Status}");
        }

        EnsureMayAct(by);
        if (_evidence.Count >= MaxEvidence || _evidence.Any(e => e.AttachmentId == attachmentId))
        {
            throw new KefuDeskException(AfterSalesErrors.EvidenceInvalid, "at most 9 different images");
        }

        _evidence.Add(new CaseEvidence(Id, attachmentId, _evidence.Max(e => (int?)e.Position).GetValueOrDefault() + 1, at));
        Touch(at);
        Raise(new CaseEvidenceAdded(Id, ShopId, CaseNo, Status, at, attachmentId));
    }

    /// <summary>The deadline passed: flag it once per step, so supervisors see it and the log says when.</summary>
    public void Escalate(DateTime at)
    {
        if (!IsOverdue(at) || EscalatedAt is not null)
        {
            throw new InvalidOperationException($"Case {CaseNo} is not newly overdue.");
        }

        EscalatedAt = at;
        Touch(at);
        Raise(new CaseEscalated(Id, ShopId, CaseNo, Status, at, DueAt!.Value, OwnerId));
    }

    private void Touch(DateTime at)
    {
        Version++;
        UpdatedAt = at;
    }
}

/// <summary>A photo on a case (an attachment of the shop: the buyer's picture from the chat, or one staff uploaded).</summary>
public sealed class CaseEvidence
{
    private CaseEvidence() { }

    internal CaseEvidence(Guid caseId, Guid attachmentId, int position, DateTime addedAt)
    {
        CaseId = caseId;
        AttachmentId = attachmentId;
        Position = position;
        AddedAt = addedAt;
    }

    public Guid CaseId { get; private set; }
    public Guid AttachmentId { get; private set; }
    public int Position { get; private set; }
    public DateTime AddedAt { get; private set; }
}
