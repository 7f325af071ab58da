using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>What a staff member may do, taken from their sign-in.</summary>
public sealed record StaffAccess(Guid AgentId, string Nickname, IReadOnlySet<Guid> ShopIds, bool MaySupervise)
{
    public bool Serves(Guid shopId) => ShopIds.Contains(shopId);

    /// <summary>
    /// The company an admin answers for: they see every customer of it, not only the buyers of the
    /// shops they serve (<see cref="Customers.VisibleCustomers"/>). Null for supervisors and agents.
    /// </summary>
    public Guid? AdminOf { get; init; }
}

/// <summary>Where a channel message came from: the shop's account, the buyer there, the channel's ids.</summary>
public sealed record ChannelArrival(Guid ShopId, Guid ChannelAccountId, Channel Channel, string ThreadKey, Channels.ChannelBuyer Buyer,
    string ExternalMessageId, Guid? ThreadedConversationId);

/// <summary>Besides text, a message may carry one uploaded file, or a product or order card.</summary>
public sealed record OutgoingContent(Guid? AttachmentId = null, Guid? ProductId = null, Guid? OrderId = null)
{
    public bool IsEmpty => AttachmentId is null && ProductId is null && OrderId is null;

    public static OutgoingContent? Of(Guid? attachmentId, Guid? productId, Guid? orderId)
    {
        var content = new OutgoingContent(attachmentId, productId, orderId);
        return content.IsEmpty ? null
            : new[] { attachmentId, productId, orderId }.Count(x => x is not null) > 1 ? throw new KefuDeskException(KefuDeskError.PayloadInvalid, "one of attachmentId, productId, orderId")
            : content;
    }
}

/// <summary>
/// Stores a message once per client message id and gives it the conversation's next sequence
/// number. A buyer who names no conversation writes into their live one with the shop, which is
/// started (and the visitor recorded) on their first message, or again once the last one closed.
/// </summary>
public sealed class SendMessage : ConversationCommand<MessageView>
{
    private SendMessage(string? clientMessageId, string? body, OutgoingContent? content)
    {
        ClientMessageId = MessageInput.ClientMessageId(clientMessageId);
        Body = content is null ? MessageInput.Body(body) : MessageInput.Caption(body);
        Content = content;
    }

    public string ClientMessageId { get; }
    public string Body { get; }
    public OutgoingContent? Content { get; }
    public Guid? ConversationId { get; private init; }
    public LiveThread? Thread { get; private init; }
    public Guid? OrganisationId { get; private init; }
    public StaffAccess? Staff { get; private init; }

    /// <summary>Where a buyer's first message on a channel starts its conversation (email: its subject).</summary>
    public string? Subject { get; private init; }

    /// <summary>A message arriving through a channel account: who sent it there, and its id there.</summary>
    public ChannelArrival? Arrival { get; private init; }

    /// <summary>A buyer writing to a shop; <paramref name="conversationId"/> is optional.</summary>
    public static SendMessage FromCustomer(Guid organisationId, LiveThread thread, Guid? conversationId,
        string? clientMessageId, string? body, OutgoingContent? content = null, string? subject = null, Routing.Groups.EntryContext? entry = null) =>
        new(clientMessageId, body, content) { OrganisationId = organisationId, Thread = thread, ConversationId = conversationId, Subject = subject, Entry = entry };

    /// <summary>Where the buyer started (entry point, page, question, order): entry rules choose the group from it.</summary>
    public Routing.Groups.EntryContext? Entry { get; private init; }

    /// <summary>
    /// A buyer writing through a channel account (email, IM bridge, WeChat). The buyer is found by
    /// their identity on the channel (or recorded now); the message goes into the conversation the
    /// channel's threading points at, else the buyer's live one on <paramref name="threadKey"/>. The
    /// channel's own message id makes a redelivery harmless.
    /// </summary>
    public static SendMessage FromChannel(Guid organisationId, Guid shopId, Guid channelAccountId, Channel channel, string threadKey,
        Channels.ChannelBuyer buyer, string externalMessageId, string? body, OutgoingContent? content = null, string? subject = null,
        Guid? threadedConversationId = null) =>
        // The buyer on a channel cannot be told "no": control and broken characters are dropped here, for every channel.
        new(Channels.ChannelIds.ClientIdFor(channelAccountId, externalMessageId), InputText.CleanedOrNull(body), content)
        {
            OrganisationId = organisationId,
            Subject = InputText.CleanedOrNull(subject),
            ConversationId = null,
            Arrival = new ChannelArrival(shopId, channelAccountId, channel, threadKey, buyer.Normalised(), externalMessageId, threadedConversationId),
        };

