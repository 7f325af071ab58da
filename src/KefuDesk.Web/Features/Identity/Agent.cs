using Microsoft.AspNetCore.Identity;

namespace KefuDesk.Features.Identity;

/// <summary>
/// A staff user: agent, supervisor or admin (roles in <see cref="StaffRoles"/>). Buyers are
/// <see cref="Customers.Customer"/>s and never sign in here.
/// </summary>
public sealed class Agent : IdentityUser<Guid>
{
    public const int NameMaxLength = 50;

    private readonly List<AgentShop> _shops = [];

    private Agent() { }

    public Agent(Guid id, Guid organisationId, string userName, string displayName, string nickname, DateTime createdAt)
        : base(userName)
    {
        Id = id;
        OrganisationId = organisationId;
        DisplayName = displayName;
        Nickname = nickname;
        CreatedAt = createdAt;
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public Guid OrganisationId { get; private set; }

    /// <summary>Real name, seen by colleagues.</summary>
    public string DisplayName { get; private set; } = "";

    /// <summary>Name buyers see, e.g. 小美 (shops often use a service nickname).</summary>
    public string Nickname { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyCollection<AgentShop> Shops => _shops;

    public void Serve(Guid shopId)
    {
        if (_shops.All(s => s.ShopId != shopId))
        {
            _shops.Add(new AgentShop(Id, shopId));
        }
    }
}

/// <summary>An agent may serve several shops of the organisation.</summary>
public sealed class AgentShop(Guid agentId, Guid shopId)
{
    public Guid AgentId { get; private set; } = agentId;
    public Guid ShopId { get; private set; } = shopId;
}

public static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Agent = "Agent";

    public static readonly string[] All = [Admin, Supervisor, Agent];
}

/// <summary>Authorization policy names used on pages, endpoints and hubs.</summary>
public static class StaffPolicies
{
    /// <summary>Any signed-in staff member.</summary>
    public const string Staff = "staff";

    /// <summary>Supervisors and admins.</summary>
    public const string Supervisor = "supervisor";

    public const string Admin = "admin";
}
