using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Search;

/// <summary>A search entry that matched, with its score (higher is better on both databases).</summary>
internal sealed class SearchMatch
{
    public long Id { get; init; }
    public Guid MessageId { get; init; }
    public Guid ConversationId { get; init; }
    public Guid ShopId { get; init; }
    public string Channel { get; init; } = "";
    public Guid? SenderAgentId { get; init; }
    public DateTime CreatedAt { get; init; }
    public double Score { get; init; }
}

/// <summary>
/// The one provider-specific piece of a search: which entries match the terms, and how well.
/// Everything else (filters, order, paging) is composed on top in LINQ.
/// </summary>
internal static class SearchMatches
{
    public const string FtsTable = "MessageSearch";
    public const string VectorColumn = "SearchVector";

    public static IQueryable<SearchMatch> Of(KefuDeskDbContext db, IReadOnlyList<SearchTerm> terms)
    {
        if (db.Database.IsNpgsql())
        {
            var tsquery = PostgresQuery(terms);
            return db.Database.SqlQuery<SearchMatch>($"""
                SELECT e."Id", e."MessageId", e."ConversationId", e."ShopId", e."Channel", e."SenderAgentId", e."CreatedAt",
                       ts_rank_cd(e."SearchVector", to_tsquery('simple', {tsquery}), 1)::double precision AS "Score"
                FROM "MessageSearchEntries" AS e
                WHERE e."SearchVector" @@ to_tsquery('simple', {tsquery})
                """);
        }

        var match = Fts5Query(terms);
        return db.Database.SqlQuery<SearchMatch>($"""
            SELECT e."Id", e."MessageId", e."ConversationId", e."ShopId", e."Channel", e."SenderAgentId", e."CreatedAt",
                   -bm25("MessageSearch") AS "Score"
            FROM "MessageSearch" JOIN "MessageSearchEntries" AS e ON e."Id" = "MessageSearch".rowid
            WHERE "MessageSearch" MATCH {match}
            """);
    }

    /// <summary>FTS5 syntax: every token quoted (they hold only letters and digits), all required, <c>*</c> for a prefix.</summary>
    public static string Fts5Query(IReadOnlyList<SearchTerm> terms) =>
        string.Join(" AND ", terms.SelectMany(t => t.Tokens.Select(token => $"\"{token}\"" + (t.Prefix ? "*" : ""))));

    /// <summary>tsquery syntax: every lexeme quoted, all required (<c>&amp;</c>), <c>:*</c> for a prefix.</summary>
    public static string PostgresQuery(IReadOnlyList<SearchTerm> terms) =>
        string.Join(" & ", terms.SelectMany(t => t.Tokens.Select(token => $"'{token}'" + (t.Prefix ? ":*" : ""))));
}
