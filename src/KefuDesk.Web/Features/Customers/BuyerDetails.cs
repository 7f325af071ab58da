using System.Net.Mail;
using KefuDesk.Features.Channels;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Features.Customers;

/// <summary>What a buyer may tell us about themselves (pre-chat form, offline-message form), checked.</summary>
public sealed record BuyerDetails(string? Name, string? Phone, string? Email)
{
    public const int NameMaxLength = 50;
    public const int EmailMaxLength = 200;

    /// <summary>Trimmed and checked; empty fields become null. Refuses with <c>profile_invalid</c> and says which field.</summary>
    public BuyerDetails Checked()
    {
        var name = string.IsNullOrWhiteSpace(Name) ? null : InputText.Accepted(Name, "name").Trim();
        if (name is { Length: > NameMaxLength } || (name is not null && name.Any(char.IsControl)))
        {
            throw new KefuDeskException(KefuDeskError.ProfileInvalid, "name");
        }

        string? phone = null;
        if (!string.IsNullOrWhiteSpace(Phone))
        {
            phone = PhoneNumberInput.Stored(Phone) ?? throw new KefuDeskException(KefuDeskError.ProfileInvalid, "phone");
        }

        string? email = null;
        if (!string.IsNullOrWhiteSpace(Email))
        {
            email = ChannelBuyer.Normalise(IdentityKind.Email, Email);
            if (email.Length > EmailMaxLength || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.', StringComparison.Ordinal))
            {
                throw new KefuDeskException(KefuDeskError.ProfileInvalid, "email");
            }
        }

        return new BuyerDetails(name, phone, email);
    }
}
