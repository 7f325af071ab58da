namespace KefuDesk.Features.Shop;

/// <summary>
/// A storefront (a Tmall store, a JD store, the brand's own site). Buyers reach it through its
/// widget key; conversations, products and orders belong to one shop.
/// </summary>
public sealed class Shop
{
    public const int NameMaxLength = 100;

    private Shop() { }

    public Shop(Guid id, Guid organisationId, string name, string widgetKey, string platform, DateTime createdAt)
    {
        Id = id;
        OrganisationId = organisationId;
        Name = name;
        WidgetKey = widgetKey;
        Platform = platform;
        CreatedAt = createdAt;
        RotateWidgetSecret();
        RotateSyncSecret();
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Public key in the shop's embed snippet; not a secret.</summary>
    public string WidgetKey { get; private set; } = "";

    /// <summary>Where the shop sells: taobao, tmall, jd, pdd, own… (free text for now).</summary>
    public string Platform { get; private set; } = "";

    /// <summary>IANA time zone; a shop's "day" for KPIs is its local calendar day.</summary>
    public string TimeZone { get; private set; } = "Asia/Shanghai";

    public DateTime CreatedAt { get; private set; }

    /// <summary>
    /// Secret for signed buyer identities: the shop's site signs its customer id with it (HMAC-SHA256)
    /// so the widget can say who the buyer is. Never sent to browsers.
    /// </summary>
    public string WidgetSecret { get; private set; } = "";

    /// <summary>Origins (scheme://host[:port]) whose pages may embed the widget, one per line; empty means only our own.</summary>
    public string AllowedOrigins { get; private set; } = "";

    public ServicePolicy Policy { get; private set; } = new();

    /// <summary>Limits on order and money actions: what an agent may do alone, what needs a supervisor.</summary>
    public OrderRules OrderRules { get; private set; } = new();

    public void ChangeOrderRules(OrderRules rules) => OrderRules = rules.Checked();

    /// <summary>
    /// Secret the shop platform signs sync webhooks with (HMAC-SHA256 of the body); per shop, never
    /// sent to browsers.
    /// </summary>
    public string SyncSecret { get; private set; } = "";

    public void RotateSyncSecret() =>
        SyncSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>When the shop serves (JSON of <see cref="Routing.Groups.BusinessHours"/>); null: always. Groups may set their own.</summary>
    public string? Hours { get; private set; }

    public void ChangeHours(Routing.Groups.BusinessHours? hours) => Hours = hours?.Checked().ToJson();

    public PreChatForm PreChat { get; private set; } = new();

    public void ChangePreChat(PreChatForm form) => PreChat = form;

    public void ChangePolicy(ServicePolicy policy) => Policy = policy.Checked();

    /// <summary>A new secret: identities signed with the old one stop working at once (use it when the old one leaked).</summary>
    public void RotateWidgetSecret() =>
        WidgetSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public void AllowOrigins(IEnumerable<string> origins) =>
        AllowedOrigins = string.Join('\n', origins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).Distinct());
}

/// <summary>How a shop's conversations end and start again.</summary>
public sealed record ServicePolicy
{
    /// <summary>A buyer writing within this long after resolution reopens the same conversation.</summary>
    public int ReopenWindowMinutes { get; init; } = 30;

    /// <summary>Resolve a conversation nobody has written in for this long, when the buyer is not waiting (0: never).</summary>
    public int AutoResolveMinutes { get; init; } = 30;

    /// <summary>The closing message of an automatic resolution, in the shop's own words; empty: a standard one.</summary>
    public string AutoResolveMessage { get; init; } = "";

    /// <summary>Agents must record category and summary (咨询记录) to resolve.</summary>
    public bool RequireConsultationRecord { get; init; } = true;

    /// <summary>Invite the buyer to rate each resolved episode (满意度评价).</summary>
    public bool SendSurvey { get; init; } = true;

    /// <summary>A buyer unanswered this long shows amber in 待回复 (the shop's own aim: an answer within a minute).</summary>
    public int ReplyWarnSeconds { get; init; } = 60;

    /// <summary>Unanswered this long shows red (the platforms judge a reply later than 3 minutes slow).</summary>
    public int ReplyLateSeconds { get; init; } = 180;

    public TimeSpan ReopenWindow => TimeSpan.FromMinutes(ReopenWindowMinutes);

    /// <summary>Whether every value is in range: windows 0 minutes to 7 days, message ≤ 500, 5 s ≤ amber &lt; red ≤ 1 day.</summary>
    public bool IsValid =>
        ReopenWindowMinutes is >= 0 and <= 7 * 24 * 60 && AutoResolveMinutes is >= 0 and <= 7 * 24 * 60 && (AutoResolveMessage?.Length ?? 0) <= 500
        && ReplyWarnSeconds is >= 5 and <= 3600 && ReplyLateSeconds > ReplyWarnSeconds && ReplyLateSeconds <= 24 * 3600;

    public ServicePolicy Checked() =>
        IsValid ? this : throw new ArgumentOutOfRangeException(nameof(ServicePolicy),
            "Windows are 0 minutes to 7 days; the message at most 500 characters; reply thresholds 5 s to 1 hour, red after amber, at most a day.");
}

/// <summary>What an agent may do to orders and money alone; above these a supervisor approves.</summary>
public sealed record OrderRules
{
    /// <summary>The largest 改价 reduction an agent may give alone, in fen (default ¥20).</summary>
    public long AgentPriceCutLimitFen { get; init; } = 2_000;

    /// <summary>After-sales refunds above this (in fen) need a supervisor's approval (default ¥200).</summary>
    public long RefundApprovalAboveFen { get; init; } = 20_000;

    /// <summary>An after-sales case must get its first review within this many service-hour minutes.</summary>
    public int FirstReviewMinutes { get; init; } = 20;

    /// <summary>催付 reminders per order in any 24 hours.</summary>
    public int PaymentRemindersPerDay { get; init; } = 3;

    public OrderRules Checked() =>
        AgentPriceCutLimitFen is < 0 or > 100_000_000 || RefundApprovalAboveFen is < 0 or > 100_000_000
            || FirstReviewMinutes is < 1 or > 7 * 24 * 60 || PaymentRemindersPerDay is < 0 or > 3
            ? throw new ArgumentOutOfRangeException(nameof(OrderRules),
                "Limits are ¥0 to ¥1,000,000; the first review 1 minute to 7 days; at most 3 reminders a day.")
            : this;
}

/// <summary>The optional form a buyer fills in before chatting (售前留资): which fields, and whether they must.</summary>
public sealed record PreChatForm
{
    public bool Enabled { get; init; }
    public bool AskName { get; init; } = true;
    public bool AskPhone { get; init; } = true;
    public bool AskEmail { get; init; }

    /// <summary>The buyer must fill the asked fields before the first message; otherwise they may skip.</summary>
    public bool Required { get; init; }
}
