using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

using KefuDesk.Features.Routing.Groups;

namespace KefuDesk.Features.Demo;

/// <summary>
/// A living demo: a shop with products, buyers with orders and past conversations, a waiting
/// visitor, agents and a supervisor. Written once, into an empty database.
/// </summary>
public sealed class DemoData(KefuDeskDbContext db, UserManager<Agent> users, TimeProvider clock, ILogger<DemoData> logger)
{
    private DateTime _now;

    public async Task SeedAsync()
    {
        if (await db.Organisations.AnyAsync())
        {
            logger.LogInformation("Demo data not written: the database already has an organisation");
            return;
        }

        _now = clock.GetUtcNow().UtcDateTime;
        var org = new Organisation(Guid.CreateVersion7(), "小鹿优选电子商务有限公司", _now.AddDays(-400));
        var tmall = new Shop.Shop(Guid.CreateVersion7(), org.Id, "小鹿优选旗舰店", DemoAccounts.ShopKey, "tmall", _now.AddDays(-400));
        var jd = new Shop.Shop(Guid.CreateVersion7(), org.Id, "小鹿优选京东自营店", DemoAccounts.SecondShopKey, "jd", _now.AddDays(-200));
        db.Organisations.Add(org);
        db.Shops.AddRange(tmall, jd);
        var groups = new List<(Shop.Shop Shop, SkillGroup PreSales, SkillGroup AfterSales)>();
        foreach (var shop in new[] { tmall, jd })
        {
            var pre = new SkillGroup(Guid.CreateVersion7(), shop.Id, "售前", ServiceType.PreSales);
            var after = new SkillGroup(Guid.CreateVersion7(), shop.Id, "售后", ServiceType.AfterSales);
            pre.MakeDefault(true);
            pre.Configure(new GroupSettings(Greeting: "您好亲！欢迎光临" + shop.Name + "，我是客服，很高兴为您服务！"));
            after.Configure(new GroupSettings(StickyDays: 3, Greeting: "您好亲，这里是售后服务，请把订单号发给我，马上为您处理~"));
            db.SkillGroups.AddRange(pre, after);
            groups.Add((shop, pre, after));
        }

        var categories = ConsultationCategory.Defaults(org.Id).ToList();
        db.ConsultationCategories.AddRange(categories);
        Guid Category(string name) => categories.First(c => c.Name == name).Id;

        var products = DemoCatalogue.Products(tmall.Id, _now).Concat(DemoCatalogue.Products(jd.Id, _now, "JD-")).ToList();
        db.Products.AddRange(products);
        await db.SaveChangesAsync();

        var staff = new Dictionary<string, Agent>();
        foreach (var account in DemoAccounts.All)
        {
            var agent = new Agent(Guid.CreateVersion7(), org.Id, account.UserName, account.DisplayName, account.Nickname, _now.AddDays(-300));
            agent.Serve(tmall.Id);
            if (account != DemoAccounts.Agent)
            {
                agent.Serve(jd.Id);
            }

            var created = await users.CreateAsync(agent, account.Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Demo agent not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(agent, account.Role);
            staff[account.UserName] = agent;
        }

        var xiaomei = staff[DemoAccounts.Agent.UserName];
        var ajie = staff[DemoAccounts.AfterSalesAgent.UserName];
        foreach (var (shop, pre, after) in groups)
        {
            // Pre-sales first to 小美, after-sales first to 阿杰; each helps the other when their own group is full.
            if (xiaomei.Shops.Any(s => s.ShopId == shop.Id))
            {
                db.SkillGroupMembers.AddRange(new SkillGroupMember(pre.Id, xiaomei.Id, 1), new SkillGroupMember(after.Id, xiaomei.Id, 2));
            }

            db.SkillGroupMembers.AddRange(new SkillGroupMember(pre.Id, ajie.Id, 2), new SkillGroupMember(after.Id, ajie.Id, 1));
            // The Question rules are also the widget's question menu, in this order.
            db.EntryRules.AddRange(
                new EntryRule(Guid.CreateVersion7(), shop.Id, 1, EntryCondition.Question, "商品咨询", pre.Id),
                new EntryRule(Guid.CreateVersion7(), shop.Id, 2, EntryCondition.Question, "物流查询", after.Id),
                new EntryRule(Guid.CreateVersion7(), shop.Id, 3, EntryCondition.Question, "售后问题", after.Id),
                new EntryRule(Guid.CreateVersion7(), shop.Id, 4, EntryCondition.Keyword, "退货", after.Id),
                new EntryRule(Guid.CreateVersion7(), shop.Id, 5, EntryCondition.Keyword, "退款", after.Id),
                new EntryRule(Guid.CreateVersion7(), shop.Id, 6, EntryCondition.Order, "", after.Id),
                new EntryRule(Guid.CreateVersion7(), shop.Id, 7, EntryCondition.EntryPoint, "after-sales-button", after.Id));
        }

        var tp = products.Where(p => p.ShopId == tmall.Id).ToDictionary(p => p.Sku);

        var chen = Buyer(org, "陈晨", "13812345678");
        var liu = Buyer(org, "刘洋", "13698765432");
        var zhao = Buyer(org, "赵敏", "13566667777");
        var visitor = Customer.Visitor(Guid.NewGuid(), org.Id, _now.AddMinutes(-6));
        var jdVisitor = Customer.Visitor(Guid.NewGuid(), org.Id, _now.AddMinutes(-2));
        db.Customers.AddRange(chen, liu, zhao, visitor, jdVisitor);

        Order(tmall, chen, "XL20261002012", OrderStatus.Completed, -51, "上海市浦东新区张江路 88 弄 6 号 502", (tp["XL-HB-004"], 1));
        Order(tmall, chen, "XL20261121001", OrderStatus.Shipped, -1.2, "上海市浦东新区张江路 88 弄 6 号 502", (tp["XL-EP-001"], 1));
        Order(tmall, liu, "XL20261122003", OrderStatus.AwaitingPayment, -0.05, "杭州市西湖区文三路 128 号 3 幢 1201", (tp["XL-EP-001"], 1));
        Order(tmall, zhao, "XL20261118007", OrderStatus.Delivered, -4, "广州市天河区体育西路 191 号 2208", (tp["XL-JC-002"], 2));

        var c1 = Chat(tmall, chen, xiaomei, -1.1,
            ("c", "你好，我昨天下的单什么时候发货呀？"),
            ("a", "亲，您好！欢迎光临小鹿优选旗舰店，我是客服小美，很高兴为您服务~"),
            ("a", "帮您查了一下，您的订单已经发货了，顺丰快递，单号 SF1234567890，预计明天送达哦。"),
            ("c", "好的，谢谢！"),
            ("a", "不客气亲，有任何问题随时联系我们哦~"));
        var resolvedAt = _now.AddDays(-1.1).AddMinutes(6);
        c1.Resolve(xiaomei.Id, ConsultationRecord.ByAgent(c1.Id, xiaomei.Id,
            new ConsultationRecordInput(Category("物流查询"), "询问发货时间，已告知顺丰单号，预计次日送达", ["物流"]), resolvedAt), resolvedAt);

        Chat(tmall, liu, xiaomei, -0.02,
            ("c", "在吗？"),
            ("a", "在的亲，请问有什么可以帮您？"),
            ("c", "这款降噪耳机能便宜点吗？我看别家便宜 20 块"),
            ("c", "能的话我现在就拍"));

        var c3 = Chat(tmall, zhao, ajie, -2,
            ("c", "收到的榨汁杯盖子有裂痕，可以换货吗？"),
            ("a", "非常抱歉给您带来不便！麻烦亲拍一下裂痕的照片发给我，我这边马上为您登记换货。"),
            ("c", "好的，照片稍后发。"),
            ("a", "已为您登记换货，快递员会上门取件，新品会在收到退货后 24 小时内发出。"));
        resolvedAt = _now.AddDays(-2).AddMinutes(9);
        c3.Resolve(ajie.Id, ConsultationRecord.ByAgent(c3.Id, ajie.Id,
            new ConsultationRecordInput(Category("换货"), "榨汁杯盖子裂痕，已登记换货，上门取件", ["换货", "质量问题"]), resolvedAt), resolvedAt);

        Chat(tmall, visitor, null, -0.004,
            ("c", "你好，请问保温杯可以刻字吗？"),
            ("c", "想送朋友当生日礼物"));
        Chat(jd, jdVisitor, null, -0.0015,
            ("c", "空气炸锅支持七天无理由退货吗？"));

        await db.SaveChangesAsync();
        await new DemoFeedback(db, _now).SeedAsync();
        await DemoAfterSales.SeedAsync(db, tmall, staff, chen, liu, zhao, c3, _now);
        logger.LogInformation("Demo data written: 2 shops, {Products} products, 4 staff, 5 buyers, 5 conversations", products.Count);
    }

    private Customer Buyer(Organisation org, string name, string phone) =>
        Customer.KnownBuyer(Guid.NewGuid(), org.Id, name, phone, null, _now.AddDays(-90));

    private void Order(Shop.Shop shop, Customer buyer, string orderNo, OrderStatus status, double daysAgo, string address,
        params (Product Product, int Quantity)[] lines)
    {
        var created = _now.AddDays(daysAgo);
        var order = new Order(Guid.CreateVersion7(), shop.Id, buyer.Id, orderNo, status, created, buyer.DisplayName ?? "",
            buyer.Phone ?? "", address);
        foreach (var (product, quantity) in lines)
        {
            order.AddItem(Guid.CreateVersion7(), product.Id, product.Sku, product.Title, product.PriceFen, quantity);
        }

        if (status != OrderStatus.AwaitingPayment)
        {
            order.RecordPayment(order.TotalFen, created.AddMinutes(3));
        }

        if (status is OrderStatus.Shipped or OrderStatus.Delivered or OrderStatus.Completed)
        {
            // The parcel, as the order list and panel show it (the chat about this order quotes SF1234567890).
            order.NoteParcel("顺丰速运", orderNo == "XL20261121001" ? "SF1234567890" : "SF" + orderNo[^8..] + "21");
        }

        db.Orders.Add(order);
    }

    /// <summary>A past conversation told through the domain methods, a minute or so between lines.</summary>
    private Conversation Chat(Shop.Shop shop, Customer buyer, Agent? agent, double daysAgo, params (string Who, string Text)[] lines)
    {
        var at = _now.AddDays(daysAgo);
        var conversation = Conversation.Start(Guid.CreateVersion7(at), shop.Id, buyer.Id, Channel.Web, Widget.BuyerIdentity.WebThreadKey, null, at);
        var n = 0;
        foreach (var (who, text) in lines)
        {
            if (who == "a" && agent is not null && conversation.AssigneeId is null)
            {
                conversation.Assign(agent.Id, null, at);
            }

            if (who == "c")
            {
                buyer.Seen(at);
            }

            var author = who == "c" ? MessageAuthor.Customer : MessageAuthor.Agent(agent!.Id, agent.Nickname);
            conversation.Append(Guid.CreateVersion7(at), author, $"demo-{conversation.Id:N}-{n++}", text, at);
            at = at.AddSeconds(40 + (n * 17 % 50));
        }

        if (agent is not null && conversation.AssigneeId is null)
        {
            conversation.Assign(agent.Id, null, at);
        }

        conversation.TakeEvents();
        db.Conversations.Add(conversation);
        return conversation;
    }
}
