using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Customers;

/// <summary>The same buyer as two records (two devices, two channels): found by phone or email, merged by an agent.</summary>
public abstract class CustomerMergeTests(AppFixture fx)
{
    private static string NewPhone() => "139" + Random.Shared.Next(10_000_000, 99_999_999);

    private async Task<(BuyerClient Buyer, MessageView First)> BuyerWithPhoneAsync(string phone, string name, string says)
    {
        var buyer = await fx.NewBuyerAsync();
        Assert.Equal(HttpStatusCode.OK, (await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { name, phone }, Json.Options)).StatusCode);
        var first = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body = says }))
            .Content.ReadFromJsonAsync<MessageView>(Json.Options);
        return (buyer, first!);
    }

    [Fact]
    public async Task Records_with_the_same_phone_are_suggested_and_merging_moves_everything_to_the_one_kept()
    {
        var phone = NewPhone();
        var (keep, keepFirst) = await BuyerWithPhoneAsync(phone, "张先生", "电脑上问的");
        var (dup, dupFirst) = await BuyerWithPhoneAsync(" " + phone[..3] + "-" + phone[3..], "张", "手机上问的");
        using var _ = keep.Http;
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        var suggested = (await agent.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers/{keep.Session.CustomerId}/duplicates", Json.Options))!;
        var row = Assert.Single(suggested);
        Assert.Equal(dup.Session.CustomerId, row.Id);
        Assert.Equal(phone[..3] + "****" + phone[^4..], row.Phone); // agents see it masked
        var full = (await supervisor.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers/{keep.Session.CustomerId}/duplicates", Json.Options))!;
        Assert.Equal(phone, Assert.Single(full).Phone);

        var (complaintId, reviewId) = await ComplaintAndReviewOfAsync(dup.Session.CustomerId);

        var merged = await agent.Http.PostAsJsonAsync($"/api/customers/{keep.Session.CustomerId}/merge", new { duplicateId = dup.Session.CustomerId }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        await using (var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(keep.Session.CustomerId, (await db.Set<Complaint>().SingleAsync(c => c.Id == complaintId)).CustomerId);
            Assert.Equal(keep.Session.CustomerId, (await db.Set<Review>().SingleAsync(r => r.Id == reviewId)).CustomerId);
        }

        var dupConversation = (await agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{dupFirst.ConversationId}", Json.Options))!;
        Assert.Equal(keep.Session.CustomerId, dupConversation.CustomerId);
        Assert.NotEqual(ConversationStatus.Closed, dupConversation.Status); // still live for the agents
        Assert.Empty((await agent.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers/{keep.Session.CustomerId}/duplicates", Json.Options))!);
        var history = await agent.Http.GetStringAsync($"/api/conversations/{dupFirst.ConversationId}/facts");
        Assert.Contains("customer_merged", history);

        // The phone's browser continues as the kept customer, in the kept live thread.
        using var dupAgain = await BuyerClient.StartAsync(fx.App, fx.World.Shop.WidgetKey, dup.Token);
        Assert.Equal(keep.Session.CustomerId, dupAgain.Session.CustomerId);
        var thread = (await dupAgain.Http.GetFromJsonAsync<BuyerThread>("/api/widget/thread", Json.Options))!;
        Assert.Equal(keepFirst.ConversationId, thread.ConversationId);
        dup.Dispose();
    }

    /// <summary>A complaint and a review on file for the buyer, as the after-sales desk would record them.</summary>
    private async Task<(Guid Complaint, Guid Review)> ComplaintAndReviewOfAsync(Guid customerId)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        var shop = await db.Shops.SingleAsync(s => s.Id == fx.World.Shop.Id);
        var now = DateTime.UtcNow;
        var complaint = new Complaint(Guid.CreateVersion7(), shop.OrganisationId, shop.Id, "TS" + Guid.NewGuid().ToString("N")[..10], customerId, null, null,
            ComplaintSource.Buyer, ComplaintSeverity.Normal, ComplaintCategory.Logistics, "快递太慢", "买家说等了一周", fx.World.Agent.Id, fx.World.Agent.Id, now);
        var review = new Review(Guid.CreateVersion7(), shop.OrganisationId, shop.Id,
            new ReviewFacts("R" + Guid.NewGuid().ToString("N"), null, "张", null, null, 2, ReviewRating.Bad, null, null, null, "不满意", now), null, customerId, now);
        db.AddRange(complaint, review);
        await db.SaveChangesAsync();
        return (complaint.Id, review.Id);
    }

    [Fact]
    public async Task Bad_merges_are_refused_and_change_nothing()
    {
        var (a, _) = await BuyerWithPhoneAsync(NewPhone(), "甲", "A");
        var (b, _) = await BuyerWithPhoneAsync(NewPhone(), "乙", "B");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        async Task<HttpResponseMessage> MergeAsync(Guid into, object body) => await agent.Http.PostAsJsonAsync($"/api/customers/{into}/merge", body, Json.Options);

        await (await MergeAsync(a.Session.CustomerId, new { duplicateId = a.Session.CustomerId })).AssertProblemAsync(HttpStatusCode.BadRequest, "merge_invalid");
        await (await MergeAsync(a.Session.CustomerId, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "merge_invalid");
        await (await MergeAsync(a.Session.CustomerId, new { duplicateId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
        Assert.Equal(HttpStatusCode.OK, (await MergeAsync(a.Session.CustomerId, new { duplicateId = b.Session.CustomerId })).StatusCode);
        await (await MergeAsync(a.Session.CustomerId, new { duplicateId = b.Session.CustomerId })).AssertProblemAsync(HttpStatusCode.BadRequest, "merge_invalid");
        await (await MergeAsync(b.Session.CustomerId, new { duplicateId = a.Session.CustomerId })).AssertProblemAsync(HttpStatusCode.BadRequest, "merge_invalid");

        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        Assert.Null((await db.Customers.SingleAsync(c => c.Id == a.Session.CustomerId)).MergedIntoId);
        Assert.Equal(a.Session.CustomerId, (await db.Customers.SingleAsync(c => c.Id == b.Session.CustomerId)).MergedIntoId);
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public async Task Agents_find_customers_by_name_phone_or_email()
    {
        var phone = NewPhone();
        var (buyer, _) = await BuyerWithPhoneAsync(phone, "搜索测试" + phone[^4..], "找我");
        Assert.Equal(HttpStatusCode.OK, (await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { email = $"Find.Me{phone}@Example.com" }, Json.Options)).StatusCode);
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        foreach (var q in new[] { phone, phone[3..], "搜索测试" + phone[^4..], $"find.me{phone}@example.com" })
        {
            var found = (await agent.Http.GetFromJsonAsync<List<CustomerRow>>($"/api/customers?q={Uri.EscapeDataString(q)}", Json.Options))!;
            var row = Assert.Single(found, r => r.Id == buyer.Session.CustomerId);
            Assert.Equal($"fi***@example.com", row.Email);
        }

        await (await agent.Http.GetAsync("/api/customers?q=x")).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await agent.Http.GetAsync("/api/customers?q=abc&limit=500")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        buyer.Dispose();
    }
}

public sealed class CustomerMergeTests_Sqlite(SqliteApp fx) : CustomerMergeTests(fx), IClassFixture<SqliteApp>;

public sealed class CustomerMergeTests_Postgres(PostgresApp fx) : CustomerMergeTests(fx), IClassFixture<PostgresApp>;
