using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.AfterSales;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>A node whose clock the tests move and whose deadline job runs only when a test calls it.</summary>
public sealed class AfterSalesSqliteApp() : AppFixture(DatabaseProvider.Sqlite, ManualClock.StartingNow(), CaseDesk.Settings);

public sealed class AfterSalesPostgresApp() : AppFixture(DatabaseProvider.Postgres, ManualClock.StartingNow(), CaseDesk.Settings);

/// <summary>An order as a test made it: its buyer has a name and phone number no other test uses.</summary>
public sealed record TestOrder(Guid Id, string OrderNo, Guid ShopId, Guid CustomerId, string BuyerName, string Phone, long PaidFen);

/// <summary>What after-sales tests do over and over: make a paid order, open a case, take a step, read the database.</summary>
public static class CaseDesk
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["KefuDesk:AfterSales:DeadlineSweepSeconds"] = "86400",
    };

    public static async Task<TestOrder> OrderAsync(AppFixture fx, Guid? shopId = null, long paidFen = 30_000, OrderStatus status = OrderStatus.Delivered,
        Guid? customerId = null)
    {
        var shop = shopId ?? fx.World.Shop.Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var phone = "139" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var name = "买家" + tag;
        await using var db = await Db(fx);
        var organisation = await db.Shops.Where(s => s.Id == shop).Select(s => s.OrganisationId).SingleAsync();
        var buyer = customerId ?? Guid.NewGuid();
        if (customerId is null)
        {
            db.Customers.Add(Customer.KnownBuyer(buyer, organisation, name, phone, null, DateTime.UtcNow));
        }

        var order = new Order(Guid.NewGuid(), shop, buyer, "T" + tag.ToUpperInvariant(), status, DateTime.UtcNow, name, phone, "上海市浦东新区张江路 1 号");
        order.AddItem(Guid.NewGuid(), null, "SKU-" + tag, "测试商品 " + tag, paidFen, 1);
        if (status != OrderStatus.AwaitingPayment)
        {
            order.RecordPayment(paidFen, DateTime.UtcNow);
        }

        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return new TestOrder(order.Id, order.OrderNo, shop, buyer, name, phone, status == OrderStatus.AwaitingPayment ? 0 : paidFen);
    }

    public static Task<HttpResponseMessage> OpenAsync(this StaffClient staff, TestOrder order, string kind, long refundFen, string reason = "qualityProblem",
        Guid? conversationId = null, Guid[]? evidenceIds = null, string? description = "盖子有裂痕") =>
        staff.Http.PostAsJsonAsync("/api/after-sales/cases",
            new { orderId = order.Id, kind, reason, refundFen, description, conversationId, evidenceIds }, Json.Options);

    public static async Task<CaseDetails> OpenedAsync(this StaffClient staff, TestOrder order, string kind, long refundFen, string reason = "qualityProblem",
        Guid? conversationId = null, Guid[]? evidenceIds = null)
    {
        var response = await staff.OpenAsync(order, kind, refundFen, reason, conversationId, evidenceIds);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseDetails>(Json.Options))!;
    }

    public static Task<HttpResponseMessage> StepAsync(this StaffClient staff, Guid caseId, string step, object? body = null) =>
        staff.Http.PostAsJsonAsync($"/api/after-sales/cases/{caseId}/{step}", body ?? new { }, Json.Options);

    public static async Task<CaseDetails> SteppedAsync(this StaffClient staff, Guid caseId, string step, object? body = null)
    {
        var response = await staff.StepAsync(caseId, step, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseDetails>(Json.Options))!;
    }

    public static async Task<CaseDetails> CaseAsync(this StaffClient staff, Guid caseId) =>
        (await staff.Http.GetFromJsonAsync<CaseDetails>($"/api/after-sales/cases/{caseId}", Json.Options))!;

    /// <summary>The body a step needs, for the steps that need one.</summary>
    public static object? BodyFor(string step) => step switch
    {
        "reject" => new { reason = "不符合售后条件" },
        "buyer-returned" => new { carrier = "顺丰速运", trackingNo = "SF1234567890" },
        "inspect" => new { passed = true },
        "fulfil" => new { carrier = "中通快递", trackingNo = "ZTO9876543210" },
        _ => null,
    };

    public static async Task<KefuDeskDbContext> Db(AppFixture fx) =>
        await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();

    public static async Task<Order> OrderRowAsync(AppFixture fx, Guid orderId)
    {
        await using var db = await Db(fx);
        return await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
    }

    public static async Task<int> CasesOnAsync(AppFixture fx, Guid orderId)
    {
        await using var db = await Db(fx);
        return await db.Set<AfterSalesCase>().CountAsync(c => c.OrderId == orderId);
    }

    public static async Task<int> AuditCountAsync(AppFixture fx, Guid caseId)
    {
        await using var db = await Db(fx);
        return await db.AuditEntries.CountAsync(a => a.SubjectId == caseId);
    }
}
