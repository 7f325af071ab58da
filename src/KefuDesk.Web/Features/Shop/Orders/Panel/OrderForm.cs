namespace KefuDesk.Features.Shop.Orders.Panel;

/// <summary>What the agent types into an order action's form (one form open at a time).</summary>
public sealed class OrderForm
{
    public string ReceiverName { get; set; } = "";
    public string ReceiverPhone { get; set; } = "";
    public string Address { get; set; } = "";
    public string? Remark { get; set; }
    public string Reason { get; set; } = "";
    public string Carrier { get; set; } = "";
    public string TrackingNo { get; set; } = "";
    public string NewTotal { get; set; } = "";
    public Guid TemplateId { get; set; }
    public LabelFormat LabelFormat { get; set; } = LabelFormat.Thermal;

    /// <summary>A fresh form for the action, with what may be shown filled in (masked values are not: they would be saved as typed).</summary>
    public static OrderForm For(OrderDetails d, bool fullPersonalData, IReadOnlyList<ReminderTemplateView> templates) => new()
    {
        ReceiverName = d.ReceiverName,
        ReceiverPhone = fullPersonalData ? d.ReceiverPhone ?? "" : "",
        Address = fullPersonalData ? d.Address ?? "" : "",
        Remark = d.Remark,
        Carrier = d.Carrier ?? "",
        TemplateId = templates.Count > 0 ? templates[0].Id : Guid.Empty,
    };
}
