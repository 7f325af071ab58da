using System.Globalization;
using System.Security.Cryptography;
using KefuDesk.Components;
using KefuDesk.Features.AfterSales;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KefuDesk.Features.Demo;

/// <summary>
/// The demo shop's after-sales cases, one or two in each state (an overdue one, one awaiting a
/// supervisor, finished ones), told through the case's own steps so their history reads true.
/// </summary>
internal sealed class DemoAfterSales(KefuDeskDbContext db, Shop.Shop shop, Guid organisationId, DateTime now)
{
    private readonly Dictionary<string, int> _numbers = [];

    public static async Task SeedAsync(KefuDeskDbContext db, Shop.Shop shop, IReadOnlyDictionary<string, Agent> staff, Customer chen, Customer liu,
        Customer zhao, Conversation juicerChat, DateTime now)
    {
        var story = new DemoAfterSales(db, shop, shop.OrganisationId, now);
        var ajie = Actor(staff[DemoAccounts.AfterSalesAgent.UserName], false);
        var xiaomei = Actor(staff[DemoAccounts.Agent.UserName], false);
        var fangfang = Actor(staff[DemoAccounts.Supervisor.UserName], true);
        var sun = Customer.KnownBuyer(Guid.NewGuid(), shop.OrganisationId, "孙悦", "13711112222", null, now.AddDays(-60));
        db.Customers.Add(sun);
        Order Existing(string orderNo) => db.Orders.Local.First(o => o.OrderNo == orderNo);
        var products = db.Products.Local.Where(p => p.ShopId == shop.Id).ToDictionary(p => p.Sku);

        // 刘洋's air fryer arrived with a crushed box: ¥399 is above the ¥200 limit, so it waits for 芳芳.
        var fryer = story.Order(liu, "XL20261115021", OrderStatus.Delivered, -8, products["XL-KZ-006"], 1);
        var crushed = story.Open(fryer, null, CaseKind.ReturnAndRefund, CaseReason.DamagedInTransit, "外箱压坏，炸锅侧面凹了一块，要求退货退款", 39900, xiaomei,
            -0.2, await story.PhotoAsync("parcel-damage.png", -0.2));
        story.Step(crushed, ajie, c => c.Review(ajie, story.At(-0.15)));

        // 陈晨 wants to send the earphones back; nobody has taken it up and the 20 minutes are gone.
        story.Open(Existing("XL20261121001"), null, CaseKind.ReturnAndRefund, CaseReason.NoReason7Days, "不太喜欢，想七天无理由退货", 29900, xiaomei,
            -35 / 1440.0);

        // 赵敏's juicer lid: the exchange 阿杰 promised in the chat; the buyer is to send the cup back.
        var juicer = Existing("XL20261118007");
        var exchange = story.Open(juicer, juicerChat.Id, CaseKind.Exchange, CaseReason.QualityProblem, "收到的榨汁杯盖子有裂痕，换一个新的", 0, ajie, -2 + (5 / 1440.0),
            await story.PhotoAsync("lid-crack.png", -2));
        story.Step(exchange, ajie, c => c.Review(ajie, story.At(-2 + (6 / 1440.0))));
        story.Step(exchange, ajie, c => c.Approve(ajie, story.At(-2 + (8 / 1440.0))));

        // 孙悦 sent two bottles back; they are on their way to the warehouse.
        var bottles = story.Order(sun, "XL20261119033", OrderStatus.Delivered, -3, products["XL-BW-003"], 2);
        var returned = story.Open(bottles, null, CaseKind.ReturnAndRefund, CaseReason.NoReason7Days, "买多了一个，退一个", 8900, ajie, -1.5);
        story.Step(returned, ajie, c => c.Review(ajie, story.At(-1.45)));
        story.Step(returned, ajie, c => c.Approve(ajie, story.At(-1.4)));
        story.Step(returned, ajie, c => c.BuyerReturned(ajie, "中通快递", "ZTO7781234560", story.At(-0.6)));

        // 赵敏's blocks came one bag short: the missing bag went out the next day.
        var blocks = story.Order(zhao, "XL20261110015", OrderStatus.Delivered, -12, products["XL-JM-005"], 1);
        var reship = story.Open(blocks, null, CaseKind.Reship, CaseReason.MissingItem, "积木少了一袋（说明书上的 C 袋）", 0, ajie, -10);
        story.Step(reship, ajie, c => c.Review(ajie, story.At(-9.99)));
        story.Step(reship, ajie, c => c.Approve(ajie, story.At(-9.98)));
        story.Step(reship, ajie, c => c.Fulfil(ajie, "顺丰速运", "SF1402235561", blocks, story.At(-9.2)));

        // 陈晨's sheets were thinner than the photos: ¥50 back, and done.
        var sheets = Existing("XL20261002012");
        var partial = story.Open(sheets, null, CaseKind.RefundOnly, CaseReason.NotAsDescribed, "被套比图片上薄，协商补偿 50 元", 5000, ajie, -47);
        story.Step(partial, ajie, c => c.Review(ajie, story.At(-46.99)));
        story.Step(partial, ajie, c => c.Approve(ajie, story.At(-46.98)));
        story.Step(partial, ajie, c => c.CompleteRefund(ajie, sheets, story.At(-46.9)));

        // 刘洋 asked for a no-reason return a month after delivery: refused.
        var late = story.Order(liu, "XL20261020008", OrderStatus.Completed, -33, products["XL-EP-001"], 1);
        var refused = story.Open(late, null, CaseKind.ReturnAndRefund, CaseReason.NoReason7Days, "用了一段时间，想退", 29900, xiaomei, -6);
        story.Step(refused, ajie, c => c.Review(ajie, story.At(-5.98)));
        story.Step(refused, fangfang, c => c.Reject(fangfang, "已签收超过七天，不支持七天无理由退货；如有质量问题可申请保修", late, story.At(-5.9)));

        await db.SaveChangesAsync();
    }

