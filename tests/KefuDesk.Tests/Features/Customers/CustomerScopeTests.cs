using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Phone;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Features.Shop.Products;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.AfterSales;
using KefuDesk.Tests.Features.Shop;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Customers;

/// <summary>
/// A staff member sees a customer only through a shop they serve. 小美 serves the demo shop only: a buyer
/// who exists only in the JD shop is, for her, a customer that does not exist, whichever way she asks.
/// </summary>
public abstract class CustomerScopeTests(AppFixture fx)
{
    private static string NewPhone() => "137" + Random.Shared.Next(10_000_000, 99_999_999);

    /// <summary>A buyer who filled in the pre-chat form and wrote to the shop: a conversation there.</summary>
    private async Task<Guid> BuyerWritesAsync(TestShop shop, string name, string phone)
    {
        using var buyer = await fx.NewBuyerAsync(shop);
        Assert.Equal(HttpStatusCode.OK, (await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { name, phone }, Json.Options)).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body = "在吗" })).StatusCode);
        return buyer.Session.CustomerId;
    }

    private async Task<KefuDeskDbContext> DbAsync() =>
        await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();

    private StaffAccess Xiaomei => new(fx.World.Agent.Id, fx.World.Agent.Nickname, new HashSet<Guid> { fx.World.Shop.Id }, MaySupervise: false);

    /// <summary>What a refusal must leave as it was: the buyer's record, conversations, orders, complaints and calls.</summary>
    private async Task<string> StateOfAsync(params Guid[] customers)
    {
        await using var db = await DbAsync();
        var records = (await db.Customers.AsNoTracking().Where(c => customers.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync())
            .Select(c => $"{c.Id}:{c.Tags}:{c.MergedIntoId}");
        var conversations = (await db.Conversations.AsNoTracking().Where(c => customers.Contains(c.CustomerId)).OrderBy(c => c.Id).ToListAsync())
            .Select(c => $"{c.Id}:{c.CustomerId}:{c.QueuePriority}");
        var orders = (await db.Orders.AsNoTracking().Where(o => customers.Contains(o.CustomerId)).OrderBy(o => o.Id).ToListAsync())
            .Select(o => $"{o.Id}:{o.CustomerId}");
        var identities = (await db.CustomerIdentities.AsNoTracking().Where(i => customers.Contains(i.CustomerId)).OrderBy(i => i.Id).ToListAsync())
            .Select(i => $"{i.Id}:{i.CustomerId}");
        var complaints = await db.Set<Complaint>().CountAsync(c => customers.Contains(c.CustomerId));
        var calls = await db.PhoneCalls.CountAsync(c => customers.Contains(c.CustomerId));
        return string.Join("|", records.Concat(conversations).Concat(orders).Concat(identities).Append($"{complaints}/{calls}"));
    }

    [Fact]
    public async Task An_agent_of_another_shop_neither_finds_nor_changes_a_buyer_of_the_jd_shop()
    {
        var phone = NewPhone();
        var name = "京东买家" + phone[^4..];
        var jd = await BuyerWritesAsync(fx.World.OtherShop, name, phone);
        var jdTwin = await BuyerWritesAsync(fx.World.OtherShop, name + "乙", phone); // the same person on another device
        var jdOrder = await OrderSeed.AddAsync(fx, jdTwin, OrderStatus.Shipped, shopId: fx.World.OtherShop.Id);
        var before = await StateOfAsync(jd, jdTwin);
        await using var xiaomei = await fx.SignInAsync(fx.World.Agent);

        foreach (var q in new[] { name, phone, phone[^4..] })
        {
            Assert.DoesNotContain((await xiaomei.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers?q={Uri.EscapeDataString(q)}", Json.Options))!,
                r => r.Id == jd || r.Id == jdTwin);
        }

        await (await xiaomei.Http.GetAsync($"/api/customers/{jd}/duplicates")).AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        await (await xiaomei.Http.PutAsJsonAsync($"/api/customers/{jd}/tags", new { tags = new[] { "VIP" } }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        await (await xiaomei.Http.PostAsJsonAsync($"/api/customers/{jd}/merge", new { duplicateId = jdTwin }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        await (await xiaomei.Http.PostAsJsonAsync($"/api/customers/{jd}/merge", new { duplicateId = jd }, Json.Options)) // not even "the same record"
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        await (await xiaomei.Http.GetAsync($"/api/customers/{jdTwin}/orders?shopId={fx.World.Shop.Id}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        await (await xiaomei.Http.GetAsync($"/api/customers/{jdTwin}/orders?shopId={fx.World.OtherShop.Id}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "shop_not_found");
        await (await xiaomei.Http.GetAsync($"/api/customers/{jdTwin}/recent-products?shopId={fx.World.Shop.Id}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");

        // Naming the buyer on a complaint or a call of her shop would make them her shop's buyer.
        await (await xiaomei.Http.PostAsJsonAsync("/api/after-sales/complaints",
                new ComplaintInput(fx.World.Shop.Id, "buyer", "normal", "quality", "漏水", "买家说杯子漏水", CustomerId: jd), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "complaint_invalid");
        await (await xiaomei.Http.PostAsJsonAsync("/api/phone/calls",
                new CallLogInput(fx.World.Shop.Id, "inbound", NewPhone(), DateTimeOffset.UtcNow.AddMinutes(-3), 60, "answered", "问发货", CustomerId: jd,
                    Record: new ConsultationRecordInput(fx.World.CategoryId, null, null)), Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");

        // The panel beside the chat and the merge box read through the same services as the API.
        Assert.Null(await fx.App.Services.GetRequiredService<CustomerProfiles>().GetAsync(Xiaomei, jdTwin, fx.World.Shop.Id));
        Assert.Null(await fx.App.Services.GetRequiredService<CustomerProfiles>().GetAsync(Xiaomei, jdTwin, fx.World.OtherShop.Id));
        Assert.Empty(await fx.App.Services.GetRequiredService<CustomerDirectory>().SearchAsync(Xiaomei, name, false, 0, 50));

        Assert.Equal(before, await StateOfAsync(jd, jdTwin));

        // The JD shop's own agent finds them, sees the duplicate, and may act.
        await using var jdAgent = await fx.SignInAsync(fx.World.OtherShopAgent);
        Assert.Contains((await jdAgent.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers?q={Uri.EscapeDataString(name)}", Json.Options))!,
            r => r.Id == jd);
        Assert.Equal(jdTwin, Assert.Single((await jdAgent.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers/{jd}/duplicates", Json.Options))!).Id);
        Assert.Equal(jdOrder.Id, Assert.Single((await jdAgent.Http.GetFromJsonAsync<OrderPage>(
            $"/api/customers/{jdTwin}/orders?shopId={fx.World.OtherShop.Id}", Json.Options))!.Orders).Id);
    }

    [Fact]
    public async Task Merging_a_buyer_one_sees_with_another_shops_buyer_is_refused_and_moves_nothing()
    {
        var phone = NewPhone();
        var demo = await BuyerWritesAsync(fx.World.Shop, "张先生", phone);
        var jd = await BuyerWritesAsync(fx.World.OtherShop, "张先生(京东)", phone);
        var jdOrder = await OrderSeed.AddAsync(fx, jd, OrderStatus.Shipped, shopId: fx.World.OtherShop.Id);
        var before = await StateOfAsync(demo, jd);
        await using var xiaomei = await fx.SignInAsync(fx.World.Agent);

        // Same phone, but the JD record is no suggestion of hers.
        Assert.Empty((await xiaomei.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers/{demo}/duplicates", Json.Options))!);
        await (await xiaomei.Http.PostAsJsonAsync($"/api/customers/{demo}/merge", new { duplicateId = jd }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        await (await xiaomei.Http.PostAsJsonAsync($"/api/customers/{jd}/merge", new { duplicateId = demo }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        Assert.Equal(before, await StateOfAsync(demo, jd));

        // A supervisor of both shops sees both, and merging moves the JD order to the record kept.
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        Assert.Equal(jd, Assert.Single((await supervisor.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers/{demo}/duplicates", Json.Options))!).Id);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.Http.PostAsJsonAsync($"/api/customers/{demo}/merge", new { duplicateId = jd }, Json.Options)).StatusCode);
        await using var db = await DbAsync();
        Assert.Equal(demo, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == jdOrder.Id)).CustomerId);
    }

    [Fact]
    public async Task Of_a_buyer_of_both_shops_an_agent_sees_and_acts_on_their_own_shops_part_only()
    {
        var phone = NewPhone();
        var name = "两店买家" + phone[^4..];
        var buyer = await BuyerWritesAsync(fx.World.Shop, name, phone);
        await ShopBuyers.ServedConversationAsync(fx, fx.World.OtherShop.Id, buyer, fx.World.OtherShopAgent.Id, DateTime.UtcNow.AddDays(-2));
        var demoOrder = await OrderSeed.AddAsync(fx, buyer, OrderStatus.Shipped);
        var jdOrder = await OrderSeed.AddAsync(fx, buyer, OrderStatus.Delivered, shopId: fx.World.OtherShop.Id);
        await using var xiaomei = await fx.SignInAsync(fx.World.Agent);

        var row = Assert.Single((await xiaomei.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers?q={Uri.EscapeDataString(name)}", Json.Options))!);
        Assert.Equal((buyer, 1), (row.Id, row.Conversations)); // her shop's conversation, not the JD one

        var orders = (await xiaomei.Http.GetFromJsonAsync<OrderPage>($"/api/customers/{buyer}/orders?shopId={fx.World.Shop.Id}", Json.Options))!;
        Assert.Equal((demoOrder.Id, 1), (Assert.Single(orders.Orders).Id, orders.Total));
        await (await xiaomei.Http.GetAsync($"/api/customers/{buyer}/orders?shopId={fx.World.OtherShop.Id}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "shop_not_found");
        Assert.NotNull(await xiaomei.Http.GetFromJsonAsync<List<ProductRow>>($"/api/customers/{buyer}/recent-products?shopId={fx.World.Shop.Id}", Json.Options));

        var profile = (await fx.App.Services.GetRequiredService<CustomerProfiles>().GetAsync(Xiaomei, buyer, fx.World.Shop.Id))!;
        Assert.Equal((demoOrder.Id, 1), (Assert.Single(profile.Orders).Id, profile.OrderCount));
        Assert.DoesNotContain(profile.Orders, o => o.Id == jdOrder.Id);

        var tagged = await xiaomei.Http.PutAsJsonAsync($"/api/customers/{buyer}/tags", new { tags = new[] { "VIP" } }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        await using var db = await DbAsync();
        Assert.True((await db.Customers.AsNoTracking().SingleAsync(c => c.Id == buyer)).IsVip);
    }

    [Fact]
    public async Task Admins_see_every_customer_of_the_company_supervisors_those_of_their_shops()
    {
        // No digits in the name: a search with digits also matches phone numbers of other tests' buyers.
        var name = "只有记录的买家" + string.Concat(Enumerable.Range(0, 4).Select(_ => (char)('甲' + Random.Shared.Next(0, 200))));
        var stray = await OrderSeed.BuyerAsync(fx, name); // on record, but no conversation, order or complaint in any shop
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        Assert.Equal(stray, Assert.Single((await admin.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers?q={Uri.EscapeDataString(name)}", Json.Options))!).Id);
        Assert.Empty((await supervisor.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers?q={Uri.EscapeDataString(name)}", Json.Options))!);
        await (await supervisor.Http.GetAsync($"/api/customers/{stray}/duplicates")).AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
    }
}

public sealed class CustomerScopeTests_Sqlite(SqliteApp fx) : CustomerScopeTests(fx), IClassFixture<SqliteApp>;

public sealed class CustomerScopeTests_Postgres(PostgresApp fx) : CustomerScopeTests(fx), IClassFixture<PostgresApp>;
