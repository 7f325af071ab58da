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
}
