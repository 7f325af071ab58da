namespace KefuDesk.Features.Customers;

public enum CustomerKind
{
    /// <summary>An anonymous widget visitor, known only by the id stored in their browser.</summary>
    Visitor,

    /// <summary>A buyer the shop has identified (account, phone or email).</summary>
    Known,
}

/// <summary>
/// A buyer of the organisation's shops. Visitors are created on their first message, with the id
/// their widget already holds, so a page view alone writes nothing.
/// </summary>
public sealed class Customer
{
    public const int NameMaxLength = 100;

    private Customer() { }

    private Customer(Guid id, Guid organisationId, CustomerKind kind, string? displayName, DateTime createdAt)
    {
        Id = id;
        OrganisationId = organisationId;
        Kind = kind;
        DisplayName = displayName;
        CreatedAt = createdAt;
        LastSeenAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public CustomerKind Kind { get; private set; }

    /// <summary>Null for visitors: the UI shows a localised "访客 3F2A1C" from <see cref="VisitorCode"/>.</summary>
    public string? DisplayName { get; private set; }

    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime LastSeenAt { get; private set; }

    /// <summary>The shop's labels for the buyer, comma-separated (e.g. VIP); routing rules read them.</summary>
    public string Tags { get; private set; } = "";

    public const int TagsMaxLength = 200;

    public bool IsVip => HasTag("VIP");

    public bool HasTag(string tag) =>
        Tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(tag.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces the buyer's tags; refused (<c>profile_invalid</c>) when they do not fit.</summary>
    public void Tag(IEnumerable<string> tags)
    {
        var joined = string.Join(',', tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
        if (joined.Length > TagsMaxLength || joined.Contains('\n'))
        {
            throw new Infrastructure.Errors.KefuDeskException(Infrastructure.Errors.KefuDeskError.ProfileInvalid, $"tags at most {TagsMaxLength} characters");
        }

        Tags = joined;
    }

    /// <summary>Set when an agent merged this record into another: that one is the customer now.</summary>
    public Guid? MergedIntoId { get; private set; }

    /// <summary>Short code that tells visitors apart in lists.</summary>
    public string VisitorCode => CodeFor(Id);

    public static string CodeFor(Guid customerId) => customerId.ToString("N")[..6].ToUpperInvariant();

    public static Customer Visitor(Guid id, Guid organisationId, DateTime at) =>
        new(id, organisationId, CustomerKind.Visitor, null, at);

    public static Customer KnownBuyer(Guid id, Guid organisationId, string? displayName, string? phone, string? email, DateTime at) =>
        new(id, organisationId, CustomerKind.Known, displayName, at) { Phone = phone, Email = email };

    /// <summary>The buyer told us (pre-chat form) or a channel showed us their name, phone or email.</summary>
    public void Describe(string? displayName, string? phone, string? email)
    {
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? DisplayName : displayName.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? Phone : phone.Trim();
        Email = string.IsNullOrWhiteSpace(email) ? Email : email.Trim();
    }

    /// <summary>The shop's site proved who this visitor is (signed identity): a known buyer from now on.</summary>
    public void BecomeKnown(string? displayName)
    {
        Kind = CustomerKind.Known;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? DisplayName : displayName.Trim();
    }

    /// <summary>This record was a duplicate of <paramref name="survivor"/>; it stays, pointing there.</summary>
    public void MergeInto(Customer survivor)
    {
        if (survivor.Id == Id || survivor.OrganisationId != OrganisationId || MergedIntoId is not null || survivor.MergedIntoId is not null)
        {
            throw new Infrastructure.Errors.KefuDeskException(Infrastructure.Errors.KefuDeskError.MergeInvalid);
        }

        MergedIntoId = survivor.Id;
        survivor.Describe(survivor.DisplayName ?? DisplayName, survivor.Phone ?? Phone, survivor.Email ?? Email);
        if (Kind == CustomerKind.Known)
        {
            survivor.Kind = CustomerKind.Known;
        }
    }

    /// <summary>Notes the buyer was here; to the minute, so a chatty buyer is not a write per message.</summary>
    public void Seen(DateTime at)
    {
        if (at - LastSeenAt >= TimeSpan.FromMinutes(1))
        {
            LastSeenAt = at;
        }
    }
}
