namespace KefuDesk.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite: <c>Data Source=data/kefudesk.db</c> (relative to the content root). PostgreSQL: an Npgsql string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Threads writing conversations on PostgreSQL (SQLite has one write lock, so always one there).
    /// PostgreSQL locks the rows a batch touches, so batches of different conversations commit side
    /// by side; one thread alone spends most of a batch waiting for the database's answers.
    /// </summary>
    public int PostgresConversationWriters { get; set; } = 2;

    public int ConversationWriters => Provider == DatabaseProvider.Postgres ? Math.Clamp(PostgresConversationWriters, 1, 16) : 1;

    public string MigrationsAssembly => Provider switch
    {
        DatabaseProvider.Postgres => "KefuDesk.Migrations.Postgres",
        _ => "KefuDesk.Migrations.Sqlite",
    };
}
