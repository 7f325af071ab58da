namespace KefuDesk.Features.Conversations;

/// <summary>
/// A node of the organisation's consultation category tree (商品咨询 › 尺码, 物流配送 › 发货时间…),
/// used by consultation records and reports. Categories are retired, never deleted, so old records
/// keep their meaning.
/// </summary>
public sealed class ConsultationCategory
{
    public const int NameMaxLength = 30;

    private ConsultationCategory() { }

    public ConsultationCategory(Guid id, Guid organisationId, Guid? parentId, string name, int sortOrder)
    {
        Id = id;
        OrganisationId = organisationId;
        ParentId = parentId;
        Name = name;
        SortOrder = sortOrder;
        Active = true;
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid? ParentId { get; private set; }
    public string Name { get; private set; } = "";
    public int SortOrder { get; private set; }
    public bool Active { get; private set; }

    public void Rename(string name) => Name = name;

    public void Retire() => Active = false;

    public void Restore() => Active = true;

    /// <summary>The tree every new organisation starts with (from what shops' record books use).</summary>
    public static IEnumerable<ConsultationCategory> Defaults(Guid organisationId)
    {
        (string Name, string[] Children)[] tree =
        [
            ("商品咨询", ["功能用法", "尺码规格", "库存现货", "真伪材质"]),
            ("价格优惠", ["优惠券", "活动价格", "改价议价"]),
            ("物流配送", ["发货时间", "物流查询", "修改地址", "快递选择"]),
            ("售后服务", ["退货退款", "换货", "维修", "补发"]),
            ("投诉建议", ["服务投诉", "质量投诉", "建议"]),
            ("其他", []),
        ];
        var order = 0;
        foreach (var (name, children) in tree)
        {
            var parent = new ConsultationCategory(Guid.NewGuid(), organisationId, null, name, order++);
            yield return parent;
            var childOrder = 0;
            foreach (var child in children)
            {
                yield return new ConsultationCategory(Guid.NewGuid(), organisationId, parent.Id, child, childOrder++);
            }
        }
    }
}
