namespace KefuDesk.Infrastructure.Hosting;

/// <summary>The <c>KefuDesk</c> configuration section.</summary>
public sealed class KefuDeskOptions
{
    public const string Section = "KefuDesk";

    /// <summary>Write demo shops, staff and conversations into an empty database, and print the demo sign-ins.</summary>
    public bool Demo { get; set; }

    /// <summary>The first administrator, for unattended installs. Without it, /setup asks.</summary>
    public FirstAdminOptions? FirstAdmin { get; set; }

    /// <summary>
    /// The address buyers and channels reach this installation on (https://kefu.example.com), for
    /// links that leave the site: files sent to IM bridges, survey links in email. Without it, the
    /// first address the server listens on.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// How many refused hub calls of one error code are logged per minute (one line each); the rest are
    /// counted and summed up in one warning, so a buyer repeating a refused call cannot flood the log.
    /// </summary>
    public int RefusalLogLinesPerMinute { get; set; } = 20;

    /// <summary>How many messages a buyer may send at once before being slowed down (flood protection).</summary>
    public int BuyerMessageBurst { get; set; } = 10;

    /// <summary>How many messages a second a buyer may keep sending after the burst.</summary>
    public double BuyerMessagesPerSecond { get; set; } = 2;

    /// <summary>Sign-in attempts, account lockout and new chat visitors, per address, account and shop.</summary>
    public RateLimiting.LimitsOptions Limits { get; set; } = new();
}

public sealed class FirstAdminOptions
{
    public string OrganisationName { get; set; } = "我的公司";
    public string ShopName { get; set; } = "我的店铺";
    public string UserName { get; set; } = "admin";
    public string DisplayName { get; set; } = "管理员";
    public string? Password { get; set; }
}
