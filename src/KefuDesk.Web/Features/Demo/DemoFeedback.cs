using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Demo;

/// <summary>
/// The demo flagship store's complaints (one high-risk escalated, one overdue, some in progress,
/// some archived) and a year of reviews with DSR scores, 中差评 being followed up, and reply
/// templates. Told through the entities' own methods, each step on the audit log as it would be.
/// </summary>
public sealed class DemoFeedback(KefuDeskDbContext db, DateTime now)
{
    private readonly Random _random = new(20261123);
    private Shop.Shop _shop = default!;
    private Dictionary<string, Agent> _staff = [];
    private Dictionary<string, Shop.Order> _orders = [];

    public async Task SeedAsync()
    {
        _shop = await db.Shops.SingleAsync(s => s.WidgetKey == DemoAccounts.ShopKey);
        _staff = await db.Users.ToDictionaryAsync(a => a.UserName!);
        _orders = await db.Orders.Where(o => o.ShopId == _shop.Id).ToDictionaryAsync(o => o.OrderNo);
        var ajie = _staff[DemoAccounts.AfterSalesAgent.UserName];
        var xiaomei = _staff[DemoAccounts.Agent.UserName];
        var wangfang = _staff[DemoAccounts.Supervisor.UserName];
        var zhaoChat = await db.Conversations.Where(c => c.ShopId == _shop.Id && c.CustomerId == _orders["XL20261118007"].CustomerId)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync();

        Complaint("XL20261118007", zhaoChat, ComplaintSource.Buyer, ComplaintSeverity.HighRisk, ComplaintCategory.Quality,
            "榨汁杯换货后仍漏水，买家要求退款并赔偿", "买家赵敏 11-20 收到换货的新杯子，使用一次后杯底仍漏水。买家情绪激动，表示如果今天不给退款加赔偿就去微博曝光。",
            ajie, xiaomei, -3);
        var stuck = Complaint("XL20261121001", null, ComplaintSource.Platform, ComplaintSeverity.Normal, ComplaintCategory.Logistics,
            "物流三天未更新，买家申请平台介入", "买家陈晨在平台发起投诉：顺丰单号 SF1234567890 三天没有物流更新，平台要求 24 小时内给出处理方案。",
            xiaomei, xiaomei, -27);
        Overdue(stuck, -2.5);
        Complaint("XL20261122003", null, ComplaintSource.Buyer, ComplaintSeverity.Normal, ComplaintCategory.Price,
            "拍下后降价 20 元，要求补差价", "买家刘洋拍下降噪耳机后第二天店铺活动降价 20 元，要求退还差价，否则申请退款。", xiaomei, xiaomei, -2);

        var delivery = Complaint("XL20261118007", null, ComplaintSource.Buyer, ComplaintSeverity.Normal, ComplaintCategory.Service,
            "快递员送货态度差，包裹被扔在门口", "买家反映快递员没有电话联系就把包裹放在门口，外包装破损。", ajie, ajie, -50);
        Step(delivery, "complaint.resolved", ajie, -26, null, c => c.Resolve("已向快递公司投诉该快递员，并给买家补偿 10 元店铺红包，买家表示接受。", ajie.Id, false, At(-26)));

        var advert = Complaint("XL20261002012", null, ComplaintSource.Regulator, ComplaintSeverity.HighRisk, ComplaintCategory.Advertising,
            "12315 转办：保温杯宣传“24 小时保温”与实际不符", "市场监管局 12315 平台转来投诉：买家称保温杯 12 小时后水温已明显下降，认为“24 小时保温”宣传不实。",
            ajie, wangfang, -24 * 20);
        Step(advert, "complaint.resolved", ajie, -24 * 19, null,
            c => c.Resolve("已向 12315 书面答复：详情页已改为“12 小时保温（95℃→60℃以上）”，并为买家办理退货退款 129 元。", ajie.Id, false, At(-24 * 19)));
        Step(advert, "complaint.return_visited", ajie, -24 * 17, "买家收到退款，对处理结果满意",
            c => c.RecordReturnVisit(ReturnVisitResult.Satisfied, "买家收到退款，对处理结果满意", ajie.Id, false, At(-24 * 17)));
        Step(advert, "complaint.archived", wangfang, -24 * 16, null, c => c.Archive(wangfang.Id, true, At(-24 * 16)));

        var earphones = Complaint("XL20261002012", null, ComplaintSource.Buyer, ComplaintSeverity.Normal, ComplaintCategory.Refund,
            "退货运费谁承担的争议", "买家认为耳机有杂音属于质量问题，退货运费应由店铺承担。", xiaomei, xiaomei, -24 * 40);
        Step(earphones, "complaint.resolved", xiaomei, -24 * 39, null, c => c.Resolve("经检测确有杂音，运费 12 元已退还给买家。", xiaomei.Id, false, At(-24 * 39)));
        Step(earphones, "complaint.return_visited", xiaomei, -24 * 38, "电话两次未接通，已短信告知",
            c => c.RecordReturnVisit(ReturnVisitResult.Unreachable, "电话两次未接通，已短信告知", xiaomei.Id, false, At(-24 * 38)));
        Step(earphones, "complaint.archived", wangfang, -24 * 37, null, c => c.Archive(wangfang.Id, true, At(-24 * 37)));

        Reviews(xiaomei, ajie);
        db.Set<ReplyTemplate>().AddRange(
            new ReplyTemplate(Guid.CreateVersion7(now), _shop.Id, "好评感谢", "感谢{买家}的好评！{商品}用得开心就是我们最大的动力，{店铺}期待您再次光临~", ReviewRating.Good, now),
            new ReplyTemplate(Guid.CreateVersion7(now), _shop.Id, "中评解释", "亲爱的{买家}，感谢您的反馈。关于{商品}的问题我们已经记录并改进，有任何需要请随时联系客服。", ReviewRating.Neutral, now),
            new ReplyTemplate(Guid.CreateVersion7(now), _shop.Id, "差评致歉", "非常抱歉给{买家}带来不好的体验！订单 {订单号} 的问题客服已经联系您处理，{店铺}会认真改进，感谢您的监督。", ReviewRating.Bad, now));
        await db.SaveChangesAsync();
    }

