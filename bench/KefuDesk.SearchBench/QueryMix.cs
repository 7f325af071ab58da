using KefuDesk.Features.Conversations;
using KefuDesk.Features.Search;

namespace KefuDesk.SearchBench;

/// <summary>One search of the mix: a category for the report, and the request a supervisor would send.</summary>
public sealed record BenchQuery(string Category, string Label, MessageSearchRequest Request);

/// <summary>What supervisors search for, with and without filters, as the page sends it (20 per page).</summary>
public static class QueryMix
{
    public static IReadOnlyList<BenchQuery> For(Guid shop, Guid agent, DateTime now)
    {
        var month = now.AddDays(-30);
        var list = new List<BenchQuery>();
        foreach (var q in new[] { "退货", "发货", "快递", "尺码", "优惠", "发票" })
        {
            list.Add(new("2-char Chinese", q, new MessageSearchRequest(q)));
        }

        foreach (var q in new[] { "发货慢", "七天无理由", "运费险", "质量问题", "退款什么时候到账", "地址填错" })
        {
            list.Add(new("3+-char Chinese", q, new MessageSearchRequest(q)));
        }

        foreach (var q in new[] { "refund", "iphone", "earphones", "xl2026" })
        {
            list.Add(new("English / order no.", q, new MessageSearchRequest(q)));
        }

        list.Add(new("filtered", "退货 + shop", new MessageSearchRequest("退货", ShopId: shop)));
        list.Add(new("filtered", "退货 + last 30 days", new MessageSearchRequest("退货", From: month)));
        list.Add(new("filtered", "发货慢 + agent", new MessageSearchRequest("发货慢", AgentId: agent)));
        list.Add(new("filtered", "退款 + status resolved", new MessageSearchRequest("退款", Status: ConversationStatus.Resolved)));
        list.Add(new("filtered", "快递 + tag 物流", new MessageSearchRequest("快递", Tag: "物流")));
        list.Add(new("filtered", "退货 + shop + 30 days + WeChat", new MessageSearchRequest("退货", ShopId: shop, From: month, Channel: Channel.WeChat)));
        list.Add(new("newest first / page 3", "退货 newest", new MessageSearchRequest("退货", Order: SearchOrder.Newest)));
        list.Add(new("newest first / page 3", "发货 page 3", new MessageSearchRequest("发货", Offset: 40)));
        return list;
    }
}
