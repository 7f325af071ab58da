using System.Security.Cryptography;
using System.Text;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Widget;

/// <summary>
/// Who the shop's site says the buyer is: its own customer id, signed by the site's server with the
/// shop's widget secret, <c>hex(HMAC-SHA256(secret, userId))</c>, so a visitor cannot claim to be
/// somebody else. The name is shown to agents; it is not part of the proof.
/// </summary>
public sealed record SignedIdentity(string? UserId, string? Name, string? Signature)
{
    public static string Sign(string widgetSecret, string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(widgetSecret), Encoding.UTF8.GetBytes(userId)));

    /// <summary>The user id, if the signature proves it; compared in constant time. Refuses with <c>identity_invalid</c>.</summary>
    public (string UserId, string? Name) Verify(string widgetSecret)
    {
        var userId = UserId?.Trim();
        if (string.IsNullOrEmpty(userId) || userId.Length > IdentifyBuyer.UserIdMaxLength || Signature is not { Length: 64 } signature)
        {
            throw new KefuDeskException(KefuDeskError.IdentityInvalid, "userId (1–100 characters) and a 64-character hex signature");
        }

        Span<byte> given = stackalloc byte[32];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(widgetSecret), Encoding.UTF8.GetBytes(userId));
        if (Convert.FromHexString(signature, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32
            || !CryptographicOperations.FixedTimeEquals(expected, given))
        {
            throw new KefuDeskException(KefuDeskError.IdentityInvalid);
        }

        var name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim();
        return (userId, name is { Length: > BuyerDetails.NameMaxLength } ? name[..BuyerDetails.NameMaxLength] : name);
    }
}