    private static CaseActor Actor(Agent agent, bool supervises) => new(agent.Id, agent.Nickname, supervises);

    private DateTime At(double daysAgo) => now.AddDays(daysAgo);

    private Order Order(Customer buyer, string orderNo, OrderStatus status, double daysAgo, Product product, int quantity)
    {
        var created = At(daysAgo);
        var order = new Order(Guid.CreateVersion7(created), shop.Id, buyer.Id, orderNo, status, created, buyer.DisplayName ?? "", buyer.Phone ?? "",
            "北京市朝阳区望京街 10 号院 3 号楼 1806");
        order.AddItem(Guid.CreateVersion7(created), product.Id, product.Sku, product.Title, product.PriceFen, quantity);
        order.RecordPayment(order.TotalFen, created.AddMinutes(2));
        db.Orders.Add(order);
        return order;
    }

    private AfterSalesCase Open(Order order, Guid? conversationId, CaseKind kind, CaseReason reason, string description, long refundFen, CaseActor by,
        double daysAgo, Guid? photo = null)
    {
        var at = At(daysAgo);
        var day = Display.ShopTime(at).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        _numbers[day] = _numbers.GetValueOrDefault(day) + 1;
        var opened = AfterSalesCase.Open(Guid.CreateVersion7(at), $"SH{day}{_numbers[day]:D4}", order, conversationId, kind, reason, description, refundFen,
            photo is { } p ? [p] : [], shop.OrderRules, by, at, CaseDeadlines.FirstReview(at, shop.OrderRules.FirstReviewMinutes, null));
        db.Add(opened);
        Record(opened, by, null);
        return opened;
    }

    private void Step(AfterSalesCase subject, CaseActor by, Action<AfterSalesCase> step)
    {
        var from = subject.Status;
        step(subject);
        Record(subject, by, from);
    }

    /// <summary>The history the register would have written.</summary>
    private void Record(AfterSalesCase subject, CaseActor by, CaseStatus? from)
    {
        foreach (var e in subject.TakeEvents().OfType<CaseEvent>())
        {
            db.AuditEntries.Add(new AuditEntry(organisationId, shop.Id, AuditSubjects.AfterSalesCase, subject.Id, subject.CaseNo, e.Name,
                new AuditActor(by.Id, by.Name), e.At, from is { } f ? new { status = f } : null, new { status = subject.Status }, subject.ClosingNote));
        }
    }

    /// <summary>A demo photo from wwwroot/demo/evidence, stored as an attachment of the shop; none when the files are not at hand.</summary>
    private async Task<Guid?> PhotoAsync(string fileName, double daysAgo)
    {
        var services = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        var store = services?.GetService<IAttachmentStore>();
        var file = services?.GetService<IWebHostEnvironment>()?.WebRootFileProvider.GetFileInfo("demo/evidence/" + fileName);
        if (store is null || file is not { Exists: true })
        {
            return null;
        }

        byte[] bytes;
        await using (var read = file.CreateReadStream())
        using (var copy = new MemoryStream())
        {
            await read.CopyToAsync(copy);
            bytes = copy.ToArray();
        }

        var at = At(daysAgo);
        var id = Guid.CreateVersion7(at);
        await store.SaveAsync(id, new MemoryStream(bytes), CancellationToken.None);
        db.Attachments.Add(new Attachment(id, shop.Id, null, null, fileName, "image/png", bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), at));
        return id;
    }
}
