namespace KefuDesk.SearchBench;

public sealed record SeedConversation(Guid Id, Guid ShopId, Guid CustomerId, string Channel, string Status, Guid? AssigneeId,
    DateTime CreatedAt, int MessageCount);

public sealed record SeedMessage(Guid Id, Guid ConversationId, long Sequence, string Sender, Guid? SenderAgentId, string? SenderName,
    string Kind, string Visibility, string Body, string? Content, DateTime CreatedAt, DateTime? RecalledAt);

public sealed record SeedAgent(Guid Id, Guid ShopId, string Name);

/// <summary>
/// The shape of a year of a ten-shop business: conversations spread over 365 days, mostly closed,
/// 4–36 messages each (20 on average), buyer and agent taking turns, a few notes, recalls and files.
/// Deterministic for a given seed, so both databases get the same data.
/// </summary>
public sealed class SeedPlan(int messages, DateTime now, int seed = 2026)
{
    public const int Shops = 10;
    public const int AgentsPerShop = 6;
    public const int LongConversationLength = 1000;

    private readonly Random _random = new(seed);

    public static readonly string[] Tags = ["加急", "物流", "退换货", "质量问题", "催发货", "大客户"];

    public DateTime Now => now;

    /// <summary>The conversation used for the page-load measurement, and a short one to compare with.</summary>
    public Guid LongConversationId { get; } = Guid.CreateVersion7();

    public Guid ShortConversationId { get; private set; }

    public List<SeedConversation> Conversations(IReadOnlyList<Guid> shops, IReadOnlyList<Guid> customers, IReadOnlyList<SeedAgent> agents)
    {
        var list = new List<SeedConversation>();
        var remaining = messages - LongConversationLength;
        var byShop = agents.GroupBy(a => a.ShopId).ToDictionary(g => g.Key, g => g.ToArray());
        list.Add(new SeedConversation(LongConversationId, shops[0], customers[0], "Web", "Open", byShop[shops[0]][0].Id, now.AddDays(-3),
            LongConversationLength));
        while (remaining > 0)
        {
            var count = Math.Min(remaining, _random.Next(4, 37));
            remaining -= count;
            var shop = shops[_random.Next(shops.Count)];
            var roll = _random.Next(100);
            var status = roll < 80 ? "Closed" : roll < 90 ? "Resolved" : roll < 95 ? "Open" : roll < 98 ? "Pending" : "New";
            var channelRoll = _random.Next(100);
            var channel = channelRoll < 85 ? "Web" : channelRoll < 90 ? "WeChat" : channelRoll < 95 ? "Email" : "OfflineMessage";
            var agent = status == "New" ? null : byShop[shop][_random.Next(AgentsPerShop)];
            var createdAt = now.AddMinutes(-_random.Next(60, 365 * 24 * 60));
            list.Add(new SeedConversation(Guid.CreateVersion7(createdAt), shop, customers[_random.Next(customers.Count)], channel, status,
                agent?.Id, createdAt, count));
        }

        ShortConversationId = list.Skip(1).First(c => c.MessageCount is >= 8 and <= 12).Id;
        return list;
    }

    public IEnumerable<(Guid ConversationId, string Tag)> TagsFor(IEnumerable<SeedConversation> conversations) =>
        conversations.Where(_ => _random.Next(10) == 0).Select(c => (c.Id, Tags[_random.Next(Tags.Length)]));

    public IEnumerable<SeedMessage> Messages(IEnumerable<SeedConversation> conversations, IReadOnlyDictionary<Guid, SeedAgent> agents)
    {
        var text = new SeedText(_random);
        foreach (var c in conversations)
        {
            var agent = c.AssigneeId is { } id ? agents[id] : null;
            for (var seq = 1; seq <= c.MessageCount; seq++)
            {
                var at = c.CreatedAt.AddSeconds(seq * 40 + _random.Next(30));
                var fromBuyer = agent is null || seq % 2 == 1;
                var roll = _random.Next(100);
                if (fromBuyer)
                {
                    var isFile = roll < 1;
                    yield return new SeedMessage(Guid.CreateVersion7(at), c.Id, seq, "Customer", null, null, isFile ? "File" : "Text",
                        "Public", isFile ? "" : text.BuyerLine(), isFile ? FileContent(text.FileName()) : null, at, null);
                }
                else if (roll < 3)
                {
                    yield return new SeedMessage(Guid.CreateVersion7(at), c.Id, seq, "Agent", agent!.Id, agent.Name, "Text", "Internal",
                        text.Note(), null, at, null);
                }
                else
                {
                    yield return new SeedMessage(Guid.CreateVersion7(at), c.Id, seq, "Agent", agent!.Id, agent.Name, "Text", "Public",
                        text.AgentLine(), null, at, roll < 4 ? at.AddSeconds(30) : null);
                }
            }
        }
    }

    private string FileContent(string fileName) =>
        $$$"""{"attachment":{"id":"{{{Guid.NewGuid()}}}","fileName":"{{{fileName}}}","contentType":"application/octet-stream","size":{{{_random.Next(10_000, 900_000)}}}}}""";
}
