using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;

namespace KefuDesk.Features.Conversations;

/// <summary>Who is writing a message.</summary>
public sealed record MessageAuthor(SenderKind Kind, Guid? AgentId, string? Name)
{
    public static readonly MessageAuthor Customer = new(SenderKind.Customer, null, null);

    public static MessageAuthor Agent(Guid agentId, string nickname) => new(SenderKind.Agent, agentId, nickname);
}

/// <summary>
/// A buyer's conversation with a shop on one channel. Every state change is a method here that
/// guards the transition, appends a history line and raises an event.
/// </summary>
public sealed class Conversation : AggregateRoot
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
    /// keeps one live web conversation per buyer even with two app nodes.
    /// </summary>
    public string? OpenThreadKey { get; private set; }

    public Guid? SkillGroupId { get; private set; }
    public ConversationStatus Status { get; private set; }
    public Guid? AssigneeId { get; private set; }

    /// <summary>The last sequence number given to a message; the next message gets this + 1.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Optimistic concurrency: every change bumps it, so two nodes never both win.</summary>
    public int Version { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime LastMessageAt { get; private set; }
    public string LastMessagePreview { get; private set; } = "";
    public SenderKind? LastSender { get; private set; }
    public int UnreadForAgent { get; private set; }
    public int UnreadForCustomer { get; private set; }
    public long AgentReadSequence { get; private set; }
    public long CustomerReadSequence { get; private set; }
    public DateTime? ResolvedAt { get; private set; }

    /// <summary>Messages added in this unit of work (the full thread is queried, never loaded here).</summary>
    public IReadOnlyCollection<Message> Messages => _messages;

    public IReadOnlyCollection<ConversationEvent> History => _history;

    public bool IsClosed => Status == ConversationStatus.Closed;

    public static Conversation Start(Guid id, Guid shopId, Guid customerId, Channel channel, string threadKey,
        Guid? skillGroupId, DateTime at)
    {
        var c = new Conversation
        {
            Id = id,
            ShopId = shopId,
            CustomerId = customerId,
            Channel = channel,
            OpenThreadKey = threadKey,
            SkillGroupId = skillGroupId,
            Status = ConversationStatus.New,
            CreatedAt = at,
            LastMessageAt = at,
        };
        c.Record(ConversationEventNames.Started, at, null, null);
        c.Raise(new ConversationStarted(id, shopId, customerId, channel, at));
        return c;
    }

    /// <summary>Stores a message with the next sequence number. A buyer writing reopens a resolved conversation.</summary>
    public Message Append(Guid messageId, MessageAuthor author, string clientMessageId, string body, DateTime at)
    {
        if (IsClosed)
        {
            throw new KefuDeskException(KefuDeskError.ConversationClosed);
        }

        if (author.Kind == SenderKind.Agent && AssigneeId is null)
        {
            // An agent's reply is a reception moment (KPI.md): it must belong to an assignee.
            throw new InvalidOperationException("Assign the conversation before an agent replies.");
        }

        if (Status == ConversationStatus.Resolved && author.Kind is SenderKind.Customer or SenderKind.Agent)
        {
            Reopen(author.AgentId, at);
        }

        var message = new Message(messageId, Id, LastSequence + 1, clientMessageId, author.Kind, author.AgentId,
            author.Name, MessageKind.Text, body, at);
        _messages.Add(message);
        LastSequence = message.Sequence;
        LastMessageAt = at;
        LastSender = author.Kind;
        LastMessagePreview = body.Length <= PreviewLength ? body : body[..PreviewLength];
        // Whoever writes has read everything before it.
        if (author.Kind == SenderKind.Customer)
        {
            UnreadForAgent++;
            CustomerReadSequence = message.Sequence;
            UnreadForCustomer = 0;
        }
        else
        {
            UnreadForCustomer++;
            if (author.Kind == SenderKind.Agent)
            {
                AgentReadSequence = message.Sequence;
                UnreadForAgent = 0;
            }
        }

        Version++;
        Raise(new MessageCreated(Id, ShopId, CustomerId, AssigneeId, MessageView.From(message)));
        return message;
    }

    /// <summary>Gives the conversation to an agent (pick-up, routing or transfer).</summary>
    public void Assign(Guid agentId, Guid? byAgentId, DateTime at)
    {
        if (IsClosed)
        {
            throw new KefuDeskException(KefuDeskError.ConversationClosed);
        }

        if (AssigneeId == agentId)
        {
            return;
        }

        var previous = AssigneeId;
        AssigneeId = agentId;
        if (Status is ConversationStatus.New or ConversationStatus.Queued)
        {
            Status = ConversationStatus.Open;
        }

        Version++;
        Record(ConversationEventNames.Assigned, at, agentId, byAgentId);
        Raise(new ConversationAssigned(Id, ShopId, CustomerId, agentId, previous, byAgentId, at));
    }

    public void Resolve(Guid? byAgentId, DateTime at)
    {
        if (Status is not (ConversationStatus.Open or ConversationStatus.Pending))
        {
            throw new KefuDeskException(KefuDeskError.ConversationNotOpen);
        }

        Status = ConversationStatus.Resolved;
        ResolvedAt = at;
        Version++;
        Record(ConversationEventNames.Resolved, at, AssigneeId, byAgentId);
        Raise(new ConversationStatusChanged(Id, ShopId, CustomerId, AssigneeId, Status, byAgentId, at));
    }

    public void MarkReadByAgent(long sequence)
    {
        var upTo = Math.Min(sequence, LastSequence);
        if (upTo <= AgentReadSequence)
        {
            return;
        }

        AgentReadSequence = upTo;
        if (upTo == LastSequence)
        {
            UnreadForAgent = 0;
        }

        Version++;
    }

    public void MarkReadByCustomer(long sequence)
    {
        var upTo = Math.Min(sequence, LastSequence);
        if (upTo <= CustomerReadSequence)
        {
            return;
        }

        CustomerReadSequence = upTo;
        if (upTo == LastSequence)
        {
            UnreadForCustomer = 0;
        }

        Version++;
    }

    private void Reopen(Guid? byAgentId, DateTime at)
    {
        Status = AssigneeId is null ? ConversationStatus.New : ConversationStatus.Open;
        ResolvedAt = null;
        Record(ConversationEventNames.Reopened, at, AssigneeId, byAgentId);
        Raise(new ConversationStatusChanged(Id, ShopId, CustomerId, AssigneeId, Status, byAgentId, at));
    }

    private void Record(string type, DateTime at, Guid? agentId, Guid? actorId) =>
        _history.Add(new ConversationEvent(Id, type, at, agentId, actorId));
}
