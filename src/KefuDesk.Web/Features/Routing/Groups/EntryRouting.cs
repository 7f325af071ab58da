using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing.Groups;

/// <summary>Where the buyer came from, as the widget tells it: entry point, page, picked question, order.</summary>
public sealed record EntryContext(string? Point = null, string? Page = null, string? Question = null, string? OrderNo = null);

/// <summary>
/// Chooses a new conversation's group from the shop's entry rules (first match wins), else the
/// shop's default group; VIP buyers get queue priority.
/// </summary>
public static class EntryRouting
{
    public static void Route(WriteBatch batch, Conversation conversation, Customer? customer, EntryContext? entry, string firstText, bool aboutOrder)
    {
        var rules = batch.Cached(conversation.ShopId, () => new ShopRouting(
            batch.Db.EntryRules.AsNoTracking().Where(r => r.ShopId == conversation.ShopId).OrderBy(r => r.Position).ToList(),
            batch.Db.SkillGroups.AsNoTracking().Where(g => g.ShopId == conversation.ShopId && g.IsDefault).Select(g => (Guid?)g.Id).FirstOrDefault()));
        var rule = rules.Rules.FirstOrDefault(r => Matches(r, customer, entry, firstText, aboutOrder || !string.IsNullOrWhiteSpace(entry?.OrderNo)));
        conversation.Route(rule?.GroupId ?? conversation.SkillGroupId ?? rules.DefaultGroupId, customer?.IsVip == true ? 1 : 0,
            entry?.Point, entry?.Question, batch.Now);
    }

    public static bool Matches(EntryRule rule, Customer? customer, EntryContext? entry, string firstText, bool aboutOrder) => rule.Condition switch
    {
        EntryCondition.EntryPoint => Same(entry?.Point, rule.Value),
        EntryCondition.Page => entry?.Page is { } page && page.Contains(rule.Value, StringComparison.OrdinalIgnoreCase),
        EntryCondition.Question => Same(entry?.Question, rule.Value),
        EntryCondition.Order => aboutOrder,
        EntryCondition.CustomerTag => customer?.HasTag(rule.Value) == true,
        EntryCondition.Keyword => firstText.Contains(rule.Value, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static bool Same(string? a, string b) => a is not null && string.Equals(a.Trim(), b, StringComparison.OrdinalIgnoreCase);

    private sealed record ShopRouting(List<EntryRule> Rules, Guid? DefaultGroupId);
}
