using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Input;

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
        IdentityKind.Phone => NormalisePhone(value),
        _ => value.Trim(),
    };

    /// <summary>
    /// Digits only, and mainland numbers in their domestic form whichever way they were written
    /// (+86 138-0013-8000, 0086 13800138000, 8613800138000 and 13800138000 are one buyer; +86 10
    /// 1234 5678 is 01012345678). Other countries keep their + and code.
    /// </summary>
    private static string NormalisePhone(string value)
    {
        var text = value.Trim();
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        var international = text.StartsWith('+');
        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            (international, digits) = (true, digits[2..]);
        }

        if (!international && digits.Length == 13 && digits.StartsWith("861", StringComparison.Ordinal))
        {
            return digits[2..]; // a mobile number with the country code but no +
        }

        if (!international)
        {
            return digits;
        }

        if (!digits.StartsWith("86", StringComparison.Ordinal) || digits.Length <= 2)
        {
            return "+" + digits;
        }

        var domestic = digits[2..].TrimStart('0');
        return domestic.Length == 11 && domestic.StartsWith('1') ? domestic : "0" + domestic; // mobiles have no trunk 0, landlines do
    }

    /// <summary>The stored form; a channel's text is cleaned, never refused (see <see cref="InputText.Cleaned"/>).</summary>
    public ChannelBuyer Normalised() => this with { Value = Normalise(Kind, InputText.Cleaned(Value)), DisplayName = InputText.CleanedOrNull(DisplayName) };
}
