using KefuDesk.Features.Channels;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Customers;

/// <summary>
/// A customer in a search result or a duplicate suggestion; phone and email masked for agents.
/// <see cref="Conversations"/> counts those in the shops the reader serves.
/// </summary>
public sealed record CustomerRow(Guid Id, CustomerKind Kind, string? DisplayName, string VisitorCode, string? Phone, string? Email,
    DateTime LastSeenAt, int Conversations);

/// <summary>
/// Finds the customers a staff member may see (<see cref="VisibleCustomers"/>): by name, phone or
/// email; and the records that are probably the same person.
/// </summary>
public sealed class CustomerDirectory(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public const int MaxPage = 50;

    public async Task<IReadOnlyList<CustomerRow>> SearchAsync(StaffAccess staff, string? q, bool fullPersonalData, int offset, int limit,
        CancellationToken ct = default)
    {
        var text = q?.Trim() ?? "";
        if (text.Length is < 2 or > 100 || offset < 0 || limit is < 1 or > MaxPage)
        {
            throw new KefuDeskException(text.Length is < 2 or > 100 ? KefuDeskError.PayloadInvalid : KefuDeskError.PagingInvalid,
                "q: 2–100 characters");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var digits = ChannelBuyer.Normalise(IdentityKind.Phone, text);
        var email = text.ToLowerInvariant();
        var query = Live(db, staff).Where(c =>
            (c.DisplayName != null && c.DisplayName.Contains(text))
            || (digits.Length >= 4 && c.Phone != null && c.Phone.Contains(digits))
            || (c.Email != null && c.Email.Contains(email))
            || db.CustomerIdentities.Any(i => i.CustomerId == c.Id
                                              && ((i.Kind == IdentityKind.Phone && i.Value == digits) || (i.Kind == IdentityKind.Email && i.Value == email))));
        return await RowsAsync(db, staff, query.OrderByDescending(c => c.LastSeenAt).Skip(offset).Take(limit), fullPersonalData, ct);
    }

    /// <summary>Other records with the same phone or email (typed in a form, or seen on a channel): candidates to merge.</summary>
    public async Task<IReadOnlyList<CustomerRow>> DuplicatesAsync(StaffAccess staff, Guid customerId, bool fullPersonalData, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await db.VisibleCustomerAsync(staff, customerId, ct);
        var identities = await db.CustomerIdentities.AsNoTracking()
            .Where(i => i.CustomerId == customerId && (i.Kind == IdentityKind.Phone || i.Kind == IdentityKind.Email)).ToListAsync(ct);
        var phones = identities.Where(i => i.Kind == IdentityKind.Phone).Select(i => i.Value)
            .Append(customer.Phone is null ? null : ChannelBuyer.Normalise(IdentityKind.Phone, customer.Phone)).OfType<string>().Distinct().ToList();
        var emails = identities.Where(i => i.Kind == IdentityKind.Email).Select(i => i.Value)
            .Append(customer.Email is null ? null : ChannelBuyer.Normalise(IdentityKind.Email, customer.Email)).OfType<string>().Distinct().ToList();
        if (phones.Count == 0 && emails.Count == 0)
        {
            return [];
        }

        var query = Live(db, staff).Where(c => c.Id != customerId && c.OrganisationId == customer.OrganisationId && (
            (c.Phone != null && phones.Contains(c.Phone)) || (c.Email != null && emails.Contains(c.Email))
            || db.CustomerIdentities.Any(i => i.CustomerId == c.Id
                                              && ((i.Kind == IdentityKind.Phone && phones.Contains(i.Value)) || (i.Kind == IdentityKind.Email && emails.Contains(i.Value))))));
        return await RowsAsync(db, staff, query.OrderByDescending(c => c.LastSeenAt).Take(10), fullPersonalData, ct);
    }

    private static IQueryable<Customer> Live(KefuDeskDbContext db, StaffAccess staff) =>
        db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null).VisibleTo(db, staff);

    private static async Task<IReadOnlyList<CustomerRow>> RowsAsync(KefuDeskDbContext db, StaffAccess staff, IQueryable<Customer> customers, bool full,
        CancellationToken ct)
    {
        // How much another shop talks with the buyer is that shop's business.
        var shops = staff.ShopIds.ToList();
        var rows = await customers
            .Select(c => new { c, Conversations = db.Conversations.Count(v => v.CustomerId == c.Id && v.LastSequence > 0 && shops.Contains(v.ShopId)) })
            .ToListAsync(ct);
        return rows.Select(r => new CustomerRow(r.c.Id, r.c.Kind, r.c.DisplayName, r.c.VisitorCode,
            full ? r.c.Phone : PersonalData.MaskPhone(r.c.Phone), full ? r.c.Email : PersonalData.MaskEmail(r.c.Email),
            r.c.LastSeenAt, r.Conversations)).ToList();
    }
}
