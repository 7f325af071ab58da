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

    /// <summary>Set while an admin has switched the account off: it cannot sign in and takes no buyers.</summary>
    public DateTime? DisabledAt { get; private set; }

    /// <summary>An admin reset the password: the next sign-in must choose a new one before anything else.</summary>
    public bool PasswordChangeRequired { get; private set; }

    public bool IsDisabled => DisabledAt is not null;

    public void Rename(string displayName, string nickname)
    {
        DisplayName = displayName;
        Nickname = nickname;
    }

    /// <summary>Serves exactly these shops from now on.</summary>
    public void ServeOnly(IReadOnlyCollection<Guid> shopIds)
    {
        _shops.RemoveAll(s => !shopIds.Contains(s.ShopId));
        foreach (var shop in shopIds)
        {
            Serve(shop);
        }
    }

    /// <summary>Switches the account off; a new security stamp ends every session it has open.</summary>
    public void Disable(DateTime at)
    {
        DisabledAt ??= at;
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public void Enable() => DisabledAt = null;

    /// <summary>The password was set by an admin: the owner must replace it at the next sign-in.</summary>
    public void RequirePasswordChange() => PasswordChangeRequired = true;

    public void PasswordChosen() => PasswordChangeRequired = false;

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
