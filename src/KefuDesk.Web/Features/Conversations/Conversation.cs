using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Conversations;

/// <summary>Who is writing a message.</summary>
public sealed record MessageAuthor(SenderKind Kind, Guid? AgentId, string? Name)
{
    public static readonly MessageAuthor Customer = new(SenderKind.Customer, null, null);
    public static readonly MessageAuthor System = new(SenderKind.System, null, null);

    public static MessageAuthor Agent(Guid agentId, string nickname) => new(SenderKind.Agent, agentId, nickname);
}

/// <summary>
/// A buyer's conversation with a shop on one channel. Every state change is a method here that
/// guards the transition, appends a history line and raises an event. The lifecycle is in
/// <c>Conversation.Lifecycle.cs</c>, reading and tags in <c>Conversation.Reading.cs</c>.
/// </summary>
public sealed partial class Conversation : AggregateRoot
{
    public const int PreviewLength = 80;

    private readonly List<Message> _messages = [];
    private readonly List<ConversationEvent> _history = [];

    private Conversation() { }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public Guid CustomerId { get; private set; }
    public Channel Channel { get; private set; }

    /// <summary>
    /// Set while the conversation is not closed: a unique index on (shop, customer, channel, key)
    /// keeps one live conversation per buyer and thread even with two app nodes.
    /// </summary>
    public string? OpenThreadKey { get; private set; }

    /// <summary>The shop's channel account the conversation came through (email inbox, IM bridge…); null for the widget and phone.</summary>
    public Guid? ChannelAccountId { get; private set; }

    /// <summary>A subject line where the channel has one (email).</summary>
    public string? Subject { get; private set; }

    public Guid? SkillGroupId { get; private set; }
    public ConversationStatus Status { get; private set; }
    public Guid? AssigneeId { get; private set; }

