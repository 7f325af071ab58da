using System.Security.Claims;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;

namespace KefuDesk.Features.Widget;

/// <summary>
/// A buyer as the widget knows them: a customer id held in their browser, for one shop. Known: the
/// shop's site proved who they are (a signed identity), so the browser must not keep it once the
/// site stops saying so (signed out, or another person at the same computer).
/// </summary>
public sealed record BuyerIdentity(Guid CustomerId, Guid ShopId, Guid OrganisationId, bool Known = false)
{
    /// <summary>Widget chats keep one live thread per buyer and shop.</summary>
    public const string WebThreadKey = "web";

    public const string CustomerClaim = "kd:customer";
    public const string ShopClaim = "kd:shop";
    public const string OrganisationClaim = "kd:org";

    public LiveThread WebThread => new(ShopId, CustomerId, Channel.Web, WebThreadKey);

    public IEnumerable<Claim> ToClaims() =>
    [
        new(CustomerClaim, CustomerId.ToString()),
        new(ShopClaim, ShopId.ToString()),
        new(OrganisationClaim, OrganisationId.ToString()),
    ];

    public static BuyerIdentity From(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(CustomerClaim) ?? throw new InvalidOperationException("Not a buyer.")),
        Guid.Parse(user.FindFirstValue(ShopClaim)!),
        Guid.Parse(user.FindFirstValue(OrganisationClaim)!));
}
