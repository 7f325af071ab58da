using KefuDesk.Features.Routing.Groups;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Routing;

/// <summary>售前 pre-sales or 售后 after-sales: KPIs split service by this type.</summary>
public enum ServiceType
{
    PreSales,
    AfterSales,
}

/// <summary>How a group shares its buyers among the agents who can take one.</summary>
public enum DistributionStrategy
{
    /// <summary>平均分流: fewest open conversations, then longest since the last assignment.</summary>
    Balanced,

    /// <summary>轮流分配: each agent in turn.</summary>
    RoundRobin,

    /// <summary>权重分流: open conversations in proportion to each agent's weight.</summary>
    Weighted,
}

/// <summary>
/// A team of agents for one kind of question in a shop (售前, 售后, VIP…): who is in it, how buyers
/// are shared, what buyers are told automatically and when the group serves.
/// </summary>
public sealed class SkillGroup
{
    public const int NameMaxLength = 50;
    public const int TextMaxLength = 500;

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

    /// <summary>Buyers no entry rule sends elsewhere come here.</summary>
    public bool IsDefault { get; private set; }

    public DistributionStrategy Strategy { get; private set; }

    /// <summary>A returning buyer goes back to the agent who served them within this many days, if that agent can take them (0: off).</summary>
    public int StickyDays { get; private set; }

    /// <summary>Sent as soon as an agent is assigned, e.g. 您好亲!欢迎光临,很高兴为您服务!(empty: none).</summary>
    public string Greeting { get; private set; } = "";

    /// <summary>Sent when the assigned agent has not answered the buyer for <see cref="WaitNoticeSeconds"/>.</summary>
    public string WaitNotice { get; private set; } = "";

    public int WaitNoticeSeconds { get; private set; } = 60;

    /// <summary>Sent when the buyer has to queue; {0} is their place in the queue.</summary>
    public string BusyReply { get; private set; } = "";

    /// <summary>Sent outside business hours; the buyer's message is kept as a 留言.</summary>
    public string AfterHoursReply { get; private set; } = "";

    /// <summary>After this long in the queue the buyer goes to <see cref="OverflowGroupId"/>, or leaves a 留言 (0: waits).</summary>
    public int QueueTimeoutSeconds { get; private set; }

    public Guid? OverflowGroupId { get; private set; }

    /// <summary>An agent who has not answered a newly assigned buyer in this long loses them to the next agent (0: never).</summary>
    public int AnswerTimeoutSeconds { get; private set; }

    /// <summary>An agent going offline hands their open conversations back to the queue.</summary>
    public bool RerouteWhenOffline { get; private set; } = true;

    /// <summary>Null: the shop's hours (and none set: always open). JSON of <see cref="BusinessHours"/>.</summary>
    public string? Hours { get; private set; }

    /// <summary>Round robin: the agent who got the last buyer.</summary>
    public Guid? LastAgentId { get; private set; }

    public void Rename(string name, ServiceType? serviceType)
    {
        name = name.Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"group name 1–{NameMaxLength} characters");
        }

        Name = name;
        ServiceType = serviceType;
    }

    public void Configure(GroupSettings s)
    {
        if (s.StickyDays is < 0 or > 90 || s.WaitNoticeSeconds is < 0 or > 3600 || s.QueueTimeoutSeconds is < 0 or > 86_400
            || s.AnswerTimeoutSeconds is < 0 or > 3600 || s.OverflowGroupId == Id
            || new[] { s.Greeting, s.WaitNotice, s.BusyReply, s.AfterHoursReply }.Any(t => (t ?? "").Length > TextMaxLength))
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid,
                "sticky days 0–90, wait notice 0–3600 s, queue timeout 0–86400 s, answer timeout 0–3600 s, texts at most 500 characters, no overflow into itself");
        }

        Strategy = s.Strategy;
        StickyDays = s.StickyDays;
        Greeting = (s.Greeting ?? "").Trim();
        WaitNotice = (s.WaitNotice ?? "").Trim();
        WaitNoticeSeconds = s.WaitNoticeSeconds;
        BusyReply = (s.BusyReply ?? "").Trim();
        AfterHoursReply = (s.AfterHoursReply ?? "").Trim();
        QueueTimeoutSeconds = s.QueueTimeoutSeconds;
        OverflowGroupId = s.OverflowGroupId;
        AnswerTimeoutSeconds = s.AnswerTimeoutSeconds;
        RerouteWhenOffline = s.RerouteWhenOffline;
        Hours = s.Hours?.Checked().ToJson();
    }

    public void MakeDefault(bool isDefault) => IsDefault = isDefault;

    public void Served(Guid agentId) => LastAgentId = agentId;
}

/// <summary>A group's routing settings, as admins edit them.</summary>
public sealed record GroupSettings(
    DistributionStrategy Strategy = DistributionStrategy.Balanced,
    int StickyDays = 0,
    string? Greeting = null,
    string? WaitNotice = null,
    int WaitNoticeSeconds = 60,
    string? BusyReply = null,
    string? AfterHoursReply = null,
    int QueueTimeoutSeconds = 0,
    Guid? OverflowGroupId = null,
    int AnswerTimeoutSeconds = 0,
    bool RerouteWhenOffline = true,
    BusinessHours? Hours = null);
