using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Customers;

public sealed record MergeResult(Guid SurvivorId, Guid MergedId);

/// <summary>
/// An agent merges a duplicate customer record into the one to keep (same person on two channels).
/// Both must be customers the agent may see: a buyer of another shop is not found, and nothing moves.
/// </summary>
public sealed class MergeCustomers(StaffAccess staff, Guid organisationId, Guid duplicateId, Guid survivorId) : ConversationCommand<MergeResult>
{
    internal override void Declare(WriteBatchPlan plan)
    {
        plan.LiveThreadCustomers.Add(duplicateId);
        plan.LiveThreadCustomers.Add(survivorId);
    }

    protected override MergeResult Execute(WriteBatch batch)
    {
        batch.LockCustomers(duplicateId, survivorId);
        var duplicate = batch.Customer(duplicateId);
        var survivor = batch.Customer(survivorId);
        if (!batch.Sees(staff, duplicateId) || !batch.Sees(staff, survivorId))
        {
            throw new KefuDeskException(KefuDeskError.CustomerNotFound); // before any other check: a refusal must not tell it exists
        }

        CustomerMerge.Check(duplicate, survivor, organisationId);
        CustomerMerge.Apply(batch, duplicate!, survivor!, staff.AgentId);
        return new MergeResult(survivor!.Id, duplicate!.Id);
    }
}

/// <summary>
/// The shop's site proved who the widget's visitor is (a signed shop customer id): the visitor
/// becomes that known buyer. Their anonymous history joins the known record if there is one already.
/// </summary>
public sealed class IdentifyBuyer(Guid organisationId, Guid shopId, Guid visitorId, bool visitorWasKnown, string shopUserId, string? name)
    : ConversationCommand<Guid>
{
    public const int UserIdMaxLength = 100;

    public static string IdentityValue(Guid shopId, string shopUserId) => $"{shopId:N}:{shopUserId}";

    internal override void Declare(WriteBatchPlan plan) => plan.LiveThreadCustomers.Add(visitorId);

    protected override Guid Execute(WriteBatch batch)
    {
        var value = IdentityValue(shopId, shopUserId);
        var identity = batch.Db.CustomerIdentities.FirstOrDefault(i => i.OrganisationId == organisationId && i.Kind == IdentityKind.ShopAccount && i.Value == value);
        var visitor = visitorWasKnown ? null : CustomerMerge.Current(batch, visitorId);
        if (identity is not null)
        {
            batch.LockCustomers(identity.CustomerId, visitorId);
            var known = CustomerMerge.Current(batch, identity.CustomerId)!;
            known.BecomeKnown(known.DisplayName ?? name);
            if (visitor is { Kind: CustomerKind.Visitor } anonymous && anonymous.Id != known.Id && anonymous.OrganisationId == organisationId)
            {
                CustomerMerge.Apply(batch, anonymous, known, byAgentId: null); // what they wrote before signing in is theirs
            }

            return known.Id;
        }

        // First time we see this shop account: the visitor (if anonymous) is that person from now on.
        var person = visitor is { Kind: CustomerKind.Visitor, MergedIntoId: null } v && v.OrganisationId == organisationId ? v : null;
        if (person is null)
        {
            person = Customer.Visitor(visitorWasKnown ? Guid.NewGuid() : visitorId, organisationId, batch.Now);
            batch.Add(person);
        }

        person.BecomeKnown(name);
        batch.Db.CustomerIdentities.Add(new CustomerIdentity(organisationId, person.Id, IdentityKind.ShopAccount, value, verified: true, batch.Now));
        return person.Id;
    }
}

/// <summary>The buyer filled in the pre-chat or offline-message form: name, phone, email.</summary>
public sealed class DescribeBuyer(Guid organisationId, Guid customerId, BuyerDetails details) : ConversationCommand<BuyerDetails>
{
    internal override void Declare(WriteBatchPlan plan)
    {
    }

    protected override BuyerDetails Execute(WriteBatch batch)
    {
        var customer = CustomerMerge.Current(batch, customerId);
        if (customer is null)
        {
            customer = Customer.Visitor(customerId, organisationId, batch.Now);
            batch.Add(customer);
        }
        else if (customer.OrganisationId != organisationId)
        {
            throw new KefuDeskException(KefuDeskError.CustomerNotFound);
        }

        customer.Describe(details.Name, details.Phone, details.Email);
        return new BuyerDetails(customer.DisplayName, customer.Phone, customer.Email);
    }
}
