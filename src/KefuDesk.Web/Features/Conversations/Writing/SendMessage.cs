using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>What a staff member may do, taken from their sign-in.</summary>
public sealed record StaffAccess(Guid AgentId, string Nickname, IReadOnlySet<Guid> ShopIds, bool MaySupervise)
{
    public bool Serves(Guid shopId) => ShopIds.Contains(shopId);
}

/// <summary>
/// Stores a message once per client message id and gives it the conversation's next sequence
/// number. A buyer who names no conversation writes into their live one with the shop, which is
/// started (and the visitor recorded) on their first message.
/// </summary>
public sealed class SendMessage : ConversationCommand<MessageView>
{
    private SendMessage(string? clientMessageId, string? body)
    {
        ClientMessageId = MessageInput.ClientMessageId(clientMessageId);
        Body = MessageInput.Body(body);
    }

    public string ClientMessageId { get; }
    public string Body { get; }
    public Guid? ConversationId { get; private init; }
    public LiveThread? Thread { get; private init; }
    public Guid? OrganisationId { get; private init; }
    public StaffAccess? Staff { get; private init; }

    /// <summary>A buyer writing to a shop; <paramref name="conversationId"/> is optional.</summary>
    public static SendMessage FromCustomer(Guid organisationId, LiveThread thread, Guid? conversationId,
        string? clientMessageId, string? body) =>
        new(clientMessageId, body) { OrganisationId = organisationId, Thread = thread, ConversationId = conversationId };

    /// <summary>A staff member replying in a conversation; replying to an unassigned one picks it up.</summary>
    public static SendMessage FromAgent(StaffAccess staff, Guid conversationId, string? clientMessageId, string? body) =>
        new(clientMessageId, body) { Staff = staff, ConversationId = conversationId };

    internal override void Declare(WriteBatchPlan plan)
    {
        if (ConversationId is { } id)
        {
            plan.Conversation(id);
        }
        else if (Thread is { } thread)
        {
            plan.LiveConversation(thread);
        }

        plan.ClientMessageId(ClientMessageId);
    }

    protected override MessageView Execute(WriteBatch batch) =>
        Staff is null ? ExecuteForCustomer(batch) : ExecuteForAgent(batch, Staff);

    private MessageView ExecuteForCustomer(WriteBatch batch)
    {
        var thread = Thread!.Value;
        Conversation? conversation;
        if (ConversationId is { } id)
        {
            conversation = batch.BuyerConversation(thread, id);
        }
        else
        {
            conversation = batch.LiveConversation(thread);
        }

        if (conversation is not null && batch.ExistingMessage(conversation.Id, ClientMessageId) is { } stored)
        {
            return Resent(batch, conversation, stored);
        }

        if (conversation is null)
        {
            var customer = batch.Customer(thread.CustomerId);
            if (customer is null)
            {
                batch.Add(Customer.Visitor(thread.CustomerId, OrganisationId!.Value, batch.Now));
            }
            else
            {
                customer.Seen(batch.Now);
            }

            conversation = Conversation.Start(Guid.CreateVersion7(batch.Now), thread.ShopId, thread.CustomerId,
                thread.Channel, thread.ThreadKey, null, batch.Now);
            batch.Add(conversation);
        }

        return Store(batch, conversation, MessageAuthor.Customer);
    }

    private MessageView ExecuteForAgent(WriteBatch batch, StaffAccess staff)
    {
        var conversation = batch.StaffConversation(staff, ConversationId!.Value);

        if (batch.ExistingMessage(conversation.Id, ClientMessageId) is { } stored)
        {
            return Resent(batch, conversation, stored);
        }

        if (conversation.IsClosed)
        {
            throw new KefuDeskException(KefuDeskError.ConversationClosed);
        }

        if (conversation.AssigneeId is null)
        {
            conversation.Assign(staff.AgentId, staff.AgentId, batch.Now);
        }
        else if (conversation.AssigneeId != staff.AgentId && !staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.ConversationTaken);
        }

        return Store(batch, conversation, MessageAuthor.Agent(staff.AgentId, staff.Nickname));
    }

    private MessageView Store(WriteBatch batch, Conversation conversation, MessageAuthor author)
    {
        var message = conversation.Append(Guid.CreateVersion7(batch.Now), author, ClientMessageId, Body, batch.Now);
        batch.Added(message);
        return MessageView.From(message);
    }

    /// <summary>The same client id again: answer with what is stored, and push it again in case the first push was lost.</summary>
    private static MessageView Resent(WriteBatch batch, Conversation conversation, Message stored)
    {
        var view = MessageView.From(stored);
        if (conversation.Messages.All(m => m.Id != stored.Id))
        {
            batch.Republish(new MessageCreated(conversation.Id, conversation.ShopId, conversation.CustomerId,
                conversation.AssigneeId, view));
        }

        return view;
    }
}
