using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations;

/// <summary>Read and delivered marks on both sides, and the conversation's tags.</summary>
public sealed partial class Conversation
{
    public const int MaxTags = 10;
    public const int TagMaxLength = 20;

    private readonly List<ConversationTag> _tags = [];

    public IReadOnlyCollection<ConversationTag> Tags => _tags;

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
        Raise(new ConversationRead(Id, ShopId, CustomerId, AssigneeId, SenderKind.Agent, upTo));
    }

    public void MarkReadByCustomer(long sequence)
    {
        var upTo = Math.Min(sequence, LastSequence);
        if (upTo <= CustomerReadSequence)
        {
            return;
        }

        CustomerReadSequence = upTo;
        CustomerDeliveredSequence = Math.Max(CustomerDeliveredSequence, upTo);
        if (upTo == LastSequence)
        {
            UnreadForCustomer = 0;
        }

        Version++;
        Raise(new ConversationRead(Id, ShopId, CustomerId, AssigneeId, SenderKind.Customer, upTo));
    }

    /// <summary>The buyer's widget has received messages up to here (送达), read or not.</summary>
    public void MarkDeliveredToCustomer(long sequence)
    {
        var upTo = Math.Min(sequence, LastSequence);
        if (upTo <= CustomerDeliveredSequence)
        {
            return;
        }

        CustomerDeliveredSequence = upTo;
        Version++;
        Raise(new ConversationDelivered(Id, ShopId, AssigneeId, upTo));
    }

    public void Tag(string tag, Guid byAgentId, DateTime at)
    {
        var clean = CleanTag(tag);
        if (_tags.Exists(t => t.Tag == clean))
        {
            return;
        }

        AddTag(clean);
        Version++;
        Record(ConversationEventNames.Tagged, at, null, byAgentId, clean);
        Raise(new ConversationTagsChanged(Id, ShopId, AssigneeId));
    }

    public void Untag(string tag, Guid byAgentId, DateTime at)
    {
        var found = _tags.Find(t => t.Tag == tag.Trim());
        if (found is null)
        {
            return;
        }

        _tags.Remove(found);
        Version++;
        Record(ConversationEventNames.Untagged, at, null, byAgentId, found.Tag);
        Raise(new ConversationTagsChanged(Id, ShopId, AssigneeId));
    }

    /// <summary>A tag is 1–20 characters of text, without line breaks.</summary>
    public static string CleanTag(string? tag)
    {
        var clean = tag?.Trim() ?? "";
        return clean.Length is 0 or > TagMaxLength || clean.Any(char.IsControl)
            ? throw new KefuDeskException(KefuDeskError.TagInvalid)
            : clean;
    }

    private void AddTag(string tag)
    {
        if (_tags.Exists(t => t.Tag == tag))
        {
            return;
        }

        if (_tags.Count >= MaxTags)
        {
            throw new KefuDeskException(KefuDeskError.TagInvalid);
        }

        _tags.Add(new ConversationTag(Id, tag));
    }
}

/// <summary>A label on a conversation (退货, 大客户…), for filters and reports.</summary>
public sealed class ConversationTag(Guid conversationId, string tag)
{
    public Guid ConversationId { get; private set; } = conversationId;
    public string Tag { get; private set; } = tag;
}