    /// <summary>The last sequence number given to a message; the next message gets this + 1.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Optimistic concurrency: every change bumps it, so two nodes never both win.</summary>
    public int Version { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The last message the buyer can see (notes do not count): the list's time, preview and sender.</summary>
    public DateTime LastMessageAt { get; private set; }

    public string LastMessagePreview { get; private set; } = "";
    public SenderKind? LastSender { get; private set; }
    public DateTime? LastCustomerMessageAt { get; private set; }
    public int UnreadForAgent { get; private set; }
    public int UnreadForCustomer { get; private set; }
    public long AgentReadSequence { get; private set; }
    public long CustomerReadSequence { get; private set; }
    public long CustomerDeliveredSequence { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }

    /// <summary>
    /// Left while nobody could answer (留言): such conversations are listed first for agents after
    /// sign-in, and answering continues on the channel the buyer used.
    /// </summary>
    public bool LeftOffline { get; private set; }

    /// <summary>Messages added in this unit of work (the full thread is queried, never loaded here).</summary>
    public IReadOnlyCollection<Message> Messages => _messages;

    public IReadOnlyCollection<ConversationEvent> History => _history;

    public bool IsClosed => Status == ConversationStatus.Closed;

    public static Conversation Start(Guid id, Guid shopId, Guid customerId, Channel channel, string threadKey,
        Guid? skillGroupId, DateTime at, string? subject = null, Guid? channelAccountId = null)
    {
        var c = new Conversation
        {
            Id = id,
            ShopId = shopId,
            CustomerId = customerId,
            Channel = channel,
            ChannelAccountId = channelAccountId,
            OpenThreadKey = threadKey,
            Subject = subject,
            SkillGroupId = skillGroupId,
            Status = ConversationStatus.New,
            CreatedAt = at,
            LastMessageAt = at,
        };
        c.Record(ConversationEventNames.Started, at, null, null);
        c.Raise(new ConversationStarted(id, shopId, customerId, channel, at));
        return c;
    }

    /// <summary>A text message (or a caption) from the buyer, an agent, the system or a bot.</summary>
    public Message Append(Guid messageId, MessageAuthor author, string clientMessageId, string body, DateTime at) =>
        Append(messageId, author, clientMessageId, MessageKind.Text, body, null, at);

    /// <summary>
    /// Stores a message with the next sequence number. A buyer writing reopens a resolved
    /// conversation and resumes a pending one; whoever writes has read everything before it.
    /// </summary>
    public Message Append(Guid messageId, MessageAuthor author, string clientMessageId, MessageKind kind, string body,
        MessageContent? content, DateTime at)
    {
        GuardWritable(author);
        if (author.Kind == SenderKind.Customer)
        {
            ResumeFor(author, at);
        }
        else if (author.Kind == SenderKind.Agent && Status == ConversationStatus.Resolved)
        {
            Reopen(author.AgentId, at);
        }

        var message = Add(messageId, author, clientMessageId, kind, MessageVisibility.Public, body, content, at);
        LastMessageAt = at;
        LastSender = author.Kind;
        LastMessagePreview = Preview(body);
        if (author.Kind == SenderKind.Customer)
        {
            LastCustomerMessageAt = at;
            AwaitingReplySince ??= at;
            LastCustomerPreview = LastMessagePreview;
            UnreadForAgent++;
            CustomerReadSequence = message.Sequence;
            CustomerDeliveredSequence = message.Sequence;
            UnreadForCustomer = 0;
        }
        else
        {
            UnreadForCustomer++;
            if (author.Kind == SenderKind.Agent)
            {
                // Replying reads what came before: the buyer sees 已读 on the messages it answers.
                var readBefore = AgentReadSequence;
                AgentReadSequence = message.Sequence;
                UnreadForAgent = 0;
                LeftOffline = false;
                LastAgentReplyAt = at;
                AwaitingReplySince = null;
                if (readBefore < message.Sequence - 1)
                {
                    Raise(new ConversationRead(Id, ShopId, CustomerId, AssigneeId, SenderKind.Agent, message.Sequence - 1));
                }
            }
        }

        Raise(new MessageCreated(Id, ShopId, CustomerId, AssigneeId, Channel, MessageView.From(message)));
        return message;
    }

    /// <summary>An internal note (内部备注): for colleagues only, never for the buyer.</summary>
    public Message AddNote(Guid messageId, MessageAuthor author, string clientMessageId, string body,
        IReadOnlyCollection<Guid> mentioned, DateTime at)
    {
        if (author.Kind != SenderKind.Agent)
        {
            throw new InvalidOperationException("Only staff write internal notes.");
        }

        if (IsClosed)
        {
            throw new KefuDeskException(KefuDeskError.ConversationClosed);
        }

        var note = Add(messageId, author, clientMessageId, MessageKind.Text, MessageVisibility.Internal, body, null, at);
        Raise(new MessageCreated(Id, ShopId, CustomerId, AssigneeId, Channel, MessageView.From(note)));
        if (mentioned.Count > 0)
        {
            Raise(new ColleaguesMentioned(Id, ShopId, note.Id, author.AgentId!.Value, author.Name ?? "", [.. mentioned], at));
        }

        return note;
    }

    /// <summary>The buyer left this while nobody could answer; an agent's reply takes it off the offline list.</summary>
    public void MarkLeftOffline()
    {
        if (!LeftOffline)
        {
            LeftOffline = true;
            Version++;
        }
    }

    /// <summary>
    /// Customer records were merged: the conversation now belongs to the surviving customer. It stays
    /// the buyer's live thread unless the survivor has one of their own there (<paramref name="survivorHasThread"/>);
    /// then it stays live for agents, out of that thread's way.
    /// </summary>
    public void MoveToCustomer(Guid customerId, bool survivorHasThread, Guid? byAgentId, DateTime at)
    {
        if (customerId == CustomerId)
        {
            return;
        }

        if (survivorHasThread && OpenThreadKey is not null)
        {
            OpenThreadKey = $"{OpenThreadKey}:merged:{Id:N}";
        }

        CustomerId = customerId;
        Version++;
        Record(ConversationEventNames.CustomerMerged, at, byAgentId, byAgentId, customerId.ToString());
        Raise(new ConversationCustomerChanged(Id, ShopId, AssigneeId, customerId));
    }

    /// <summary>Takes back an agent's own message within two minutes.</summary>
    public void Recall(Message message, Guid agentId, DateTime at)
    {
        if (message.ConversationId != Id)
        {
            throw new InvalidOperationException("The message is not in this conversation.");
        }

        message.Recall(agentId, at);
        Version++;
        Record(ConversationEventNames.MessageRecalled, at, agentId, agentId, message.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Raise(new MessageRecalled(Id, ShopId, CustomerId, AssigneeId, message.Id, message.Sequence, at));
    }

    private Message Add(Guid messageId, MessageAuthor author, string clientMessageId, MessageKind kind, MessageVisibility visibility,
        string body, MessageContent? content, DateTime at)
    {
        var message = new Message(messageId, Id, LastSequence + 1, clientMessageId, author, kind, visibility, body, content, at);
        _messages.Add(message);
        LastSequence = message.Sequence;
        Version++;
        return message;
    }

    private void GuardWritable(MessageAuthor author)
    {
        if (IsClosed)
        {
            throw new KefuDeskException(KefuDeskError.ConversationClosed);
        }

        if (author.Kind == SenderKind.Agent && AssigneeId is null)
        {
            // An agent's message is a reception moment (KPI.md): it must belong to an assignee.
            throw new InvalidOperationException("Assign the conversation before an agent writes in it.");
        }
    }

    private static string Preview(string body) => Infrastructure.Input.InputText.Shortened(body, PreviewLength);

    private void Record(string type, DateTime at, Guid? agentId, Guid? actorId, string? detail = null) =>
        _history.Add(new ConversationEvent(Id, type, at, agentId, actorId, detail));
}
