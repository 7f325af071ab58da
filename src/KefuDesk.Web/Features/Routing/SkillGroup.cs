namespace KefuDesk.Features.Routing;

/// <summary>售前 pre-sales or 售后 after-sales: KPIs split service by this type.</summary>
public enum ServiceType
{
    PreSales,
    AfterSales,
}

/// <summary>
/// A team of agents for one kind of question in a shop (售前, 售后, VIP…). Conversations carry
/// their group from the start; routing rules and distribution strategies arrive with the Routing work.
/// </summary>
public sealed class SkillGroup
{
    private SkillGroup() { }

    public SkillGroup(Guid id, Guid shopId, string name, ServiceType? serviceType)
    {
        Id = id;
        ShopId = shopId;
        Name = name;
        ServiceType = serviceType;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public string Name { get; private set; } = "";
    public ServiceType? ServiceType { get; private set; }
}
