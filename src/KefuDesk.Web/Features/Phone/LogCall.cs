using KefuDesk.Features.Channels;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Phone;

/// <summary>What logging a call did: its conversation, and the call-back it opened or answered.</summary>
public sealed record LoggedCall(Guid CallId, Guid ConversationId, Guid CustomerId, ConversationStatus ConversationStatus,
    Guid? CallbackTaskId, CallbackEffect Callback);

/// <summary>
/// An agent logs a phone call: the buyer is found by their number (or the customer the agent
/// picked), the call becomes a conversation on the phone channel, assigned to the agent, opened
/// by a line that sums it up, with the notes as an internal note. An answered call is finished
/// work, so the conversation is resolved at once (with its consultation record where the shop
/// wants one) unless the agent keeps it open to follow up. A missed call in becomes a call-back
/// task; an answered call out for a task completes it. Everything is checked before anything is
/// written, so a refused call leaves no trace.
/// </summary>
public sealed class LogCall(StaffAccess staff, CheckedCall call) : ConversationCommand<LoggedCall>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Tags(); // a record's tags become the conversation's

    protected override LoggedCall Execute(WriteBatch batch)
    {
        if (batch.Db.PhoneCalls.Find(call.CallId) is { } logged)
        {
            return logged.AgentId == staff.AgentId ? Replay(batch, logged) : throw CallRefusal.Because("CallId", call.Culture);
        }

        // Checks first: nothing is added to the batch until the call is known to be good.
        var task = call.CallbackTaskId is { } taskId ? OpenTask(batch, taskId) : null;
        var shopId = call.ShopId ?? task!.ShopId;
        var shop = batch.Db.Shops.Find(shopId);
        if (shop is null || !staff.Serves(shopId) || (task is not null && task.ShopId != shopId))
        {
            throw CallRefusal.Because(task is null ? "Shop" : "CallbackShop", call.Culture);
        }

        var number = call.Number ?? task!.Number;
        var picked = call.CustomerId is { } customerId ? PickedCustomer(batch, shop.OrganisationId, customerId)
            : task is not null && number == task.Number ? PhoneCustomers.Survivor(batch, batch.Customer(task.CustomerId)!)
            : null;
        var customer = picked ?? PhoneCustomers.Find(batch, shop.OrganisationId, number);
        var conversationId = Guid.CreateVersion7(batch.Now);
        var record = Record(batch, shop, conversationId, number);
        var resolve = !call.FollowUp;
        if (resolve && record is null && call.Outcome == CallOutcome.Answered && shop.Policy.RequireConsultationRecord)
        {
            throw new KefuDeskException(KefuDeskError.RecordRequired);
        }

        var openTask = call.Direction == CallDirection.Inbound && call.Outcome != CallOutcome.Answered && task is null
            ? CallbackTasks.OpenFor(batch, shopId, customer?.Id, number)
            : null;

        // Now write.
        customer ??= batch.CustomerOnChannel(shop.OrganisationId,
            new ChannelBuyer(IdentityKind.Phone, number, call.CustomerName ?? PersonalData.MaskPhone(number), Verified: false));
        PhoneCustomers.Remember(batch, customer, number);
        if (customer.DisplayName is null && call.CustomerName is not null)
        {
            customer.Describe(call.CustomerName, null, null);
        }

        var phoneCall = new PhoneCall(call.CallId, shopId, conversationId, customer.Id, staff.AgentId, call.Direction, number,
            call.StartedAt, call.DurationSeconds, call.Outcome, call.Notes, batch.Now);
        batch.Db.PhoneCalls.Add(phoneCall);
        var (callbackId, effect) = Callback(batch, phoneCall, task, openTask);

        var conversation = Conversation.Start(conversationId, shopId, customer.Id, Channel.Phone, ThreadKey(call.CallId), null, batch.Now);
        batch.Add(conversation);
        conversation.Assign(staff.AgentId, staff.AgentId, batch.Now);
        batch.Added(conversation.Append(Guid.CreateVersion7(batch.Now), MessageAuthor.System, $"call-{call.CallId:N}", MessageKind.System,
            CallLine.For(call.Direction, number, call.StartedAt, call.Outcome, call.DurationSeconds, effect), null, batch.Now));
        if (call.Notes is not null)
        {
            batch.Added(conversation.AddNote(Guid.CreateVersion7(batch.Now), MessageAuthor.Agent(staff.AgentId, staff.Nickname),
                $"call-note-{call.CallId:N}", call.Notes, [], batch.Now));
        }

        if (resolve)
        {
            conversation.Resolve(staff.AgentId, record, batch.Now);
        }

        batch.PublishAfterCommit(new CallLogged(phoneCall.Id, shopId, conversationId, customer.Id, staff.AgentId, call.Direction, call.Outcome,
            call.StartedAt, call.DurationSeconds));
        return new LoggedCall(phoneCall.Id, conversationId, customer.Id, conversation.Status, callbackId, effect);
    }

    /// <summary>One live conversation per call: the unique live-thread index must never join two calls.</summary>
    public static string ThreadKey(Guid callId) => $"call:{callId:N}";

    private CallbackTask OpenTask(WriteBatch batch, Guid taskId)
    {
        var task = CallbackTasks.LoadLocked(batch, taskId);
        if (task is null || !staff.Serves(task.ShopId))
        {
            throw new KefuDeskException(KefuDeskError.CallbackNotFound);
        }

        if (!task.IsOpen)
        {
            throw new KefuDeskException(KefuDeskError.CallbackClosed);
        }

        task.EnsureMayAct(staff.AgentId, staff.MaySupervise);
        return task;
    }

    /// <summary>The customer the agent picked: one they may see, else a call would make another shop's buyer this shop's.</summary>
    private Customer PickedCustomer(WriteBatch batch, Guid organisationId, Guid customerId)
    {
        var customer = batch.Customer(customerId);
        return customer is null || customer.OrganisationId != organisationId || !batch.Sees(staff, customerId)
            ? throw new KefuDeskException(KefuDeskError.CustomerNotFound)
            : PhoneCustomers.Survivor(batch, customer);
    }

    /// <summary>The consultation record, checked now; its summary defaults to the notes, then to the call's own line.</summary>
    private ConsultationRecord? Record(WriteBatch batch, Shop.Shop shop, Guid conversationId, string number)
    {
        if (call.Record is not { } input || (input.CategoryId is null && string.IsNullOrWhiteSpace(input.Summary) && (input.Tags ?? []).Count == 0))
        {
            return null;
        }

        var category = input.CategoryId is { } id ? batch.Db.ConsultationCategories.Find(id) : null;
        if (category is null || !category.Active || category.OrganisationId != shop.OrganisationId)
        {
            throw new KefuDeskException(KefuDeskError.CategoryInvalid);
        }

        var summary = !string.IsNullOrWhiteSpace(input.Summary) ? input.Summary
            : call.Notes is { } notes ? (notes.Length <= ConsultationRecord.SummaryMaxLength ? notes : notes[..ConsultationRecord.SummaryMaxLength])
            : CallLine.For(call.Direction, number, call.StartedAt, call.Outcome, call.DurationSeconds, CallbackEffect.None);
        return ConsultationRecord.ByAgent(conversationId, staff.AgentId, input with { Summary = summary }, batch.Now);
    }

    /// <summary>A missed call in opens a call-back (one per buyer at a time); an answered call back completes its task.</summary>
    private (Guid? TaskId, CallbackEffect Effect) Callback(WriteBatch batch, PhoneCall phoneCall, CallbackTask? task, CallbackTask? alreadyOpen)
    {
        if (task is not null)
        {
            if (phoneCall.Outcome == CallOutcome.Answered)
            {
                task.Done(phoneCall.Id, staff.AgentId, staff.MaySupervise, batch.Now);
            }
            else
            {
                task.Take(staff.AgentId, staff.MaySupervise, batch.Now); // tried and failed: it stays open, with whoever tried
            }

            CallbackTasks.Publish(batch, task);
            return (task.Id, task.IsOpen ? CallbackEffect.StillOpen : CallbackEffect.Done);
        }

        if (!phoneCall.NeedsCallBack)
        {
            return (null, CallbackEffect.None);
        }

        if (alreadyOpen is not null)
        {
            return (alreadyOpen.Id, CallbackEffect.AlreadyOpen);
        }

        var opened = new CallbackTask(Guid.CreateVersion7(batch.Now), phoneCall.ShopId, phoneCall.CustomerId, phoneCall.Id, phoneCall.Number, batch.Now);
        batch.Db.CallbackTasks.Add(opened);
        CallbackTasks.Publish(batch, opened);
        return (opened.Id, CallbackEffect.Opened);
    }

    /// <summary>The same call sent again (a retry after a lost answer): what it did the first time.</summary>
    private static LoggedCall Replay(WriteBatch batch, PhoneCall logged)
    {
        var status = batch.Db.Conversations.Where(c => c.Id == logged.ConversationId).Select(c => c.Status).First();
        var task = batch.Db.CallbackTasks.Where(t => t.MissedCallId == logged.Id || t.DoneByCallId == logged.Id)
            .Select(t => new { t.Id, t.MissedCallId }).FirstOrDefault();
        var effect = task is null ? CallbackEffect.None : task.MissedCallId == logged.Id ? CallbackEffect.Opened : CallbackEffect.Done;
        return new LoggedCall(logged.Id, logged.ConversationId, logged.CustomerId, status, task?.Id, effect);
    }
}
