using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Channels.Delivery;

public enum DeliveryStatus
{
    Pending,
    Delivered,

    /// <summary>Gave up after the last retry: listed for an admin to look at and retry.</summary>
    Dead,

    /// <summary>The agent recalled the message before it went out: it is not sent.</summary>
    Withdrawn,
}

/// <summary>
/// A reply on its way out through a channel (an IM bridge's webhook, WeChat's customer-service
/// API, SMTP). Stored before the first attempt so a node that dies does not lose it; retried with
/// back-off; dead letters stay visible until an admin retries them.
/// </summary>
public sealed class OutboundDelivery
{
    public const int PayloadMaxLength = 20000;
    public const int ErrorMaxLength = 1000;

    private OutboundDelivery() { }

    public OutboundDelivery(Guid id, Guid channelAccountId, Guid conversationId, Guid messageId, long sequence, string payload, DateTime createdAt)
    {
        Id = id;
        ChannelAccountId = channelAccountId;
        ConversationId = conversationId;
        MessageId = messageId;
        Sequence = sequence;
        Payload = payload;
        Status = DeliveryStatus.Pending;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid ChannelAccountId { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid MessageId { get; private set; }

    /// <summary>The message's place in its conversation: replies go out in this order.</summary>
    public long Sequence { get; private set; }

    /// <summary>What to send, as the channel's adapter prepared it (JSON).</summary>
    public string Payload { get; private set; } = "";

    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }

    public void Delivered(DateTime at)
    {
        Attempts++;
        Status = DeliveryStatus.Delivered;
        DeliveredAt = at;
        LastError = null;
    }

    /// <summary>A failed attempt: try again after <paramref name="retryAt"/>, or give up (dead letter) when null.</summary>
    public void Failed(string error, DateTime? retryAt)
    {
        Attempts++;
        LastError = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        if (retryAt is { } next)
        {
            NextAttemptAt = next;
        }
        else
        {
            Status = DeliveryStatus.Dead;
        }
    }

    /// <summary>The message was recalled while it waited: it never goes out.</summary>
    public void Withdraw()
    {
        if (Status == DeliveryStatus.Pending)
        {
            Status = DeliveryStatus.Withdrawn;
        }
    }

    /// <summary>An admin sends a dead letter again: it starts a fresh round of attempts.</summary>
    public void Retry(DateTime at)
    {
        if (Status != DeliveryStatus.Dead)
        {
            throw new KefuDeskException(KefuDeskError.DeliveryNotDead);
        }

        Status = DeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = at;
    }
}