    private DateTime At(double hoursAgo) => now.AddHours(hoursAgo);

    private Complaint Complaint(string orderNo, Guid? conversationId, ComplaintSource source, ComplaintSeverity severity, ComplaintCategory category,
        string subject, string description, Agent owner, Agent by, double hoursAgo)
    {
        var at = At(hoursAgo);
        var day = ComplaintRules.NumberPrefix(Components.Display.ShopTime(at));
        var sequence = db.ChangeTracker.Entries<Complaint>().Count(e => e.Entity.Number.StartsWith(day)) + 1;
        var order = _orders[orderNo];
        var complaint = new Complaint(Guid.CreateVersion7(at), _shop.OrganisationId, _shop.Id, ComplaintRules.Number(day, sequence), order.CustomerId, order.Id,
            conversationId, source, severity, category, subject, description, owner.Id, by.Id, at);
        db.Set<Complaint>().Add(complaint);
        Audit(complaint, "complaint.recorded", new AuditActor(by.Id, by.Nickname), at, null, new { status = complaint.Status, severity = complaint.Severity });
        if (complaint.Escalated)
        {
            Audit(complaint, ComplaintEventNames.Escalated, AuditActor.System("escalation"), at, null, new { reason = complaint.EscalatedFor });
        }

        complaint.TakeEvents();
        return complaint;
    }

    private void Step(Complaint complaint, string action, Agent by, double hoursAgo, string? note, Action<Complaint> step)
    {
        var was = complaint.Status;
        step(complaint);
        complaint.TakeEvents();
        Audit(complaint, action, new AuditActor(by.Id, by.Nickname), At(hoursAgo), new { status = was }, new { status = complaint.Status }, note);
    }

    private void Overdue(Complaint complaint, double hoursAgo)
    {
        complaint.MarkOverdue(At(hoursAgo));
        complaint.TakeEvents();
        Audit(complaint, "complaint.overdue", AuditActor.System("deadline"), At(hoursAgo), new { overdueAt = (DateTime?)null }, new { escalated = true });
        Audit(complaint, ComplaintEventNames.Escalated, AuditActor.System("escalation"), At(hoursAgo), null, new { reason = EscalationReason.Overdue });
    }

    private void Audit(Complaint c, string action, AuditActor actor, DateTime at, object? before, object? after, string? note = null) =>
        db.AuditEntries.Add(new AuditEntry(_shop.OrganisationId, _shop.Id, AuditSubjects.Complaint, c.Id, c.Number, action, actor, at, before, after, note));

