using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.AfterSales;

/// <summary>The case's steps. Each checks that the step is on the case's path from where it stands and that the actor may take it.</summary>
public sealed partial class AfterSalesCase
{
    /// <summary>An agent takes the case up (受理): it becomes theirs, and the first-review deadline is met.</summary>
    public void Review(CaseActor by, DateTime at)
    {
        Move(CaseStep.Review, by, at);
        OwnerId ??= by.Id;
        ReviewedAt = at;
        Raise(new CaseReviewed(Id, ShopId, CaseNo, Status, at, OwnerId));
    }

    /// <summary>The shop agrees. Above the shop's approval limit only a supervisor may.</summary>
    public void Approve(CaseActor by, DateTime at)
    {
        Ensure(CaseStep.Approve, by);
        if (NeedsSupervisor && !by.MaySupervise)
        {
            throw new KefuDeskException(AfterSalesErrors.NeedsSupervisor, $"refund {RefundFen} fen");
        }

        Move(CaseStep.Approve, by, at);
        DecidedAt = at;
        Raise(new CaseApproved(Id, ShopId, CaseNo, Status, at, by.Id, RefundFen));
    }

    /// <summary>The shop says no; the refund's claim goes back to the order.</summary>
    public void Reject(CaseActor by, string reason, Order order, DateTime at)
    {
        Ensure(CaseStep.Reject, by);
        RequireNote(reason, "reason");
        Release(order, at);
        Move(CaseStep.Reject, by, at);
        DecidedAt = at;
        ClosingNote = reason;
        Raise(new CaseRejected(Id, ShopId, CaseNo, Status, at, reason));
    }

    /// <summary>The buyer no longer wants it (撤销), told to an agent; possible until the goods are on their way back.</summary>
    public void Withdraw(CaseActor by, string? note, Order order, DateTime at)
    {
        Ensure(CaseStep.Withdraw, by);
        OptionalNote(note);
        Release(order, at);
        Move(CaseStep.Withdraw, by, at);
        ClosingNote = note;
        Raise(new CaseWithdrawn(Id, ShopId, CaseNo, Status, at));
    }

    /// <summary>The buyer sent the goods back, with the carrier's tracking number.</summary>
    public void BuyerReturned(CaseActor by, string carrier, string trackingNo, DateTime at)
    {
        Ensure(CaseStep.BuyerReturned, by);
        RequireParcel(carrier, trackingNo);
        Move(CaseStep.BuyerReturned, by, at);
        ReturnCarrier = carrier;
        ReturnTrackingNo = trackingNo;
        ReturnedAt = at;
        Raise(new CaseGoodsReturned(Id, ShopId, CaseNo, Status, at, carrier, trackingNo));
    }

    /// <summary>The returned goods are checked (验收): passed goes on; failed rejects the case and gives the claim back.</summary>
    public void Inspect(CaseActor by, bool passed, string? note, Order order, DateTime at)
    {
        Ensure(CaseStep.Inspect, by);
        if (!passed)
        {
            RequireNote(note, "note");
            Release(order, at);
        }
        else
        {
            OptionalNote(note);
        }

        Move(CaseStep.Inspect, by, at, passed);
        InspectedAt = at;
        ClosingNote = note;
        Raise(new CaseInspected(Id, ShopId, CaseNo, Status, at, passed));
    }

    /// <summary>The money went back to the buyer (退款完成): the order's claim becomes a refund.</summary>
    public void CompleteRefund(CaseActor by, Order order, DateTime at)
    {
        Ensure(CaseStep.CompleteRefund, by);
        EnsureOrder(order);
        order.ConfirmRefund(Id, RefundFen, at);
        Move(CaseStep.CompleteRefund, by, at);
        Raise(new CaseRefunded(Id, ShopId, CaseNo, Status, at, RefundFen));
    }

    /// <summary>The new, missing or repaired goods went out (已完成); any refund the case also carries is paid with it.</summary>
    public void Fulfil(CaseActor by, string? carrier, string? trackingNo, Order order, DateTime at)
    {
        Ensure(CaseStep.Fulfil, by);
        if (!string.IsNullOrEmpty(carrier) || !string.IsNullOrEmpty(trackingNo))
        {
            RequireParcel(carrier ?? "", trackingNo ?? "");
        }

        EnsureOrder(order);
        if (RefundFen > 0)
        {
            order.ConfirmRefund(Id, RefundFen, at);
        }

        Move(CaseStep.Fulfil, by, at);
        ShipCarrier = carrier;
        ShipTrackingNo = trackingNo;
        Raise(new CaseFulfilled(Id, ShopId, CaseNo, Status, at, carrier, trackingNo));
    }

    /// <summary>Whether this person may take this step now (the screen offers only these).</summary>
    public bool Allows(CaseStep step, CaseActor by) =>
        CasePaths.Next(Kind, Status, step) is not null && MayAct(by) && (step != CaseStep.Approve || !NeedsSupervisor || by.MaySupervise);

    public bool MayAct(CaseActor by) => OwnerId is null || OwnerId == by.Id || by.MaySupervise;

    private void Ensure(CaseStep step, CaseActor by)
    {
        if (CasePaths.Next(Kind, Status, step) is null)
        {
            throw new KefuDeskException(AfterSalesErrors.StepNotAllowed, $"status {Status}, step {step}");
        }

        EnsureMayAct(by);
    }

    private void EnsureMayAct(CaseActor by)
    {
        if (!MayAct(by))
        {
            throw new KefuDeskException(AfterSalesErrors.NotYours);
        }
    }

    private void Move(CaseStep step, CaseActor by, DateTime at, bool passed = true)
    {
        Ensure(step, by);
        Status = CasePaths.Next(Kind, Status, step, passed)!.Value;
        DueAt = CaseDeadlines.Due(Status, at);
        EscalatedAt = null;
        if (IsFinal)
        {
            ClosedAt = at;
        }

        Touch(at);
    }

    private void Release(Order order, DateTime at)
    {
        EnsureOrder(order);
        if (RefundFen > 0)
        {
            order.ReleaseRefund(Id, RefundFen, at);
        }
    }

    private void EnsureOrder(Order order)
    {
        if (order.Id != OrderId)
        {
            throw new InvalidOperationException($"Case {CaseNo} is on order {OrderId}, not {order.Id}.");
        }
    }

    private static void RequireNote(string? note, string field)
    {
        if (string.IsNullOrWhiteSpace(note) || note.Length > NoteMaxLength)
        {
            throw new KefuDeskException(AfterSalesErrors.CaseInvalid, field + ": 1 to 200 characters");
        }
    }

    private static void OptionalNote(string? note)
    {
        if (note is { Length: > NoteMaxLength })
        {
            throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "note: at most 200 characters");
        }
    }

    private static void RequireParcel(string carrier, string trackingNo)
    {
        if (carrier.Length is < 1 or > 50 || trackingNo.Length is < 4 or > 64 || !trackingNo.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "carrier: 1 to 50 characters; trackingNo: 4 to 64 letters, digits or -");
        }
    }
}
