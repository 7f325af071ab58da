using KefuDesk.Infrastructure.Data;
using Npgsql;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>A fresh, empty database for one test class, on a real SQLite file or a real PostgreSQL server.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }
    public abstract string ConnectionString { get; }

    public static TestDatabase Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => new PostgresTestDatabase(),
        _ => new SqliteTestDatabase(),
    };

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kefudesk-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase() => Directory.CreateDirectory(_dir);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ConnectionString => $"Data Source={Path.Combine(_dir, "kefudesk.db")}";

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a stopping node; the temp folder is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database of its own on the PostgreSQL server that <c>scripts/test.sh</c> starts
/// (<c>KEFUDESK_TEST_POSTGRES</c>), dropped afterwards.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string ServerVariable = "KEFUDESK_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name = "kd_test_" + Guid.NewGuid().ToString("N")[..16];

    public PostgresTestDatabase()
    {
        _server = ServerConnectionString;
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
        create.ExecuteNonQuery();
    }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"PostgreSQL tests need a server: set {ServerVariable} (scripts/test.sh installs and starts one and sets it).");

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name, MaxPoolSize = 50 }.ToString();

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
