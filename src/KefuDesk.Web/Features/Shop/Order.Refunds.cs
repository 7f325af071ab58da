using KefuDesk.Features.AfterSales;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Shop;

/// <summary>
/// After-sales claims on the paid amount. A case claims its refund when it opens, releases it when
/// rejected or withdrawn, and confirms it when the money goes back, so the refunds of all cases of
/// an order never add up to more than the buyer paid. Each change calls <see cref="Touch"/>: of two
/// cases claiming at once, the second save fails on <see cref="Version"/>.
/// </summary>
public sealed partial class Order
{
    /// <summary>What may still be claimed: paid, less what open cases hold and what was refunded.</summary>
    public long RefundableFen => Math.Max(0, PaidFen - RefundClaimedFen);

    public void ClaimRefund(Guid caseId, long fen, DateTime at)
    {
        if (fen <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fen), "A claim is more than nothing.");
        }

        if (PaidFen <= 0)
        {
            throw new KefuDeskException(AfterSalesErrors.OrderNotEligible, "the order is not paid");
        }

        if (fen > RefundableFen)
        {
            throw new KefuDeskException(AfterSalesErrors.RefundTooLarge, $"at most {RefundableFen} fen of {PaidFen} fen paid");
        }

        RefundClaimedFen += fen;
        Touch(at);
        Raise(new OrderRefundClaimed(Id, ShopId, caseId, fen, RefundClaimedFen, at));
    }

    /// <summary>A rejected or withdrawn case gives its claim back.</summary>
    public void ReleaseRefund(Guid caseId, long fen, DateTime at)
    {
        if (fen <= 0 || fen > RefundClaimedFen - RefundedFen)
        {
            throw new InvalidOperationException($"Order {OrderNo} holds {RefundClaimedFen - RefundedFen} fen in open claims, not {fen}.");
        }

        RefundClaimedFen -= fen;
        Touch(at);
        Raise(new OrderRefundReleased(Id, ShopId, caseId, fen, RefundClaimedFen, at));
    }

    /// <summary>The claimed money went back to the buyer.</summary>
    public void ConfirmRefund(Guid caseId, long fen, DateTime at)
    {
        if (fen <= 0 || RefundedFen + fen > RefundClaimedFen)
        {
            throw new InvalidOperationException($"Order {OrderNo} cannot refund {fen} fen: {RefundClaimedFen} claimed, {RefundedFen} refunded.");
        }

        RefundedFen += fen;
        Touch(at);
        Raise(new OrderRefunded(Id, ShopId, caseId, fen, RefundedFen, at));
    }
}

public sealed record OrderRefundClaimed(Guid OrderId, Guid ShopId, Guid CaseId, long Fen, long ClaimedFen, DateTime At) : IDomainEvent
{
    public string Name => "order.refund_claimed";
}

public sealed record OrderRefundReleased(Guid OrderId, Guid ShopId, Guid CaseId, long Fen, long ClaimedFen, DateTime At) : IDomainEvent
{
    public string Name => "order.refund_released";
}

public sealed record OrderRefunded(Guid OrderId, Guid ShopId, Guid CaseId, long Fen, long RefundedFen, DateTime At) : IDomainEvent
{
    public string Name => "order.refunded";
}
