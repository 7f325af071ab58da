namespace KefuDesk.Features.Customers;

/// <summary>Masks buyers' phone numbers and addresses for roles that need not see them in full.</summary>
public static class PersonalData
{
    /// <summary>13812345678 → 138****5678.</summary>
    public static string? MaskPhone(string? phone) =>
        phone is null ? null
        : phone.Length >= 7 ? phone[..3] + new string('*', phone.Length - 7) + phone[^4..]
        : new string('*', phone.Length);

    /// <summary>Keeps the first few characters (province, city) and hides the street and number.</summary>
    public static string? MaskAddress(string? address) =>
        address is null ? null : address.Length <= 6 ? new string('*', address.Length) : address[..6] + "****";

    /// <summary>zhangsan@example.com → zh***@example.com.</summary>
    public static string? MaskEmail(string? email)
    {
        var at = email?.IndexOf('@') ?? -1;
        return email is null ? null : at <= 0 ? new string('*', email.Length) : email[..Math.Min(2, at)] + "***" + email[at..];
    }
}
