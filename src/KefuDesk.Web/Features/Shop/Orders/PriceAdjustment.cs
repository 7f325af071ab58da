using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Features.Shop.Orders;

public enum AdjustmentStatus
{
    Pending,
    Approved,
    Rejected,

    /// <summary>The order moved on (paid, closed, re-priced) before a supervisor decided.</summary>
    Lapsed,
}

/// <summary>
/// An agent's 改价 beyond their limit, waiting for a supervisor. Approving applies it to the order
/// in the same transaction, if the order is still what the agent saw.
/// </summary>
public sealed class PriceAdjustment
{
    private PriceAdjustment() { }

    public PriceAdjustment(Guid id, Guid shopId, Guid orderId, string orderNo, long fromTotalFen, long toTotalFen, string reason,
        Guid requestedBy, string requestedByName, Guid? conversationId, DateTime at)
    {
        Id = id;
        ShopId = shopId;
        OrderId = orderId;
        OrderNo = orderNo;
        FromTotalFen = fromTotalFen;
        ToTotalFen = toTotalFen;
        Reason = reason;
        RequestedBy = requestedBy;
        RequestedByName = requestedByName;
        ConversationId = conversationId;
        RequestedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid OrderId { get; private set; }
    public string OrderNo { get; private set; } = "";
    public long FromTotalFen { get; private set; }
    public long ToTotalFen { get; private set; }
    public string Reason { get; private set; } = "";
    public Guid RequestedBy { get; private set; }
    public string RequestedByName { get; private set; } = "";
    public Guid? ConversationId { get; private set; }
    public DateTime RequestedAt { get; private set; }
    public AdjustmentStatus Status { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }

    public long CutFen => FromTotalFen - ToTotalFen;

    public void Approve(Guid supervisorId, string name, DateTime at) => Decide(AdjustmentStatus.Approved, supervisorId, name, null, at);

    public void Reject(Guid supervisorId, string name, string? note, DateTime at) => Decide(AdjustmentStatus.Rejected, supervisorId, name, note, at);

    public void Lapse(DateTime at) => Decide(AdjustmentStatus.Lapsed, null, null, null, at);

    private void Decide(AdjustmentStatus outcome, Guid? by, string? name, string? note, DateTime at)
    {
        if (Status != AdjustmentStatus.Pending)
        {
            throw new KefuDeskException(OrderErrors.AdjustmentDecided, Status.ToString());
        }

        (Status, DecidedBy, DecidedByName, DecidedAt, DecisionNote) = (outcome, by, name, at, note);
    }
}

/// <summary>A 催付 reminder sent for an unpaid order (at most a few per order in 24 hours).</summary>
public sealed class PaymentReminder
{
    private PaymentReminder() { }

    public PaymentReminder(Guid id, Guid orderId, Guid conversationId, Guid agentId, string text, DateTime at)
    {
        (Id, OrderId, ConversationId, AgentId, Text, At) = (id, orderId, conversationId, agentId, text, at);
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid AgentId { get; private set; }
    public string Text { get; private set; } = "";
    public DateTime At { get; private set; }
}

/// <summary>A shop's own 催付 wording, with {买家} {订单号} {金额} filled in when sent.</summary>
public sealed class ReminderTemplate
{
    public const int NameMaxLength = 50;
    public const int TextMaxLength = 300;

    private ReminderTemplate() { }

    public ReminderTemplate(Guid id, Guid shopId, string name, string text, DateTime at)
    {
        Id = id;
        ShopId = shopId;
        CreatedAt = at;
        Change(name, text);
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public string Name { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public void Change(string name, string text)
    {
        name = InputText.Accepted(name, "name").Trim();
        text = InputText.Accepted(text, "text").Trim();
        if (name.Length is 0 or > NameMaxLength || text.Length is 0 or > TextMaxLength)
        {
            throw new KefuDeskException(OrderErrors.TemplateInvalid);
        }

        (Name, Text) = (name, text);
    }

    /// <summary>A wording as the buyer reads it, when sent and in the settings page's preview.</summary>
    public static string Fill(string text, string buyer, string orderNo, long totalFen) =>
        text.Replace("{买家}", buyer).Replace("{订单号}", orderNo).Replace("{金额}", Components.Display.Yuan(totalFen));
}

/// <summary>Who printed which shipping labels, when, in which format (one row per order in a batch).</summary>
public sealed class LabelPrint
{
    private LabelPrint() { }

    public LabelPrint(Guid id, Guid batchId, Guid shopId, Guid orderId, LabelFormat format, Guid agentId, string agentName, DateTime at)
    {
        (Id, BatchId, ShopId, OrderId, Format, AgentId, AgentName, At) = (id, batchId, shopId, orderId, format, agentId, agentName, at);
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid OrderId { get; private set; }
    public LabelFormat Format { get; private set; }
    public Guid AgentId { get; private set; }
    public string AgentName { get; private set; } = "";
    public DateTime At { get; private set; }
}

public enum LabelFormat
{
    /// <summary>Plain A4 paper, several labels to a page.</summary>
    A4,

    /// <summary>100 × 150 mm thermal label, one per order.</summary>
    Thermal,
}
