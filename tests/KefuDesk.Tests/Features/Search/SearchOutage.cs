using KefuDesk.Features.Conversations;
using KefuDesk.Features.Search;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Search;

/// <summary>Messages stored without their search entry (demo data, an import, history from before search).</summary>
public static class SearchOutage
{
    /// <summary>Stores a buyer's message straight into the database, past the conversation writer: no entry is written.</summary>
    public static async Task<Guid> WriteWithoutEntryAsync(AppFixture fx, string body)
    {
        var factory = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var organisation = await db.Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.OrganisationId).SingleAsync();
        var customer = KefuDesk.Features.Customers.Customer.Visitor(Guid.NewGuid(), organisation, now);
        db.Customers.Add(customer);
        var conversation = Conversation.Start(Guid.CreateVersion7(), fx.World.Shop.Id, customer.Id, Channel.Web, BuyerIdentity.WebThreadKey, null, now);
        var message = conversation.Append(Guid.CreateVersion7(), MessageAuthor.Customer, Guid.NewGuid().ToString(), body, now);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return message.Id;
    }

    /// <summary>Runs the catch-up job as its timer would, until it reports it has caught up.</summary>
    public static async Task CatchUpAsync(AppFixture fx)
    {
        var job = fx.App.Services.GetRequiredService<SearchCatchUp>();
        while (!(await job.StepAsync(CancellationToken.None)).CaughtUp)
        {
        }
    }
}
