using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KefuDesk.Infrastructure.Data;

/// <summary>
/// Puts every write of this node's SQLite connections through <see cref="SqliteWriteGate"/>: an
/// explicit transaction, a SaveChanges, and a write statement outside a transaction
/// (ExecuteUpdate, ExecuteDelete, raw SQL) each wait for their turn. Each opened connection also
/// gets SQLite's own busy handler, for writers in other processes.
/// </summary>
public sealed class SqliteWriteTurns(SqliteWriteGate gate, TimeSpan busyTimeout)
    : IDbTransactionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    // Commands that took a turn of their own, so that a failed read inside someone's turn ends nothing.
    private readonly ConditionalWeakTable<DbCommand, object> _ownTurns = new();

    // --- transactions (SQLite's BEGIN IMMEDIATE takes the write lock at once) ---

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        gate.Enter(connection);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await gate.EnterAsync(connection, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    // --- SaveChanges (one INSERT may run without a transaction of EF's own) ---

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        gate.Enter(ConnectionOf(eventData));
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await gate.EnterAsync(ConnectionOf(eventData), cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        gate.Leave(ConnectionOf(eventData));
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        gate.Leave(ConnectionOf(eventData));
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => gate.Leave(ConnectionOf(eventData));

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        gate.Leave(ConnectionOf(eventData));
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => gate.Leave(ConnectionOf(eventData));

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        gate.Leave(ConnectionOf(eventData));
        return Task.CompletedTask;
    }

    // --- write statements outside a transaction (ExecuteUpdate, ExecuteDelete, raw SQL) ---

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (command.Transaction is null && command.Connection is { } connection)
        {
            gate.Enter(connection);
            _ownTurns.AddOrUpdate(command, connection);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction is null && command.Connection is { } connection)
        {
            await gate.EnterAsync(connection, cancellationToken);
            _ownTurns.AddOrUpdate(command, connection);
        }

        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        EndOwnTurn(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        EndOwnTurn(command);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => EndOwnTurn(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndOwnTurn(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => EndOwnTurn(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndOwnTurn(command);
        return Task.CompletedTask;
    }

    // --- connections ---

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SetBusyTimeout(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Microsoft.Data.Sqlite does this I/O synchronously anyway; one PRAGMA, no disk.
        SetBusyTimeout(connection);
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        gate.LeaveAll(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        gate.LeaveAll(connection);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        gate.LeaveAll(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        gate.LeaveAll(connection);
        return ValueTask.FromResult(result);
    }

    // Straight to SQLite (what PRAGMA busy_timeout does, without preparing a statement at every open).
    private void SetBusyTimeout(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)busyTimeout.TotalMilliseconds);
        }
    }

    private void Leave(DbContext? context)
    {
        // Transactions this node starts come from a context; the connection has the turn.
        if (context is not null)
        {
            gate.Leave(context.Database.GetDbConnection());
        }
    }

    private void EndOwnTurn(DbCommand command)
    {
        if (_ownTurns.TryGetValue(command, out var connection))
        {
            _ownTurns.Remove(command);
            gate.Leave((DbConnection)connection);
        }
    }

    private static DbConnection ConnectionOf(DbContextEventData eventData) =>
        (eventData.Context ?? throw new InvalidOperationException("SaveChanges without a context")).Database.GetDbConnection();
}
