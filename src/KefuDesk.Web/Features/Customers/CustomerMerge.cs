using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Customers;

/// <summary>
/// Folds a duplicate customer record into the surviving one, inside a writer batch: identities,
/// live conversations (locked, each keeping its thread unless the survivor has one there), and the
/// rows that merely point at the buyer (closed conversations, surveys, files, calls, orders). The
/// duplicate stays, pointing at the survivor, so old links and tokens still find the buyer.
/// </summary>
internal static class CustomerMerge
{
    public static void Apply(WriteBatch batch, Customer duplicate, Customer survivor, Guid? byAgentId)
    {
        duplicate.MergeInto(survivor); // checks first: same company, not merged already, not itself

        foreach (var identity in batch.Db.CustomerIdentities.Where(i => i.CustomerId == duplicate.Id).ToList())
        {
            identity.MoveTo(survivor.Id);
        }

        var survivorThreads = batch.LiveConversationsOf(survivor.Id)
            .Select(c => (c.ShopId, c.Channel, c.OpenThreadKey)).ToHashSet();
        foreach (var conversation in batch.LiveConversationsOf(duplicate.Id))
        {
            conversation.MoveToCustomer(survivor.Id, survivorThreads.Contains((conversation.ShopId, conversation.Channel, conversation.OpenThreadKey)),
                byAgentId, batch.Now);
            batch.Moved(conversation, duplicate.Id);
        }

        // Rows that only point at the buyer move in place, in this same transaction.
        var db = batch.Db;
        db.Conversations.Where(c => c.CustomerId == duplicate.Id && c.OpenThreadKey == null)
            .ExecuteUpdate(s => s.SetProperty(c => c.CustomerId, survivor.Id));
        db.SatisfactionSurveys.Where(s => s.CustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(x => x.CustomerId, survivor.Id));
        db.Attachments.Where(a => a.UploadedByCustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(a => a.UploadedByCustomerId, survivor.Id));
        db.PhoneCalls.Where(c => c.CustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(c => c.CustomerId, survivor.Id));
        db.CallbackTasks.Where(t => t.CustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(t => t.CustomerId, survivor.Id));
        db.Orders.Where(o => o.CustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(o => o.CustomerId, survivor.Id));
        db.Set<AfterSales.AfterSalesCase>().Where(c => c.CustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(c => c.CustomerId, survivor.Id));
        db.Set<AfterSales.Complaints.Complaint>().Where(c => c.CustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(c => c.CustomerId, survivor.Id));
        db.Set<AfterSales.Reviews.Review>().Where(r => r.CustomerId == duplicate.Id).ExecuteUpdate(s => s.SetProperty(r => r.CustomerId, (Guid?)survivor.Id));
    }

    /// <summary>The record a customer id stands for now, following merges.</summary>
    public static Customer? Current(WriteBatch batch, Guid customerId)
    {
        var customer = batch.Customer(customerId);
        for (var hops = 0; customer?.MergedIntoId is { } survivor && hops < 10; hops++)
        {
            customer = batch.Customer(survivor);
        }

        return customer;
    }

    /// <summary>Refuses a merge between companies or of a record with itself before anything changes.</summary>
    public static void Check(Customer? duplicate, Customer? survivor, Guid organisationId)
    {
        if (duplicate is null || survivor is null || duplicate.OrganisationId != organisationId || survivor.OrganisationId != organisationId)
        {
            throw new KefuDeskException(KefuDeskError.CustomerNotFound);
        }

        if (duplicate.Id == survivor.Id || duplicate.MergedIntoId is not null || survivor.MergedIntoId is not null)
        {
            throw new KefuDeskException(KefuDeskError.MergeInvalid);
        }
    }
}
