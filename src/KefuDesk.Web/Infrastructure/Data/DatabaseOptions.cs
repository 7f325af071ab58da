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

    public string MigrationsAssembly => Provider switch
    {
        DatabaseProvider.Postgres => "KefuDesk.Migrations.Postgres",
        _ => "KefuDesk.Migrations.Sqlite",
    };
}
