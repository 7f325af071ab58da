namespace KefuDesk.Features.Customers;

/// <summary>How a buyer is known on some channel.</summary>
public enum IdentityKind
{
    /// <summary>The shop's own customer id, proven by an HMAC signature from the shop's site.</summary>
    ShopAccount,
    Email,
    Phone,
    WeChatOpenId,

    /// <summary>A user id on an IM bridge (qualified by the bridge's channel account).</summary>
    ImUser,
}

/// <summary>
/// One way a customer is recognised across channels: the same email address or phone number on
/// email, phone and the widget leads to the same customer. Unique within an organisation.
/// </summary>
public sealed class CustomerIdentity
{
    public const int ValueMaxLength = 200;

    private CustomerIdentity() { }

    public CustomerIdentity(Guid organisationId, Guid customerId, IdentityKind kind, string value, bool verified, DateTime createdAt)
    {
        OrganisationId = organisationId;
        CustomerId = customerId;
        Kind = kind;
        Value = value;
        Verified = verified;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid CustomerId { get; private set; }
    public IdentityKind Kind { get; private set; }

    /// <summary>Normalised (<see cref="Channels.ChannelBuyer.Normalise"/>): email lower-case, phone digits (mainland numbers without +86, others with their + and code).</summary>
    public string Value { get; private set; } = "";

    /// <summary>Proven by the channel (the sender of an email, a signed shop id), not just typed into a form.</summary>
    public bool Verified { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Merging moves the identity to the surviving customer.</summary>
    public void MoveTo(Guid customerId) => CustomerId = customerId;
}
