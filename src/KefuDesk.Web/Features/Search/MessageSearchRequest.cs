using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Search;

public enum SearchOrder
{
    /// <summary>Best matches first (BM25 on SQLite, cover density on PostgreSQL), newer first among equals.</summary>
    Relevance,

    Newest,
}

/// <summary>
/// A history search: words to find (all of them), narrowed by shop, agent (who wrote the message
/// or holds the conversation), channel, time (UTC, from inclusive, to exclusive), conversation tag
/// and status.
/// </summary>
public sealed record MessageSearchRequest(
    string? Query,
    Guid? ShopId = null,
    Guid? AgentId = null,
    Channel? Channel = null,
    DateTime? From = null,
    DateTime? To = null,
    string? Tag = null,
    ConversationStatus? Status = null,
    SearchOrder Order = SearchOrder.Relevance,
    int Offset = 0,
    int Limit = 20)
{
    public const int QueryMaxLength = 100;
    public const int MaxLimit = 100;

    /// <summary>Deep pages cost as much as all the pages before them; nobody reads that far.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>Checks the request and returns the terms every result must contain.</summary>
    public IReadOnlyList<SearchTerm> Validate()
    {
        var query = Query?.Trim() ?? "";
        if (query.Length == 0)
        {
            throw new KefuDeskException(KefuDeskError.SearchQueryEmpty);
        }

        if (query.Length > QueryMaxLength)
        {
            throw new KefuDeskException(KefuDeskError.SearchQueryTooLong, $"{QueryMaxLength}");
        }

        if (Offset < 0 || Offset > MaxOffset || Limit is < 1 or > MaxLimit)
        {
            throw new KefuDeskException(KefuDeskError.SearchPagingInvalid, $"limit 1–{MaxLimit}, offset 0–{MaxOffset}");
        }

        if (From is { } from && To is { } to && from >= to)
        {
            throw new KefuDeskException(KefuDeskError.SearchDateInvalid, "from < to");
        }

        var terms = SearchTokenizer.QueryTerms(query);
        return terms.Count > 0 ? terms : throw new KefuDeskException(KefuDeskError.SearchQueryEmpty, "no letters, digits or characters");
    }
}

/// <summary>One message found, with where it belongs and an excerpt whose matches are marked.</summary>
public sealed record MessageHit(
    Guid MessageId,
    Guid ConversationId,
    long Sequence,
    DateTime CreatedAt,
    MessageKind Kind,
    SenderKind Sender,
    string? SenderName,
    bool Internal,
    bool Recalled,
    IReadOnlyList<HighlightSegment> Excerpt,
    Guid ShopId,
    string ShopName,
    Channel Channel,
    ConversationStatus Status,
    Guid CustomerId,
    string? CustomerName,
    Guid? AssigneeId,
    string? AssigneeName,
    double Score)
{
    public string VisitorCode => Customer.CodeFor(CustomerId);
}

/// <summary>
/// A page of results. <c>Total</c> counts matches up to <see cref="MessageSearch.CountLimit"/>;
/// beyond that <c>TotalExact</c> is false and the page says "more than".
/// </summary>
public sealed record MessageSearchPage(IReadOnlyList<MessageHit> Items, int Offset, int Limit, bool HasMore, int Total, bool TotalExact);
