namespace KefuDesk.Features.Shop.Import;

/// <summary>
/// A column of an import template: its header (as a Taobao/Tmall 千牛 export names it), other
/// headers accepted for it (other platforms' and older exports' names), the field it fills (the
/// sync API's name, so problems read the same), whether it is required, and an example value.
/// Line columns of the order template describe one order line each.
/// </summary>
public sealed record TemplateColumn(string Header, string Field, bool Required, string Example, bool Line = false, params string[] Aliases)
{
    public IEnumerable<string> Names => Aliases.Prepend(Header);
}

/// <summary>The three templates. Extra columns in a file are ignored, so a platform's full export can be imported as it is.</summary>
public static class ImportTemplates
{
    private static readonly TemplateColumn[] ProductColumns =
    [
        new("商家编码", "sku", true, "XL-BW-003", false, "商品编码", "SKU", "货号"),
        new("商品标题", "title", true, "小鹿 智能保温杯 500ml 可刻字", false, "宝贝标题", "宝贝名称", "标题"),
        new("价格", "priceFen", true, "89.00", false, "单价", "宝贝价格", "一口价"),
        new("库存", "stock", false, "2300", false, "宝贝数量", "库存数量"),
        new("图片", "imageUrl", false, "https://img.example.com/bottle.jpg", false, "主图", "图片链接"),
        new("属性", "attributes", false, "颜色:白;容量:500ml", false, "销售属性", "商品属性"),
        new("更新时间", "updatedAt", false, "2025-11-20 14:05:00", false, "修改时间"),
    ];

    private static readonly TemplateColumn[] OrderColumns =
    [
        new("订单编号", "orderNo", true, "2025112012345678", false, "订单号"),
        new("买家会员名", "buyer.id", true, "tb_xiaowang", false, "买家昵称", "买家账号"),
        new("订单状态", "status", true, "待发货"),
        new("订单创建时间", "createdAt", true, "2025-11-20 14:05:00", false, "下单时间", "创建时间"),
        new("订单付款时间", "paidAt", false, "2025-11-20 14:06:10", false, "付款时间"),
        new("商品标题", "title", true, "小鹿 智能保温杯 500ml 可刻字", true, "宝贝标题", "标题"),
        new("商家编码", "sku", false, "XL-BW-003", true, "商品编码", "SKU"),
        new("单价", "unitPriceFen", true, "89.00", true, "价格"),
        new("数量", "quantity", true, "2", true, "购买数量"),
        new("店铺优惠", "discountFen", false, "10.00", false, "优惠金额"),
        new("运费", "shippingFen", false, "0.00", false, "买家应付邮费"),
        new("买家实际支付金额", "paidFen", false, "297.00", false, "实付金额"),
        new("收货人姓名", "receiver.name", false, "王小明", false, "收货人"),
        new("联系手机", "receiver.phone", false, "13800138000", false, "收货人手机", "手机"),
        new("收货地址", "receiver.address", false, "浙江省 杭州市 西湖区 文三路 100 号", false, "详细地址"),
        new("卖家备注", "remark", false, "送小礼品", false, "订单备注"),
        new("物流公司", "carrier", false, "中通快递", false, "快递公司"),
        new("物流单号", "trackingNo", false, "75312345678901", false, "运单号", "快递单号"),
        new("发货时间", "shippedAt", false, "", false),
        new("更新时间", "updatedAt", false, "", false, "修改时间"),
    ];

    private static readonly TemplateColumn[] LogisticsColumns =
    [
        new("订单编号", "orderNo", true, "2025112012345678", false, "订单号"),
        new("物流公司", "carrier", false, "中通快递", false, "快递公司"),
        new("运单号", "trackingNo", false, "75312345678901", false, "物流单号", "快递单号"),
        new("时间", "at", true, "2025-11-21 09:30:00", false, "物流时间"),
        new("描述", "description", true, "【杭州市】快件已揽收", false, "物流信息", "物流详情"),
        new("地点", "location", false, "杭州市", false, "所在地"),
    ];

    public static IReadOnlyList<TemplateColumn> Columns(ImportKind kind) => kind switch
    {
        ImportKind.Products => ProductColumns,
        ImportKind.Orders => OrderColumns,
        _ => LogisticsColumns,
    };

    /// <summary>The sheet's name and the downloaded file's name.</summary>
    public static string SheetName(ImportKind kind) => kind switch
    {
        ImportKind.Products => "商品",
        ImportKind.Orders => "订单",
        _ => "物流",
    };

    public static string FileName(ImportKind kind) => $"KefuDesk-{SheetName(kind)}导入模板.xlsx";

    /// <summary>
    /// Which header of the file fills each column (by name or an alias), and the required columns
    /// the file lacks. A file with two headers for one column uses the first.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> HeaderOf, IReadOnlyList<string> Missing) Match(ImportKind kind, IReadOnlyList<string> headers)
    {
        var present = headers.Where(h => h.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var headerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var column in Columns(kind))
        {
            var found = column.Names.FirstOrDefault(present.Contains);
            if (found is not null)
            {
                headerOf[Key(column)] = headers.First(h => string.Equals(h, found, StringComparison.OrdinalIgnoreCase));
            }
            else if (column.Required)
            {
                missing.Add(column.Header);
            }
        }

        return (headerOf, missing);
    }

    /// <summary>Identifies a column within its template (order and line columns may share a field name).</summary>
    public static string Key(TemplateColumn column) => (column.Line ? "line:" : "") + column.Field;

    /// <summary>An empty template with one example row, to fill in or to compare a platform's export with.</summary>
    public static Task<byte[]> ExampleAsync(ImportKind kind, CancellationToken ct = default)
    {
        var columns = Columns(kind);
        var example = new Dictionary<string, object?>();
        foreach (var column in columns)
        {
            example[column.Header] = column.Example;
        }

        if (kind != ImportKind.Orders)
        {
            return Infrastructure.Spreadsheets.Spreadsheet.XlsxAsync(SheetName(kind), [example], ct);
        }

        // A second line of the same order: the order's own cells may stay blank on it.
        var secondLine = columns.ToDictionary(c => c.Header, c => (object?)(c.Line || c.Field == "orderNo" ? c.Example : ""));
        secondLine["商品标题"] = "小鹿 便携榨汁杯 350ml";
        secondLine["商家编码"] = "XL-JC-002";
        secondLine["单价"] = "129.00";
        secondLine["数量"] = "1";
        return Infrastructure.Spreadsheets.Spreadsheet.XlsxAsync(SheetName(kind), [example, secondLine], ct);
    }
}
