using Microsoft.AspNetCore.DataProtection;

namespace KefuDesk.Features.Widget;

/// <summary>
/// The token a widget keeps in the buyer's browser. It is sealed with the cluster's data-protection
/// keys (kept in the database), so any node can read it and nobody can forge another buyer's.
/// </summary>
public sealed class VisitorTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("KefuDesk.VisitorToken.v1");

    public string Issue(BuyerIdentity buyer) =>
        _protector.Protect($"{buyer.CustomerId:N}|{buyer.ShopId:N}|{buyer.OrganisationId:N}" + (buyer.Known ? "|k" : ""));

    public BuyerIdentity? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split('|');
            return parts.Length is 3 or 4
                   && Guid.TryParseExact(parts[0], "N", out var customer)
                   && Guid.TryParseExact(parts[1], "N", out var shop)
                   && Guid.TryParseExact(parts[2], "N", out var organisation)
                ? new BuyerIdentity(customer, shop, organisation, Known: parts.Length == 4 && parts[3] == "k")
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
