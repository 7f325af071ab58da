using KefuDesk.Features.Shop;

namespace KefuDesk.Features.Demo;

/// <summary>The demo shop's shelf. Images are small SVGs served from wwwroot/demo/products.</summary>
public static class DemoCatalogue
{
    private static readonly (string Sku, string Title, long PriceFen, int Stock, string Image)[] Shelf =
    [
        ("XL-EP-001", "小鹿 无线降噪蓝牙耳机 Pro", 29900, 860, "earphones"),
        ("XL-JC-002", "小鹿 便携榨汁杯 350ml", 12900, 1200, "blender"),
        ("XL-BW-003", "小鹿 智能保温杯 500ml 可刻字", 8900, 2300, "bottle"),
        ("XL-HB-004", "小鹿 新疆长绒棉四件套 1.8m 床", 35900, 340, "bedding"),
        ("XL-JM-005", "小鹿 儿童益智积木 120 粒", 7990, 980, "blocks"),
        ("XL-KZ-006", "小鹿 空气炸锅 4.5L 可视窗", 39900, 510, "airfryer"),
    ];

    public static IEnumerable<Product> Products(Guid shopId, DateTime now, string skuPrefix = "") =>
        Shelf.Select((p, i) => new Product(Guid.CreateVersion7(), shopId, skuPrefix + p.Sku, p.Title, p.PriceFen, p.Stock,
            $"/demo/products/{p.Image}.svg", now.AddDays(-300 + i)));
}
