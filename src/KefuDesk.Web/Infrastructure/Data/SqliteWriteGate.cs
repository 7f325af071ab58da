using System.Data.Common;
using System.Runtime.CompilerServices;

namespace KefuDesk.Infrastructure.Data;

/// <summary>
/// SQLite lets one connection write at a time. When two of our own connections meet there (the
/// conversation writer, search indexing, a job renewing its lease), the loser gets SQLITE_BUSY and
/// Microsoft.Data.Sqlite retries after a fixed <c>Thread.Sleep(150)</c>: every such meeting stalled
/// the chat path for 150 ms. So the node queues its own writers here instead, and each one starts
/// the moment the one before it ends. SQLite's own busy handler (<c>busy_timeout</c>) still covers
/// other processes on the same file.
/// </summary>
/// <remarks>
/// A connection holds the gate from its first write (a transaction, a SaveChanges, a write
/// statement outside a transaction) until that ends; nested holds on the same connection count, and
/// closing or disposing the connection lets go of whatever it still holds (a transaction disposed
/// without commit or rollback tells no interceptor).
/// </remarks>
public sealed class SqliteWriteGate(TimeSpan wait)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbConnection, Holding> _holders = new();

    /// <summary>How many connections wait for the gate now (diagnostics and tests).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    private int _waiting;

    public void Enter(DbConnection connection)
    {
        var holding = _holders.GetOrCreateValue(connection);
        if (holding.Depth++ > 0)
        {
            return;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            if (!_gate.Wait(wait))
            {
                holding.Depth = 0;
                throw Timeout();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public async ValueTask EnterAsync(DbConnection connection, CancellationToken ct)
    {
        var holding = _holders.GetOrCreateValue(connection);
        if (holding.Depth++ > 0)
        {
            return;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            if (!await _gate.WaitAsync(wait, ct))
            {
                holding.Depth = 0;
                throw Timeout();
            }
        }
        catch (OperationCanceledException)
        {
            holding.Depth = 0;
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Ends one hold; the gate opens when the connection's last hold ends.</summary>
    public void Leave(DbConnection connection)
    {
        if (_holders.TryGetValue(connection, out var holding) && holding.Depth > 0 && --holding.Depth == 0)
        {
            _gate.Release();
        }
    }

    /// <summary>The connection closes: whatever it still holds is let go.</summary>
    public void LeaveAll(DbConnection connection)
    {
        if (_holders.TryGetValue(connection, out var holding) && holding.Depth > 0)
        {
            holding.Depth = 0;
            _gate.Release();
        }
    }

    private TimeoutException Timeout() =>
        new($"No write turn on the SQLite database within {wait.TotalSeconds:0} s: another write held it all that time.");

    private sealed class Holding
    {
        public int Depth;
    }
}
