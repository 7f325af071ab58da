using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace KefuDesk.Infrastructure.Data;

/// <summary>One transaction for work over many rows at once (a 100,000-order import and its check).</summary>
public static class BulkTransactions
{
    /// <summary>
    /// Begins the transaction, without a savepoint per SaveChanges (a failed chunk fails the whole
    /// work; and on PostgreSQL more than 64 subtransactions make every read of the transaction's
    /// own new rows slow). On PostgreSQL it also plans every statement for its own values: the
    /// connection's prepared statements may hold generic plans made while the tables were empty,
    /// and no ANALYZE can run inside this transaction to replace them; a 100,000-order import
    /// then spends minutes scanning tables it is filling.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginBulkTransactionAsync(this DatabaseFacade database, CancellationToken ct)
    {
        var transaction = await database.BeginTransactionAsync(ct);
        database.AutoSavepointsEnabled = false;
        if (database.IsNpgsql())
        {
            await database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", ct);
        }

        return transaction;
    }

    /// <summary>
    /// On PostgreSQL, refreshes the planner's statistics of the given tables from inside the bulk
    /// transaction (ANALYZE counts the transaction's own new rows; autovacuum cannot see them).
    /// Without it the planner still believes the tables hold what they held before, and looks up
    /// 500 phone numbers among 100,000 new identities by reading them all. Called after chunks
    /// 1, 2, 4, 8…: a handful of times however large the work.
    /// </summary>
    public static async Task RefreshStatisticsAsync(this DbContext db, int chunksDone, IEnumerable<Type> entities, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql() || chunksDone <= 0 || (chunksDone & (chunksDone - 1)) != 0)
        {
            return;
        }

        var tables = entities.Select(e => db.Model.FindEntityType(e)?.GetTableName()).OfType<string>().Distinct()
            .Select(t => "\"" + t.Replace("\"", "\"\"") + "\"");
        var analyze = "ANALYZE " + string.Join(", ", tables); // table names from the model, quoted: nothing from outside
        await db.Database.ExecuteSqlRawAsync(analyze, ct);
    }
}
