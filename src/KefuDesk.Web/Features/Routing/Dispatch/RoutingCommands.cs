using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Routing.Dispatch;

/// <summary>
/// What routing decides, applied through the conversation writer like every other change. Each
/// command checks again that the conversation is still where routing saw it, so a decision made on
/// a slightly old picture is dropped rather than applied twice.
/// </summary>
public abstract class RoutingCommand(Guid conversationId) : ConversationCommand<bool>
{
    public Guid ConversationId { get; } = conversationId;

    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(ConversationId);

    protected Conversation Load(WriteBatch batch) =>
        batch.Conversation(ConversationId) ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);

    /// <summary>An automatic reply in the shop's words: not an agent's message for response metrics (KPI.md).</summary>
    protected static void Say(WriteBatch batch, Conversation conversation, string text, string? name, string purpose)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var now = batch.Now;
        var author = new MessageAuthor(SenderKind.Bot, null, name);
        batch.Added(conversation.Append(Guid.CreateVersion7(now), author, $"auto-{purpose}-{Guid.NewGuid():N}", MessageKind.Text,
            text.Length > Message.BodyMaxLength ? text[..Message.BodyMaxLength] : text, null, now));
    }
}

/// <summary>
/// Gives a waiting buyer to the agent routing chose, within the agent's limit. The buyer is welcomed
/// once an episode; given to another agent later (a re-route, a transfer to a group) they are told
/// in one short line who continues. An empty greeting (email) says nothing at all.
/// </summary>
public sealed class AssignByRouting(Guid conversationId, Guid agentId, Guid? groupId, string greeting, string nickname) : RoutingCommand(conversationId)
{
    public Guid AgentId => agentId;

    protected override bool Execute(WriteBatch batch)
    {
        var conversation = Load(batch);
        if (!conversation.AwaitsRouting)
        {
            return false;
        }

        Seating.Take(batch, agentId, force: false);
        conversation.Assign(agentId, null, batch.Now);
        if (groupId is { } id && batch.Db.SkillGroups.Find(id) is { } group)
        {
            group.Served(agentId);
        }

        if (string.IsNullOrWhiteSpace(greeting))
        {
            return true;
        }

        if (conversation.GreetedAt is null)
        {
            Say(batch, conversation, greeting, nickname, "greeting");
            conversation.NoteGreeted(batch.Now);
        }
        else
        {
            Say(batch, conversation, ShopText.Get("Routing.Continued", nickname), nickname, "continued");
        }

        return true;
    }
}

/// <summary>Nobody can take the buyer yet: they queue, and are told their place once.</summary>
public sealed class EnqueueConversation(Guid conversationId, string busyReply, string purpose = "busy") : RoutingCommand(conversationId)
{
    protected override bool Execute(WriteBatch batch)
    {
        var conversation = Load(batch);
        if (!conversation.AwaitsRouting || conversation.Status == ConversationStatus.Queued)
        {
            return false;
        }

        conversation.Enqueue(batch.Now);
        Say(batch, conversation, busyReply, null, purpose);
        return true;
    }
}

/// <summary>After hours, or the queue gave up: the buyer's words stay as a 留言 and they are told so.</summary>
public sealed class LeaveAsMessage(Guid conversationId, string reply) : RoutingCommand(conversationId)
{
    protected override bool Execute(WriteBatch batch)
    {
        var conversation = Load(batch);
        if (!conversation.AwaitsRouting)
        {
            return false;
        }

        conversation.LeaveAsMessage(batch.Now);
        Say(batch, conversation, reply, null, "offline");
        return true;
    }
}

/// <summary>The queue timed out: on to the overflow group.</summary>
public sealed class OverflowConversation(Guid conversationId, Guid fromGroupId, Guid toGroupId) : RoutingCommand(conversationId)
{
    protected override bool Execute(WriteBatch batch)
    {
        var conversation = Load(batch);
        if (!conversation.AwaitsRouting || conversation.SkillGroupId != fromGroupId)
        {
            return false;
        }

        conversation.Overflow(toGroupId, batch.Now);
        return true;
    }
}

/// <summary>Takes a conversation back from an agent who went offline or did not answer in time.</summary>
public sealed class RerouteConversation(Guid conversationId, Guid fromAgentId, RerouteReason reason, Guid? byAgentId = null) : RoutingCommand(conversationId)
{
    protected override bool Execute(WriteBatch batch)
    {
        var conversation = Load(batch);
        if (conversation.AssigneeId != fromAgentId || conversation.Status is not (ConversationStatus.Open or ConversationStatus.Pending))
        {
            return false;
        }

        conversation.Reroute(reason, byAgentId, batch.Now);
        return true;
    }
}

/// <summary>The agent has not answered the buyer for a while: an automatic "please wait", once per unanswered stretch.</summary>
public sealed class SendWaitNotice(Guid conversationId, DateTime buyerWroteAt, string text, string? nickname) : RoutingCommand(conversationId)
{
    protected override bool Execute(WriteBatch batch)
    {
        var conversation = Load(batch);
        if (conversation.Status != ConversationStatus.Open || conversation.LastCustomerMessageAt != buyerWroteAt
            || conversation.LastAgentReplyAt >= buyerWroteAt || conversation.WaitNoticeAt >= buyerWroteAt)
        {
            return false;
        }

        Say(batch, conversation, text, nickname, "wait");
        conversation.NoteWaitNotice(batch.Now);
        return true;
    }
}
