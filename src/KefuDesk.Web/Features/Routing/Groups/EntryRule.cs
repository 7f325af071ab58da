namespace KefuDesk.Features.Routing.Groups;

/// <summary>What an entry rule looks at when a buyer starts a conversation.</summary>
public enum EntryCondition
{
    /// <summary>The widget's entry point (the embed's <c>entry</c>, e.g. "after-sales-button").</summary>
    EntryPoint,

    /// <summary>The page the buyer wrote from contains this text (e.g. "/refund").</summary>
    Page,

    /// <summary>The buyer picked this question from the widget's menu (e.g. 售后问题).</summary>
    Question,

    /// <summary>The conversation started about an order (from an order page or with an order card).</summary>
    Order,

    /// <summary>The buyer carries this tag (e.g. VIP).</summary>
    CustomerTag,

    /// <summary>The first message contains this word (e.g. 退货).</summary>
    Keyword,
}

/// <summary>One line of a shop's entry rules: the first rule that matches chooses the buyer's group.</summary>
public sealed class EntryRule
{
    public const int ValueMaxLength = 100;

    private EntryRule() { }

    public EntryRule(Guid id, Guid shopId, int position, EntryCondition condition, string value, Guid groupId)
    {
        Id = id;
        ShopId = shopId;
        Position = position;
        Condition = condition;
        Value = value;
        GroupId = groupId;
    }

    public Guid Id { get; private set; }
    public Guid ShopId { get; private set; }
    public int Position { get; private set; }
    public EntryCondition Condition { get; private set; }
    public string Value { get; private set; } = "";
    public Guid GroupId { get; private set; }
}