    /// <summary>A year of reviews, mostly 好评; a few 中差评 flagged and worked (or waiting).</summary>
    private void Reviews(Agent xiaomei, Agent ajie)
    {
        (string Sku, string Title)[] products =
        [
            ("XL-EP-001", "小鹿降噪蓝牙耳机"), ("XL-JC-002", "小鹿无线榨汁杯"), ("XL-HB-004", "小鹿便携保温杯 500ml"), ("XL-AF-003", "小鹿空气炸锅 4.5L"),
        ];
        string[] praise = ["质量很好，和描述一致", "物流很快，第二天就到了", "客服很耐心，推荐", "包装严实，用着不错", "性价比高，会回购", "颜值很高，送朋友很合适"];
        string[] nicks = ["t***1", "小***猫", "a***9", "星***河", "j***y", "阿***呆", "m***e", "橘***子"];
        var number = 0;
        for (var month = 11; month >= 0; month--)
        {
            var count = 6 + _random.Next(4);
            for (var i = 0; i < count; i++)
            {
                var at = now.AddDays(-(month * 30) - _random.Next(0, month == 0 ? 5 : 28)).AddHours(-_random.Next(0, 12));
                var (sku, title) = products[_random.Next(products.Length)];
                var stars = _random.Next(10) < 9 ? 5 : 4;
                // DSR drifts up over the months, as the shop fixes what buyers complained about.
                int Score(int floor) => Math.Clamp(_random.Next(10) < 6 + (11 - month) / 4 ? 5 : floor, 1, 5);
                Add(new ReviewFacts($"R{ShopDate(at)}{++number:D3}", null, nicks[_random.Next(nicks.Length)], sku, title, stars,
                    ReviewFacts.RatingOf(stars), Score(4), Score(4), Score(3), praise[_random.Next(praise.Length)], at), null);
            }
        }

        var zhao = _orders["XL20261118007"];
        var chen = _orders["XL20261002012"];
        var bad = Add(new ReviewFacts($"R{ShopDate(now.AddDays(-2))}901", zhao.OrderNo, "赵***敏", "XL-JC-002", "小鹿无线榨汁杯", 1, ReviewRating.Bad, 2, 1, 4,
            "杯盖有裂痕，换货等了好几天，客服回复也慢。", now.AddDays(-2)), zhao);
        bad.Flag(ajie.Id, now.AddDays(-1.9));
        var neutral = Add(new ReviewFacts($"R{ShopDate(now.AddDays(-1))}902", null, "橘***子", "XL-EP-001", "小鹿降噪蓝牙耳机", 3, ReviewRating.Neutral, 4, 4, 2,
            "耳机还行，就是快递太慢了，等了五天。", now.AddDays(-1)), null);
        neutral.Flag(xiaomei.Id, now.AddDays(-0.9));
        var explained = Add(new ReviewFacts($"R{ShopDate(now.AddDays(-20))}903", chen.OrderNo, "陈***晨", "XL-HB-004", "小鹿便携保温杯 500ml", 2, ReviewRating.Bad, 2, 4, 4,
            "保温效果没有宣传的 24 小时。", now.AddDays(-20)), chen);
        explained.Flag(ajie.Id, now.AddDays(-19.9));
        explained.ReplyWith("非常抱歉给陈***晨带来不好的体验！详情页已更正为 12 小时保温，退款已为您办理，感谢您的监督。", ajie.Id, false, now.AddDays(-19));
        explained.RecordFollowUp(FollowUpOutcome.Revised, "退款后买家追评：处理及时，态度好", ajie.Id, false, now.AddDays(-18));
        foreach (var r in new[] { bad, neutral, explained })
        {
            db.AuditEntries.Add(new AuditEntry(_shop.OrganisationId, _shop.Id, AuditSubjects.Review, r.Id, r.PlatformReviewId, "review.imported",
                new AuditActor(_staff[DemoAccounts.Supervisor.UserName].Id, DemoAccounts.Supervisor.Nickname), r.ImportedAt, null,
                new { rating = r.Rating, flagged = r.Flagged, assigneeId = r.AssigneeId }));
            r.TakeEvents();
        }
    }

    private Review Add(ReviewFacts facts, Shop.Order? order)
    {
        var review = new Review(Guid.CreateVersion7(facts.ReviewedAt), _shop.OrganisationId, _shop.Id, facts, order?.Id, order?.CustomerId,
            facts.ReviewedAt.AddHours(6));
        db.Set<Review>().Add(review);
        return review;
    }

    private static string ShopDate(DateTime utc) => Components.Display.ShopTime(utc).ToString("yyyyMMdd");
}
