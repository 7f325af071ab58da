using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Features.Routing.Presence;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Widget;

/// <summary>
/// Starts a widget session: who the buyer is (the browser's token, a signed identity from the
/// shop's site, merges an agent made since), what to ask before chatting, and whether anyone is online.
/// </summary>
public sealed class WidgetSessions(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    VisitorTokens tokens,
    ConversationWriter writer,
    Presence presence,
    ILogger<WidgetSessions> log)
{
    public async Task<WidgetSession> StartAsync(ShopInfo shop, WidgetShopSettings settings, BuyerIdentity? held, SignedIdentity? identity,
        CancellationToken ct)
    {
        var buyer = held ?? Anonymous(shop);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (identity is not null)
        {
            (string userId, string? name) proven;
            try
            {
                proven = identity.Verify(settings.WidgetSecret);
            }
            catch (KefuDeskException refused)
            {
                log.LogWarning("Signed identity refused for shop {Shop}: {Reason}", shop.Id, refused.Message);
                throw;
            }

            var value = IdentifyBuyer.IdentityValue(shop.Id, proven.userId);
            var knownId = await db.CustomerIdentities.AsNoTracking()
                .Where(i => i.OrganisationId == shop.OrganisationId && i.Kind == IdentityKind.ShopAccount && i.Value == value)
                .Select(i => (Guid?)i.CustomerId).FirstOrDefaultAsync(ct);
            if (!(buyer.Known && knownId == buyer.CustomerId))
            {
                var customerId = await writer.ExecuteAsync(
                    new IdentifyBuyer(shop.OrganisationId, shop.Id, buyer.CustomerId, buyer.Known, proven.userId, proven.name), ct);
                buyer = new BuyerIdentity(customerId, shop.Id, shop.OrganisationId, Known: true);
            }
        }
        else if (buyer.Known)
        {
            buyer = Anonymous(shop); // the site no longer says who this is: signed out, or someone else at this computer
        }

        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == buyer.CustomerId, ct);
        for (var hops = 0; customer?.MergedIntoId is { } survivor && hops < 10; hops++)
        {
            // An agent merged this record into another: the buyer continues as that one.
            customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == survivor, ct);
            buyer = buyer with { CustomerId = survivor };
        }

        var form = settings.PreChat;
        var filled = customer is not null
                     && (!form.AskName || customer.DisplayName is not null)
                     && (!form.AskPhone || customer.Phone is not null)
                     && (!form.AskEmail || customer.Email is not null);
        return new WidgetSession(tokens.Issue(buyer), buyer.CustomerId, Customer.CodeFor(buyer.CustomerId), new WidgetShop(shop.Id, shop.Name),
            new WidgetPreChat(form.Enabled, form.AskName, form.AskPhone, form.AskEmail, form.Required, filled),
            await presence.ShopStaffedAsync(shop.Id, ct), buyer.Known, customer?.DisplayName)
        {
            Questions = await QuestionsAsync(db, shop.Id, ct),
        };
    }

    /// <summary>The question menu: each Question entry rule's value once, in the rules' order.</summary>
    private static async Task<IReadOnlyList<string>> QuestionsAsync(KefuDeskDbContext db, Guid shopId, CancellationToken ct)
    {
        var values = await db.EntryRules.AsNoTracking()
            .Where(r => r.ShopId == shopId && r.Condition == EntryCondition.Question)
            .OrderBy(r => r.Position).Select(r => r.Value).ToListAsync(ct);
        return [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static BuyerIdentity Anonymous(ShopInfo shop) => new(Guid.NewGuid(), shop.Id, shop.OrganisationId);
}
