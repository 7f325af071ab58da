namespace KefuDesk.Infrastructure.RateLimiting;

/// <summary>
/// The <c>KefuDesk:Limits</c> section: how much one address, account or shop may do before it is
/// asked to wait. Each limit is a bucket: <c>Burst</c> at once, then one more every <c>RefillSeconds</c>.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>
    /// Failed sign-ins one address may make (a right password gives its attempt back, so an office
    /// behind one address signs in freely). Smaller and slower than <see cref="SignInPerAccount"/>:
    /// one address alone can never lock an account.
    /// </summary>
    public BucketOptions SignInPerAddress { get; set; } = new(10, 120);

    /// <summary>Wrong passwords for one account, from anywhere; when they run out the account is locked.</summary>
    public BucketOptions SignInPerAccount { get; set; } = new(20, 60);

    /// <summary>How long a locked account stays locked (an admin may unlock it sooner).</summary>
    public double LockoutMinutes { get; set; } = 15;

    /// <summary>New chat visitors (a widget session without a visitor token) one address may start.</summary>
    public BucketOptions NewVisitorsPerAddress { get; set; } = new(20, 10);

    /// <summary>New chat visitors one shop may receive, from all addresses together.</summary>
    public BucketOptions NewVisitorsPerShop { get; set; } = new(300, 1);

    /// <summary>
    /// Widget messages that start a conversation (a chat in the queue) from one address: a buyer
    /// already chatting is not counted, so an office or a mobile network behind one address is not held back.
    /// </summary>
    public BucketOptions NewConversationsPerAddress { get; set; } = new(20, 10);

    /// <summary>Widget messages that start a conversation in one shop, from all addresses together.</summary>
    public BucketOptions NewConversationsPerShop { get; set; } = new(300, 1);
}
