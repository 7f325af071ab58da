using KefuDesk.Features.Customers;

namespace KefuDesk.Features.Channels;

/// <summary>
/// A buyer as a channel presents them: how the channel knows them (an email address, an openid, an
/// IM user id), and the name it shows, if any.
/// </summary>
public sealed record ChannelBuyer(IdentityKind Kind, string Value, string? DisplayName, bool Verified)
{
    /// <summary>The form identities are stored in, so the same person is found again on any channel.</summary>
    public static string Normalise(IdentityKind kind, string value) => kind switch
    {
        IdentityKind.Email => value.Trim().ToLowerInvariant(),
        IdentityKind.Phone => (value.TrimStart().StartsWith('+') ? "+" : "") + new string(value.Where(char.IsAsciiDigit).ToArray()),
        _ => value.Trim(),
    };

    public ChannelBuyer Normalised() => this with { Value = Normalise(Kind, Value) };
}
