namespace KefuDesk.SearchBench;

/// <summary>
/// Chat lines a Chinese shop's buyers and agents write, put together from fragments so a million
/// messages have the word mix of real ones: common words (退货, 发货) in a few percent of them,
/// rarer ones (运费险, 七天无理由) in fewer, some English and order numbers.
/// </summary>
public sealed class SeedText(Random random)
{
    private static readonly string[] Products =
    [
        "降噪耳机", "保温杯", "空气炸锅", "榨汁杯", "四件套", "积木", "连衣裙", "运动鞋", "羽绒服", "电动牙刷", "蓝牙音箱", "手机壳",
        "充电宝", "行李箱", "双肩包", "面膜", "口红", "洗面奶", "猫粮", "狗绳", "台灯", "电饭煲", "吹风机", "剃须刀", "瑜伽垫",
        "保鲜盒", "拖鞋", "雨伞", "儿童水杯", "茶叶", "坚果礼盒", "咖啡豆", "牛仔裤", "卫衣", "围巾", "帆布鞋", "数据线", "键盘",
    ];

    private static readonly string[] Buyer =
    [
        "你好,在吗", "我昨天买的{p}什么时候发货?", "发货太慢了,都三天了还没动", "你们发货慢死了", "我想退货,不想要了", "{p}有质量问题,可以退吗",
        "申请退款怎么弄", "运费险怎么用?", "可以开发票吗", "收到的{p}有划痕", "快递到哪了,单号{sf}", "能便宜点吗", "有优惠券吗",
        "七天无理由退货可以吗", "{p}怎么用啊", "这个{p}有别的颜色吗", "尺码偏大还是偏小", "我平时穿 {n} 码,选哪个", "地址填错了能改吗",
        "订单号 {order},帮我查一下", "什么时候到货", "能不能今天发", "包装破了", "少发了一件", "发错货了,我要的是{p}",
        "退款什么时候到账", "好的谢谢", "嗯嗯", "还没收到", "快递员态度很差", "can I return the {e}?", "where is my order {order}",
        "is the {e} waterproof?", "refund please", "the iPhone case is broken", "换货要多久", "赠品没收到", "能送货上门吗",
    ];

    private static readonly string[] Agent =
    [
        "亲,您好,很高兴为您服务~", "亲,已经为您催促仓库,今天就发货哦", "支持七天无理由退货的,请在订单页面申请退货", "退款已经处理,1-3 个工作日到账",
        "您的快递单号是 {sf},请注意查收", "非常抱歉给您带来不便,麻烦拍一下照片", "亲,这款{p}目前有现货的", "运费险会在退货签收后自动理赔",
        "发票可以在订单详情里申请", "已为您登记换货,快递员会上门取件", "亲,尺码建议您选大一码", "优惠券在店铺首页领取哦",
        "订单 {order} 已经发出了", "亲,还有其他可以帮您的吗", "感谢您的耐心等待", "已为您修改地址", "补发的{p}今天寄出",
        "Sorry for the delay, we will ship your {e} today", "The refund has been approved", "Please send the {e} back within 7 days",
        "亲,质量问题我们承担来回运费", "已经反馈给仓库,马上处理", "这边帮您申请了补偿", "好的亲,祝您生活愉快",
    ];

    private static readonly string[] Notes =
    [
        "买家情绪激动,注意安抚", "疑似职业打假,谨慎处理", "已和仓库确认,明天发", "需要主管审批退款", "老客户,可以给小额补偿", "物流异常,已报备",
    ];

    private static readonly string[] English = ["iPhone case", "earphones", "air fryer", "backpack", "keyboard", "thermos", "sneakers"];

    public string BuyerLine() => Fill(Pick(Buyer)) + (random.Next(4) == 0 ? "," + Fill(Pick(Buyer)) : "");

    public string AgentLine() => Fill(Pick(Agent)) + (random.Next(5) == 0 ? "," + Fill(Pick(Agent)) : "");

    public string Note() => Pick(Notes);

    public string FileName() => Pick(["发票.pdf", "质检报告.pdf", "退货单.xlsx", "聊天截图.png", "receipt.pdf", $"{Pick(Products)}照片.jpg"]);

    public string OrderNo(int day) => $"XL2026{day:D4}{random.Next(1000, 9999)}";

    private string Fill(string template) => template
        .Replace("{p}", Pick(Products), StringComparison.Ordinal)
        .Replace("{e}", Pick(English), StringComparison.Ordinal)
        .Replace("{sf}", "SF" + random.NextInt64(1_000_000_000, 9_999_999_999), StringComparison.Ordinal)
        .Replace("{order}", OrderNo(random.Next(1, 1231)), StringComparison.Ordinal)
        .Replace("{n}", random.Next(36, 45).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
