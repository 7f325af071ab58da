using KefuDesk.Features.AfterSales;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>
/// The case's state machine, table-driven: from every status each kind can reach, every step (and
/// inspection both ways) is tried; the legal ones land where the table below says, every other one
/// is refused with case_step_not_allowed and changes nothing, the order's money included.
/// </summary>
public sealed class CasePathTests
{
    private const long Paid = 30_000;
    private const long Refund = 12_000;

    /// <summary>Inspect is tried passed and failed; the others have one form.</summary>
    public enum Move { Review, Approve, Reject, Withdraw, BuyerReturned, InspectPassed, InspectFailed, CompleteRefund, Fulfil }

    /// <summary>The legal moves, written out by hand from docs/after-sales.md (not derived from the code under test).</summary>
    private static readonly Dictionary<CaseKind, (CaseStatus From, Move Move, CaseStatus To)[]> Legal = new()
    {
        [CaseKind.ReturnAndRefund] =
        [
            (CaseStatus.Applied, Move.Review, CaseStatus.UnderReview),
            (CaseStatus.Applied, Move.Withdraw, CaseStatus.Withdrawn),
            (CaseStatus.UnderReview, Move.Approve, CaseStatus.AwaitingBuyerReturn),
            (CaseStatus.UnderReview, Move.Reject, CaseStatus.Rejected),
            (CaseStatus.UnderReview, Move.Withdraw, CaseStatus.Withdrawn),
            (CaseStatus.AwaitingBuyerReturn, Move.BuyerReturned, CaseStatus.Returned),
            (CaseStatus.AwaitingBuyerReturn, Move.Withdraw, CaseStatus.Withdrawn),
            (CaseStatus.Returned, Move.InspectPassed, CaseStatus.Inspected),
            (CaseStatus.Returned, Move.InspectFailed, CaseStatus.Rejected),
            (CaseStatus.Inspected, Move.CompleteRefund, CaseStatus.Refunded),
        ],
        [CaseKind.RefundOnly] =
        [
            (CaseStatus.Applied, Move.Review, CaseStatus.UnderReview),
            (CaseStatus.Applied, Move.Withdraw, CaseStatus.Withdrawn),
            (CaseStatus.UnderReview, Move.Approve, CaseStatus.Approved),
            (CaseStatus.UnderReview, Move.Reject, CaseStatus.Rejected),
            (CaseStatus.UnderReview, Move.Withdraw, CaseStatus.Withdrawn),
            (CaseStatus.Approved, Move.CompleteRefund, CaseStatus.Refunded),
            (CaseStatus.Approved, Move.Withdraw, CaseStatus.Withdrawn),
        ],
        [CaseKind.Exchange] = GoodsBack(),
        [CaseKind.Repair] = GoodsBack(),
        [CaseKind.Reship] =
        [
            (CaseStatus.Applied, Move.Review, CaseStatus.UnderReview),
            (CaseStatus.Applied, Move.Withdraw, CaseStatus.Withdrawn),
            (CaseStatus.UnderReview, Move.Approve, CaseStatus.Approved),
            (CaseStatus.UnderReview, Move.Reject, CaseStatus.Rejected),
            (CaseStatus.UnderReview, Move.Withdraw, CaseStatus.Withdrawn),
            (CaseStatus.Approved, Move.Fulfil, CaseStatus.Completed),
            (CaseStatus.Approved, Move.Withdraw, CaseStatus.Withdrawn),
        ],
    };

    private static readonly CaseActor Agent = new(Guid.NewGuid(), "小美", false);

    private static (CaseStatus, Move, CaseStatus)[] GoodsBack() =>
    [
        (CaseStatus.Applied, Move.Review, CaseStatus.UnderReview),
        (CaseStatus.Applied, Move.Withdraw, CaseStatus.Withdrawn),
        (CaseStatus.UnderReview, Move.Approve, CaseStatus.AwaitingBuyerReturn),
        (CaseStatus.UnderReview, Move.Reject, CaseStatus.Rejected),
        (CaseStatus.UnderReview, Move.Withdraw, CaseStatus.Withdrawn),
        (CaseStatus.AwaitingBuyerReturn, Move.BuyerReturned, CaseStatus.Returned),
        (CaseStatus.AwaitingBuyerReturn, Move.Withdraw, CaseStatus.Withdrawn),
        (CaseStatus.Returned, Move.InspectPassed, CaseStatus.Inspected),
        (CaseStatus.Returned, Move.InspectFailed, CaseStatus.Rejected),
        (CaseStatus.Inspected, Move.Fulfil, CaseStatus.Completed),
    ];

