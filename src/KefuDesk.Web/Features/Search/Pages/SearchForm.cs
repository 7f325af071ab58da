using System.Globalization;
using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.WebUtilities;

namespace KefuDesk.Features.Search.Pages;

/// <summary>What the search page's form holds, read from and written to the page's address.</summary>
internal sealed class SearchForm
{
    public string? Query { get; set; }
    public Guid? ShopId { get; set; }
    public Guid? AgentId { get; set; }
    public Channel? Channel { get; set; }
    public ConversationStatus? Status { get; set; }
    public string? Tag { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public SearchOrder Order { get; set; }

    public bool HasFilters => ShopId is not null || AgentId is not null || Channel is not null || Status is not null
                              || !string.IsNullOrWhiteSpace(Tag) || From is not null || To is not null;

    public void Load(string? query, Guid? shop, Guid? agent, string? channel, string? status, string? tag, string? from, string? to, string? order)
    {
        Query = query;
        ShopId = shop;
        AgentId = agent;
        Channel = Enum.TryParse<Channel>(channel, true, out var c) ? c : null;
        Status = Enum.TryParse<ConversationStatus>(status, true, out var s) ? s : null;
        Tag = tag;
        From = Day(from);
        To = Day(to);
        Order = Enum.TryParse<SearchOrder>(order, true, out var o) ? o : SearchOrder.Relevance;
    }

    public void ClearFilters()
    {
        ShopId = null;
        AgentId = null;
        Channel = null;
        Status = null;
        Tag = null;
        From = null;
        To = null;
    }

    /// <summary>Dates are whole shop-local days, the "to" day included.</summary>
    public MessageSearchRequest ToRequest(int offset, int limit)
    {
        if (From is { } f && To is { } t && f > t)
        {
            throw new KefuDeskException(KefuDeskError.SearchDateInvalid);
        }

        return new MessageSearchRequest(Query, ShopId, AgentId, Channel, From is { } from ? SearchDates.DayStart(from) : null,
            To is { } to ? SearchDates.DayStart(to.AddDays(1)) : null, Tag, Status, Order, offset, limit);
    }

    public string ToUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Query?.Trim(),
            ["shop"] = ShopId?.ToString(),
            ["agent"] = AgentId?.ToString(),
            ["channel"] = Channel?.ToString(),
            ["status"] = Status?.ToString(),
            ["tag"] = string.IsNullOrWhiteSpace(Tag) ? null : Tag.Trim(),
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["order"] = Order == SearchOrder.Relevance ? null : Order.ToString(),
            ["page"] = page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("/conversations", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }

    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
