namespace KefuDesk.Features.Channels;

/// <summary>The ways buyers reach a shop besides the widget (which every shop has).</summary>
public enum ChannelKind
{
    Email,
    ImBridge,
    WeChat,
}

/// <summary>
/// One connected channel of a shop: an email inbox, an IM bridge, a WeChat official account. Its
/// settings are JSON (their shape belongs to the channel's adapter); its secret is kept encrypted
/// with the cluster's data-protection keys and never shown again once saved.
/// </summary>
public sealed class ChannelAccount
{
    public const int NameMaxLength = 50;
    public const int SettingsMaxLength = 4000;
    public const int StateMaxLength = 1000;
    public const int ErrorMaxLength = 500;

    private ChannelAccount() { }

    public ChannelAccount(Guid id, Guid shopId, ChannelKind kind, string name, string settings, string protectedSecret, DateTime createdAt)
    {
        Id = id;
        ShopId = shopId;
        Kind = kind;
        Name = name;
        Settings = settings;
        ProtectedSecret = protectedSecret;
        Enabled = true;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public ChannelKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public bool Enabled { get; private set; }

    /// <summary>Adapter settings as JSON (server names, ports, outbound URL, app id…).</summary>
    public string Settings { get; private set; } = "{}";

    /// <summary>Password, signing secret or app secret, encrypted (data protection).</summary>
    public string ProtectedSecret { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    /// <summary>Where the adapter got to on the channel (an email inbox's last UID), as JSON it owns.</summary>
    public string? State { get; private set; }

    /// <summary>Why the channel last failed to take messages in (a wrong password, a server down), until it works again.</summary>
    public string? LastError { get; private set; }

    public DateTime? LastErrorAt { get; private set; }

    public void Rename(string name) => Name = name;

    public void Configure(string settings) => Settings = settings;

    public void ReplaceSecret(string protectedSecret) => ProtectedSecret = protectedSecret;

    public void Enable() => Enabled = true;

    public void Disable() => Enabled = false;

    public void Remember(string state) =>
        State = state.Length <= StateMaxLength ? state : throw new ArgumentException("Channel state too long.", nameof(state));

    /// <summary>Receiving failed: admins see why on the channels page.</summary>
    public void ReceivingFailed(string error, DateTime at)
    {
        LastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        LastErrorAt = at;
    }

    public void ReceivingWorks()
    {
        LastError = null;
        LastErrorAt = null;
    }
}

/// <summary>
/// A message's id on its own channel (an email's Message-Id, a WeChat MsgId, an IM bridge's id),
/// tied to ours. Inbound, it makes a redelivered message harmless and threads replies; outbound,
/// it lets the channel's replies find their conversation.
/// </summary>
public sealed class ChannelMessageRef
{
    public const int ExternalIdMaxLength = 300;

    private ChannelMessageRef() { }

    public ChannelMessageRef(Guid channelAccountId, string externalId, Guid conversationId, Guid? messageId, DateTime at)
    {
        ChannelAccountId = channelAccountId;
        ExternalId = externalId;
        ConversationId = conversationId;
        MessageId = messageId;
        At = at;
    }

    public Guid ChannelAccountId { get; private set; }
    public string ExternalId { get; private set; } = "";
    public Guid ConversationId { get; private set; }
    public Guid? MessageId { get; private set; }
    public DateTime At { get; private set; }
}