    /// <summary>Every (kind, reachable status, move): 5 kinds × their statuses × 9 moves.</summary>
    public static IEnumerable<object[]> EveryMove() =>
        from kind in Enum.GetValues<CaseKind>()
        from status in Reachable(kind)
        from move in Enum.GetValues<Move>()
        select new object[] { kind, status, move };

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void A_move_is_taken_only_where_the_path_allows_it(CaseKind kind, CaseStatus from, Move move)
    {
        var (subject, order) = CaseAt(kind, from);
        var before = (subject.Version, order.RefundClaimedFen, order.RefundedFen);
        var expected = Legal[kind].Where(l => l.From == from && l.Move == move).Select(l => (CaseStatus?)l.To).FirstOrDefault();

        if (expected is { } to)
        {
            Take(subject, order, move);
            Assert.Equal(to, subject.Status);
            Assert.Equal(before.Version + 1, subject.Version);
            Assert.Equal(CasePaths.IsFinal(to), subject.DueAt is null);
            var refund = subject.RefundFen;
            var (claimed, refunded) = to switch
            {
                CaseStatus.Rejected or CaseStatus.Withdrawn => (0L, 0L),
                CaseStatus.Refunded or CaseStatus.Completed => (refund, refund),
                _ => (refund, 0L),
            };
            Assert.Equal((claimed, refunded), (order.RefundClaimedFen, order.RefundedFen));
        }
        else
        {
            var refused = Assert.Throws<KefuDeskException>(() => Take(subject, order, move));
            Assert.Equal(AfterSalesErrors.StepNotAllowed, refused.Error);
            Assert.Contains(from.ToString(), refused.Message, StringComparison.Ordinal);
            Assert.Equal(from, subject.Status);
            Assert.Equal(before, (subject.Version, order.RefundClaimedFen, order.RefundedFen));
        }
    }

    [Fact]
    public void The_code_offers_exactly_the_steps_of_the_table()
    {
        foreach (var kind in Enum.GetValues<CaseKind>())
        {
            foreach (var status in Enum.GetValues<CaseStatus>())
            {
                var table = Legal[kind].Where(l => l.From == status)
                    .Select(l => l.Move switch { Move.InspectPassed or Move.InspectFailed => CaseStep.Inspect, var m => Enum.Parse<CaseStep>(m.ToString()) })
                    .Distinct().Order();
                Assert.Equal(table, CasePaths.StepsFrom(kind, status).Order());
            }
        }
    }

    [Fact]
    public void Above_the_limit_only_a_supervisor_approves_and_a_refused_approval_changes_nothing()
    {
        var order = PaidOrder();
        var subject = Open(order, CaseKind.RefundOnly, 20_001, new OrderRules { RefundApprovalAboveFen = 20_000 });
        subject.Review(Agent, Now);
        Assert.True(subject.NeedsSupervisor);

        var refused = Assert.Throws<KefuDeskException>(() => subject.Approve(Agent, Now));
        Assert.Equal(AfterSalesErrors.NeedsSupervisor, refused.Error);
        Assert.Equal(CaseStatus.UnderReview, subject.Status);
        Assert.False(subject.Allows(CaseStep.Approve, Agent));

        var supervisor = new CaseActor(Guid.NewGuid(), "主管", true);
        Assert.True(subject.Allows(CaseStep.Approve, supervisor));
        subject.Approve(supervisor, Now);
        Assert.Equal(CaseStatus.Approved, subject.Status);

        var atLimit = Open(PaidOrder(), CaseKind.RefundOnly, 20_000, new OrderRules { RefundApprovalAboveFen = 20_000 });
        Assert.False(atLimit.NeedsSupervisor);
    }

    [Fact]
    public void Once_reviewed_the_case_is_its_reviewers_and_a_colleague_may_not_act_but_a_supervisor_may()
    {
        var order = PaidOrder();
        var subject = Open(order, CaseKind.ReturnAndRefund, Refund);
        subject.Review(Agent, Now);
        var colleague = new CaseActor(Guid.NewGuid(), "小丽", false);

        Assert.Equal(Agent.Id, subject.OwnerId);
        Assert.Equal(AfterSalesErrors.NotYours, Assert.Throws<KefuDeskException>(() => subject.Reject(colleague, "不行", order, Now)).Error);
        Assert.Equal(CaseStatus.UnderReview, subject.Status);
        Assert.Equal(Refund, order.RefundClaimedFen);
        subject.Reject(new CaseActor(Guid.NewGuid(), "主管", true), "超过七天", order, Now);
        Assert.Equal(CaseStatus.Rejected, subject.Status);
        Assert.Equal(0, order.RefundClaimedFen);
    }