    /// <summary>A staff member replying in a conversation; replying to an unassigned one picks it up.</summary>
    public static SendMessage FromAgent(StaffAccess staff, Guid conversationId, string? clientMessageId, string? body,
        OutgoingContent? content = null) =>
        new(clientMessageId, body, content) { Staff = staff, ConversationId = conversationId };

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
        Staff is not null ? ExecuteForAgent(batch, Staff)
        : Arrival is not null ? ExecuteForChannel(batch, Arrival)
        : ExecuteForCustomer(batch);

    private MessageView ExecuteForChannel(WriteBatch batch, ChannelArrival arrival)
    {
        // A redelivery of a message the channel already gave us (even into a conversation closed since) is the same message.
        if (batch.Db.ChannelMessageRefs.Find(arrival.ChannelAccountId, arrival.ExternalMessageId) is { MessageId: { } knownId } known
            && batch.ConversationLoadedNow(known.ConversationId) is not null
            && batch.Db.Messages.AsNoTracking().FirstOrDefault(m => m.Id == knownId) is { } delivered)
        {
            return Resent(delivered);
        }

        var customer = batch.CustomerOnChannel(OrganisationId!.Value, arrival.Buyer);
        var thread = new LiveThread(arrival.ShopId, customer.Id, arrival.Channel, arrival.ThreadKey);
        var conversation = arrival.ThreadedConversationId is { } hinted && batch.ConversationLoadedNow(hinted) is { IsClosed: false } threaded
                           && threaded.ShopId == arrival.ShopId && threaded.CustomerId == customer.Id
            ? threaded
            : batch.LiveConversation(thread);
        if (conversation is not null && batch.ExistingMessage(conversation.Id, ClientMessageId) is { } stored)
        {
            return Resent(stored);
        }

        if (conversation is not null && !conversation.MayReopenAt(batch.Now, () => batch.Policy(arrival.ShopId).ReopenWindow))
        {
            conversation.Close(null, force: false, batch.Now);
            conversation = null;
        }

        if (conversation is null)
        {
            conversation = Conversation.Start(Guid.CreateVersion7(batch.Now), arrival.ShopId, customer.Id, arrival.Channel, arrival.ThreadKey,
                null, batch.Now, Subject, arrival.ChannelAccountId);
            batch.Add(conversation);
            Routing.Groups.EntryRouting.Route(batch, conversation, customer, null, Body, Content?.OrderId is not null);
        }

        var (kind, content) = ResolveContent(batch, conversation, customerId: customer.Id, agentId: null, fromChannel: true);
        var view = Store(batch, conversation, MessageAuthor.Customer, kind, content);
        NoteIfNobodyOnline(batch, conversation);
        batch.Db.ChannelMessageRefs.Add(new Channels.ChannelMessageRef(arrival.ChannelAccountId, arrival.ExternalMessageId, conversation.Id, view.Id, batch.Now));
        return view;
    }

    private MessageView ExecuteForCustomer(WriteBatch batch)
    {
        var thread = Thread!.Value;
        var conversation = ConversationId is { } id ? batch.BuyerConversation(thread, id) : batch.LiveConversation(thread);
        if (conversation is not null && batch.ExistingMessage(conversation.Id, ClientMessageId) is { } stored)
        {
            return Resent(stored);
        }

        if (conversation is not null && ConversationId is null && !conversation.MayReopenAt(batch.Now, () => batch.Policy(thread.ShopId).ReopenWindow))
        {
            // Resolved long enough ago: that episode is over, and this is a new conversation.
            conversation.Close(null, force: false, batch.Now);
            conversation = null;
        }

        if (conversation is null)
        {
            var customer = batch.Customer(thread.CustomerId);
            if (customer is null)
            {
                customer = Customer.Visitor(thread.CustomerId, OrganisationId!.Value, batch.Now);
                batch.Add(customer);
            }
            else
            {
                customer.Seen(batch.Now);
            }

            conversation = Conversation.Start(Guid.CreateVersion7(batch.Now), thread.ShopId, thread.CustomerId,
                thread.Channel, thread.ThreadKey, null, batch.Now, Subject);
            batch.Add(conversation);
            Routing.Groups.EntryRouting.Route(batch, conversation, customer, Entry, Body, Content?.OrderId is not null);
        }

        var (kind, content) = ResolveContent(batch, conversation, customerId: thread.CustomerId, agentId: null);
        var view = Store(batch, conversation, MessageAuthor.Customer, kind, content);
        NoteIfNobodyOnline(batch, conversation);
        return view;
    }

