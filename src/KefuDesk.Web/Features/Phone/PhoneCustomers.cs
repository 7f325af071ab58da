using KefuDesk.Features.Channels;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Phone;

/// <summary>Who is on the line: the same buyer whichever channel first told us their number.</summary>
internal static class PhoneCustomers
{
    /// <summary>
    /// The customer with this (normalised) number: by their phone identity, else one whose recorded
    /// phone is this number (typed into a form, imported with orders), else nobody yet.
    /// </summary>
    public static Customer? Find(WriteBatch batch, Guid organisationId, string number)
    {
        if (Identity(batch, organisationId, number) is { } identity)
        {
            return Survivor(batch, batch.Customer(identity.CustomerId)!);
        }

        // Recorded phones are stored as typed: narrow by the last digits, then compare normalised.
        var tail = number.Length > 4 ? number[^4..] : number;
        return batch.Db.Customers
            .Where(c => c.OrganisationId == organisationId && c.MergedIntoId == null && c.Phone != null && c.Phone.EndsWith(tail))
            .OrderByDescending(c => c.LastSeenAt)
            .Take(50)
            .AsEnumerable()
            .FirstOrDefault(c => ChannelBuyer.Normalise(IdentityKind.Phone, c.Phone!) == number);
    }

    /// <summary>The customer a merged record lives on in.</summary>
    public static Customer Survivor(WriteBatch batch, Customer customer)
    {
        while (customer.MergedIntoId is { } survivor)
        {
            customer = batch.Customer(survivor)!;
        }

        return customer;
    }

    /// <summary>Records the number as the customer's, unless it is already someone's (merging is an agent's decision).</summary>
    public static void Remember(WriteBatch batch, Customer customer, string number)
    {
        if (Identity(batch, customer.OrganisationId, number) is null)
        {
            batch.Db.CustomerIdentities.Add(new CustomerIdentity(customer.OrganisationId, customer.Id, IdentityKind.Phone, number, false, batch.Now));
        }

        if (customer.Phone is null)
        {
            customer.Describe(null, number, null);
        }
    }

    private static CustomerIdentity? Identity(WriteBatch batch, Guid organisationId, string number) =>
        batch.Db.CustomerIdentities.Local.FirstOrDefault(i => i.OrganisationId == organisationId && i.Kind == IdentityKind.Phone && i.Value == number)
        ?? batch.Db.CustomerIdentities.AsNoTracking()
            .FirstOrDefault(i => i.OrganisationId == organisationId && i.Kind == IdentityKind.Phone && i.Value == number);
}
