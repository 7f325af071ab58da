using System.Text.Json;

namespace KefuDesk.Features.Channels.Delivery;

/// <summary>What an adapter needs to send one reply: the account, its secret, the recipient, the message.</summary>
public sealed record OutboundContext(
    ChannelAccount Account,
    string Secret,
    Guid ConversationId,
    string? Subject,
    IReadOnlyList<Customers.CustomerIdentity> Recipient,
    Conversations.MessageView Message,
    IReadOnlyList<string> ThreadRefs);

/// <summary>
/// A channel's adapter (email, IM bridge, WeChat). Inbound is the adapter's own business (a
/// webhook, a poller) ending in <c>SendMessage.FromChannel</c>; outbound goes through the
/// delivery queue, which calls <see cref="SendAsync"/> with retries and back-off.
/// </summary>
public interface IChannelAdapter
{
    ChannelKind Kind { get; }

    /// <summary>Checks an admin's settings for this channel; throws <c>KefuDeskException(ChannelInvalid)</c> with the reason.</summary>
    void Validate(JsonElement settings, string? secret);

    /// <summary>
    /// Sends one reply. Throw to fail the attempt (it is retried with back-off, then listed as a
    /// dead letter). Return the channel's id for the sent message, if it gives one.
    /// </summary>
    Task<string?> SendAsync(OutboundContext context, CancellationToken ct);

    /// <summary>
    /// Tries the connection with settings already validated, touching nothing (no mail sent, no
    /// message pushed): each step says whether it worked and, when not, what the other side said.
    /// </summary>
    Task<IReadOnlyList<ChannelCheckStep>> CheckAsync(JsonElement settings, string secret, CancellationToken ct);
}

/// <summary>One step of a connection check: <c>imap</c>, <c>smtp</c>, <c>token</c> or <c>outbound</c>; the detail is the server's own words.</summary>
public sealed record ChannelCheckStep(string Step, bool Ok, string? Detail = null);