    /// <summary>Nobody of the shop is online to take it: it is a 留言 (offline message) until an agent answers.</summary>
    private static void NoteIfNobodyOnline(WriteBatch batch, Conversation conversation)
    {
        if (conversation.AssigneeId is null && !batch.ShopStaffed(conversation.ShopId))
        {
            conversation.MarkLeftOffline();
        }
    }

    private MessageView ExecuteForAgent(WriteBatch batch, StaffAccess staff)
    {
        var conversation = batch.StaffConversation(staff, ConversationId!.Value);
        if (batch.ExistingMessage(conversation.Id, ClientMessageId) is { } stored)
        {
            return Resent(stored);
        }

        if (conversation.IsClosed)
        {
            throw new KefuDeskException(KefuDeskError.ConversationClosed);
        }

        if (conversation.Channel == Channel.Phone)
        {
            throw new KefuDeskException(KefuDeskError.PhoneNoReply); // a logged call has nobody on the other end: notes only
        }

        if (conversation.AssigneeId is not null && conversation.AssigneeId != staff.AgentId && !staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.ConversationTaken);
        }

        var (kind, content) = ResolveContent(batch, conversation, customerId: null, agentId: staff.AgentId);
        if (conversation.AssigneeId is null)
        {
            Routing.Agents.Seating.Take(batch, staff.AgentId, force: staff.MaySupervise);
            conversation.Assign(staff.AgentId, staff.AgentId, batch.Now);
        }

        return Store(batch, conversation, MessageAuthor.Agent(staff.AgentId, staff.Nickname), kind, content);
    }

    /// <summary>Turns the ids the sender gave into what the message shows, checking each belongs here.</summary>
    /// <param name="fromChannel">A channel's adapter stored the file before the buyer was known: it has no uploader.</param>
    private (MessageKind Kind, MessageContent? Content) ResolveContent(WriteBatch batch, Conversation conversation, Guid? customerId, Guid? agentId,
        bool fromChannel = false)
    {
        if (Content is null)
        {
            return (MessageKind.Text, null);
        }

        if (Content.AttachmentId is { } attachmentId)
        {
            var attachment = batch.Db.Attachments.Find(attachmentId);
            var uploadedBySender = fromChannel ? attachment is { UploadedByCustomerId: null, UploadedByAgentId: null }
                : customerId is not null ? attachment?.UploadedByCustomerId == customerId
                : attachment?.UploadedByAgentId == agentId;
            if (attachment is null || attachment.ShopId != conversation.ShopId || !uploadedBySender
                || (attachment.ConversationId is { } used && used != conversation.Id))
            {
                throw new KefuDeskException(KefuDeskError.AttachmentNotFound);
            }

            attachment.UseIn(conversation.Id);
            return (attachment.IsImage ? MessageKind.Image : MessageKind.File, new MessageContent(Attachment: attachment.Info));
        }

        if (Content.ProductId is { } productId)
        {
            var product = batch.Db.Products.Find(productId);
            return product is null || product.ShopId != conversation.ShopId
                ? throw new KefuDeskException(KefuDeskError.ProductNotFound)
                : (MessageKind.ProductCard, new MessageContent(Product: new ProductCard(product.Id, product.Sku, product.Title, product.PriceFen, product.ImageUrl)));
        }

        var order = batch.Db.Orders.Find(Content.OrderId!.Value);
        if (order is null || order.ShopId != conversation.ShopId || (customerId is not null && order.CustomerId != customerId))
        {
            throw new KefuDeskException(KefuDeskError.OrderNotFound);
        }

        batch.Db.Entry(order).Collection(o => o.Items).Load();
        return (MessageKind.OrderCard, new MessageContent(Order: OrderCard.Of(order)));
    }

    private MessageView Store(WriteBatch batch, Conversation conversation, MessageAuthor author, MessageKind kind, MessageContent? content)
    {
        var message = conversation.Append(Guid.CreateVersion7(batch.Now), author, ClientMessageId, kind, Body, content, batch.Now);
        batch.Added(message);
        return MessageView.From(message);
    }

    /// <summary>
    /// The same client id again (a retry after a lost acknowledgement): answer with what is stored.
    /// Nothing is pushed again: the first push went out after the commit, and a client that missed
    /// it catches up by sequence number, so a second push would only show the message twice.
    /// </summary>
    private static MessageView Resent(Message stored) => MessageView.From(stored);
}
