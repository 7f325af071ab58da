using System.Globalization;
using KefuDesk.Infrastructure.Spreadsheets;

namespace KefuDesk.ImportBench;

/// <summary>
/// A Taobao-style order export: one row per order line under the order template's headers, 1–3
/// lines per order (the order's own cells blank on its later lines, as 千牛 writes them), about a
/// third of the buyers with several orders, statuses and amounts spread like a shop's month.
/// Deterministic: the same order count always gives the same file.
/// </summary>
public static class OrderFile
{
    public static readonly (string Sku, string Title, long PriceFen)[] Shelf =
    [
        ("XL-EP-001", "小鹿 无线降噪蓝牙耳机 Pro", 29900), ("XL-JC-002", "小鹿 便携榨汁杯 350ml", 12900),
        ("XL-BW-003", "小鹿 智能保温杯 500ml 可刻字", 8900), ("XL-HB-004", "小鹿 新疆长绒棉四件套 1.8m 床", 35900),
        ("XL-JM-005", "小鹿 儿童益智积木 120 粒", 7990), ("XL-KZ-006", "小鹿 空气炸锅 4.5L 可视窗", 39900),
        ("XL-YS-007", "小鹿 雨伞 三折自动 晴雨两用", 5900), ("XL-BB-008", "小鹿 双肩包 15.6 寸 防泼水", 15900),
        ("XL-TW-009", "小鹿 纯棉毛巾 3 条装", 3990), ("XL-ZB-010", "小鹿 桌面收纳盒 三层", 4590),
    ];

    private static readonly string[] Statuses = ["交易成功", "交易成功", "交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货", "等待买家付款", "交易关闭"];
    private static readonly string[] Cities = ["浙江省 杭州市 西湖区", "上海市 浦东新区", "北京市 朝阳区", "广东省 深圳市 南山区", "四川省 成都市 武侯区", "湖北省 武汉市 洪山区"];
    private static readonly string[] Names = ["王小明", "李丽", "陈杰", "孙晴", "周杰", "韩梅梅", "李雷", "赵敏", "刘洋", "张伟"];
    private static readonly string[] Carriers = ["中通快递", "圆通速递", "顺丰速运", "韵达快递"];

    public static async Task<(int Orders, int Rows)> WriteAsync(string path, int orders)
    {
        var rows = 0;
        await using var file = File.Create(path);
        await Spreadsheet.WriteXlsxAsync(file, "订单", Rows(orders).Select(r =>
        {
            rows++;
            return r;
        }));
        return (orders, rows);
    }

    private static IEnumerable<IReadOnlyDictionary<string, object?>> Rows(int orders)
    {
        var random = new Random(20261123);
        var start = new DateTime(2025, 10, 1, 0, 0, 0);
        for (var n = 0; n < orders; n++)
        {
            var orderNo = (3782615540000000L + n).ToString(CultureInfo.InvariantCulture);
            var buyer = random.Next(3) == 0 ? $"tb_buyer{random.Next(orders / 10 + 1):D6}" : $"tb_buyer_x{n:D7}";
            var status = Statuses[random.Next(Statuses.Length)];
            var created = start.AddSeconds(n * 26L + random.Next(20));
            var paid = status is "等待买家付款" || (status == "交易关闭" && random.Next(2) == 0) ? (DateTime?)null : created.AddMinutes(random.Next(1, 30));
            var shipped = status is "交易成功" or "卖家已发货，等待买家确认";
            var lines = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Shelf[random.Next(Shelf.Length)]).DistinctBy(l => l.Sku)
                .Select(l => (l.Sku, l.Title, l.PriceFen, Quantity: 1 + random.Next(3))).ToList();
            var goods = lines.Sum(l => l.PriceFen * l.Quantity);
            var discount = random.Next(4) == 0 ? Math.Min(goods, 500 * (1 + random.Next(4))) : 0;
            var shipping = random.Next(5) == 0 ? 800 : 0;
            var name = Names[random.Next(Names.Length)];
            for (var i = 0; i < lines.Count; i++)
            {
                var first = i == 0;
                yield return new Dictionary<string, object?>
                {
                    ["订单编号"] = orderNo,
                    ["买家会员名"] = first ? buyer : "",
                    ["订单状态"] = first ? status : "",
                    ["订单创建时间"] = first ? Time(created) : "",
                    ["订单付款时间"] = first && paid is { } p ? Time(p) : "",
                    ["商品标题"] = lines[i].Title,
                    ["商家编码"] = lines[i].Sku,
                    ["单价"] = Yuan(lines[i].PriceFen),
                    ["数量"] = lines[i].Quantity.ToString(CultureInfo.InvariantCulture),
                    ["店铺优惠"] = first ? Yuan(discount) : "",
                    ["运费"] = first ? Yuan(shipping) : "",
                    ["买家实际支付金额"] = first ? Yuan(paid is null ? 0 : goods - discount + shipping) : "",
                    ["收货人姓名"] = first ? name : "",
                    ["联系手机"] = first ? "1" + (3800000000L + random.Next(100_000_000)).ToString(CultureInfo.InvariantCulture) : "",
                    ["收货地址"] = first ? $"{Cities[random.Next(Cities.Length)]} 文三路 {random.Next(1, 999)} 号 {random.Next(1, 30)} 幢" : "",
                    ["卖家备注"] = first && random.Next(10) == 0 ? "送小礼品" : "",
                    ["物流公司"] = first && shipped ? Carriers[random.Next(Carriers.Length)] : "",
                    ["物流单号"] = first && shipped ? "YT" + (8800000000000L + n).ToString(CultureInfo.InvariantCulture) : "",
                };
            }
        }
    }

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