    [Fact]
    public void Refunds_of_all_cases_of_an_order_never_exceed_what_was_paid()
    {
        var order = PaidOrder();
        var first = Open(order, CaseKind.RefundOnly, 20_000);
        Assert.Equal(AfterSalesErrors.RefundTooLarge,
            Assert.Throws<KefuDeskException>(() => Open(order, CaseKind.ReturnAndRefund, Paid - 20_000 + 1)).Error);
        Assert.Equal(20_000, order.RefundClaimedFen);

        var second = Open(order, CaseKind.ReturnAndRefund, Paid - 20_000);
        Assert.Equal(0, order.RefundableFen);
        first.Withdraw(Agent, null, order, Now);
        Assert.Equal(20_000, order.RefundableFen);
        _ = second;
    }

    [Fact]
    public void Refund_kinds_need_an_amount_and_returns_need_the_goods_shipped()
    {
        Assert.Equal(AfterSalesErrors.CaseInvalid, Assert.Throws<KefuDeskException>(() => Open(PaidOrder(), CaseKind.RefundOnly, 0)).Error);
        Assert.Equal(AfterSalesErrors.CaseInvalid, Assert.Throws<KefuDeskException>(() => Open(PaidOrder(), CaseKind.Exchange, -1)).Error);
        var unpaid = new Order(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "T-1", OrderStatus.AwaitingPayment, Now, "买家", "13800000000", "上海");
        Assert.Equal(AfterSalesErrors.OrderNotEligible, Assert.Throws<KefuDeskException>(() => Open(unpaid, CaseKind.RefundOnly, 100)).Error);
        var notShipped = PaidOrder(OrderStatus.AwaitingShipment);
        Assert.Equal(AfterSalesErrors.OrderNotEligible, Assert.Throws<KefuDeskException>(() => Open(notShipped, CaseKind.Exchange, 0)).Error);
        Assert.Equal(CaseStatus.Applied, Open(notShipped, CaseKind.RefundOnly, 100).Status); // 未发货仅退款
    }

    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    private static IEnumerable<CaseStatus> Reachable(CaseKind kind)
    {
        var seen = new List<CaseStatus> { CaseStatus.Applied };
        for (var i = 0; i < seen.Count; i++)
        {
            seen.AddRange(Legal[kind].Where(l => l.From == seen[i] && !seen.Contains(l.To)).Select(l => l.To).Distinct());
        }

        return seen;
    }

    /// <summary>A fresh case of the kind walked to the status along the table's first path there.</summary>
    private static (AfterSalesCase Case, Order Order) CaseAt(CaseKind kind, CaseStatus status)
    {
        var order = PaidOrder();
        var subject = Open(order, kind, CasePaths.EndsInRefund(kind) ? Refund : 0);
        var path = new Dictionary<CaseStatus, Move[]> { [CaseStatus.Applied] = [] };
        var queue = new Queue<CaseStatus>([CaseStatus.Applied]);
        while (queue.TryDequeue(out var at))
        {
            foreach (var (_, move, to) in Legal[kind].Where(l => l.From == at && !path.ContainsKey(l.To)))
            {
                path[to] = [.. path[at], move];
                queue.Enqueue(to);
            }
        }

        foreach (var move in path[status])
        {
            Take(subject, order, move);
        }

        return (subject, order);
    }

    private static void Take(AfterSalesCase subject, Order order, Move move)
    {
        switch (move)
        {
            case Move.Review: subject.Review(Agent, Now); break;
            case Move.Approve: subject.Approve(Agent, Now); break;
            case Move.Reject: subject.Reject(Agent, "不符合售后条件", order, Now); break;
            case Move.Withdraw: subject.Withdraw(Agent, null, order, Now); break;
            case Move.BuyerReturned: subject.BuyerReturned(Agent, "顺丰速运", "SF1234567890", Now); break;
            case Move.InspectPassed: subject.Inspect(Agent, true, null, order, Now); break;
            case Move.InspectFailed: subject.Inspect(Agent, false, "包装已拆,影响二次销售", order, Now); break;
            case Move.CompleteRefund: subject.CompleteRefund(Agent, order, Now); break;
            case Move.Fulfil: subject.Fulfil(Agent, "顺丰速运", "SF0987654321", order, Now); break;
        }
    }

    private static Order PaidOrder(OrderStatus status = OrderStatus.Delivered)
    {
        var order = new Order(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "T-" + Guid.NewGuid().ToString("N")[..8], status, Now, "买家", "13800000000",
            "上海市");
        order.AddItem(Guid.NewGuid(), null, "SKU-1", "测试商品", Paid, 1);
        order.RecordPayment(Paid, Now);
        return order;
    }

    private static AfterSalesCase Open(Order order, CaseKind kind, long refundFen, OrderRules? rules = null) =>
        AfterSalesCase.Open(Guid.NewGuid(), "SH202611230001", order, null, kind, CaseReason.QualityProblem, "", refundFen, [], rules ?? new OrderRules(),
            Agent, Now, Now.AddMinutes(20));
}
