using KefuDesk.Features.Channels;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Sync;

/// <summary>
/// The customer behind an order's platform buyer id. The id is kept as the shop-account identity
/// the widget uses for signed buyers (<see cref="IdentifyBuyer.IdentityValue"/>), so a buyer who
/// chats from the shop's site and the buyer of an imported order are one customer. A receiver's
/// phone is linked too when nobody has it yet (masked numbers such as 138****5678 are not).
/// </summary>
internal sealed class BuyerAccounts(KefuDeskDbContext db, SyncScope scope)
{
    private readonly Dictionary<string, Customer> _byAccount = new(StringComparer.Ordinal);
    private readonly HashSet<string> _phonesTaken = new(StringComparer.Ordinal);

    /// <summary>Looks up, in one go, the customers and phone identities a chunk of orders needs.</summary>
    public async Task LoadAsync(IReadOnlyList<PlatformOrder> orders, CancellationToken ct)
    {
        var accounts = orders.Select(o => Account(o.BuyerId)).Distinct().ToList();
        var identities = await db.CustomerIdentities.AsNoTracking()
            .Where(i => i.OrganisationId == scope.OrganisationId && i.Kind == IdentityKind.ShopAccount && accounts.Contains(i.Value))
            .Select(i => new { i.Value, i.CustomerId }).ToListAsync(ct);
        var ids = identities.Select(i => i.CustomerId).Distinct().ToList();
        var customers = await db.Customers.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var identity in identities)
        {
            var customer = customers[identity.CustomerId];
            while (customer.MergedIntoId is { } survivor) // an agent merged this record: the survivor is the buyer now
            {
                customer = await db.Customers.FirstAsync(c => c.Id == survivor, ct);
            }

            _byAccount[identity.Value] = customer;
        }

        var phones = orders.Select(o => Phone(o.ReceiverPhone)).OfType<string>().Distinct().ToList();
        _phonesTaken.UnionWith(await db.CustomerIdentities.AsNoTracking()
            .Where(i => i.OrganisationId == scope.OrganisationId && i.Kind == IdentityKind.Phone && phones.Contains(i.Value))
            .Select(i => i.Value).ToListAsync(ct));
    }

    /// <summary>The buyer's customer id, recording a new customer (and their identities) the first time.</summary>
    public Guid For(PlatformOrder order)
    {
        var account = Account(order.BuyerId);
        var phone = Phone(order.ReceiverPhone);
        if (!_byAccount.TryGetValue(account, out var customer))
        {
            customer = Customer.KnownBuyer(Guid.CreateVersion7(scope.Now), scope.OrganisationId, order.BuyerName ?? order.BuyerId, phone, null, scope.Now);
            db.Customers.Add(customer);
            db.CustomerIdentities.Add(new CustomerIdentity(scope.OrganisationId, customer.Id, IdentityKind.ShopAccount, account, verified: true, scope.Now));
            _byAccount[account] = customer;
        }
        else if (customer.DisplayName is null)
        {
            customer.BecomeKnown(order.BuyerName ?? order.BuyerId);
        }

        if (phone is not null && _phonesTaken.Add(phone))
        {
            db.CustomerIdentities.Add(new CustomerIdentity(scope.OrganisationId, customer.Id, IdentityKind.Phone, phone, verified: false, scope.Now));
        }

        return customer.Id;
    }

    /// <summary>After a chunk is saved its entities are no longer tracked; the next chunk looks up again.</summary>
    public void Forget()
    {
        _byAccount.Clear();
        _phonesTaken.Clear();
    }

    private string Account(string buyerId) => IdentifyBuyer.IdentityValue(scope.ShopId, buyerId);

    private static string? Phone(string receiverPhone)
    {
        if (receiverPhone.Length == 0 || receiverPhone.Contains('*'))
        {
            return null;
        }

        var normalised = ChannelBuyer.Normalise(IdentityKind.Phone, receiverPhone);
        return normalised.Count(char.IsAsciiDigit) >= 7 ? normalised : null;
    }
}
