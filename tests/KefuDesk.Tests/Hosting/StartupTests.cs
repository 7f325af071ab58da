using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Hosting;

/// <summary>The app as an operator starts it: migrations at start (said in the log), demo data, and a clear failure.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_fresh_sqlite_database_is_migrated_at_start_and_the_log_says_so()
    {
        await using var database = new SqliteTestDatabase();
        using var app = AppProcess.Start("--urls", "http://127.0.0.1:0", "--Database:ConnectionString", database.ConnectionString);

        await app.WaitForAsync("Application started");

        Assert.Matches(@"Applying \d+ pending migration\(s\) to the Sqlite database", app.Output);
        Assert.Contains("Database migrations applied", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_start_on_postgres_creates_the_database_without_logging_errors()
    {
        var name = "kd_test_fresh_" + Guid.NewGuid().ToString("N")[..12];
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(PostgresTestDatabase.ServerConnectionString) { Database = name }.ConnectionString;
        try
        {
            using var app = AppProcess.Start("--urls", "http://127.0.0.1:0", "--Database:Provider", "Postgres", "--Database:ConnectionString", connection);

            await app.WaitForAsync("Application started");

            Assert.Contains($"Creating the PostgreSQL database {name}", app.Output, StringComparison.Ordinal);
            Assert.Matches(@"Applying \d+ pending migration\(s\) to the Postgres database", app.Output);
            Assert.DoesNotContain("fail:", app.Output, StringComparison.Ordinal);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(PostgresTestDatabase.ServerConnectionString);
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Demo_mode_writes_demo_data_and_prints_the_urls_and_sign_ins()
    {
        await using var database = new SqliteTestDatabase();
        using var app = AppProcess.Start("--urls", "http://127.0.0.1:0", "--Database:ConnectionString", database.ConnectionString,
            "--KefuDesk:Demo=true");

        await app.WaitForAsync("Press Ctrl+C to stop.");

        Assert.Contains("Demo data written", app.Output, StringComparison.Ordinal);
        Assert.Matches(@"/workspace", app.Output);
        Assert.Matches(@"http://127\.0\.0\.1:\d+/demo-shop", app.Output);
        Assert.Contains("xiaomei", app.Output, StringComparison.Ordinal);
        Assert.Contains("Agent#2026", app.Output, StringComparison.Ordinal);

        // Everything the demo wrote in Chinese (chats, greetings, records, templates, complaints…)
        // takes full-width punctuation: it is what a shop reads first.
        Assert.Empty(await HalfWidthSlipsAsync(database.ConnectionString));
    }

    /// <summary>Every text cell of every table with a half-width slip beside Chinese, as "table.column: …".</summary>
    private static async Task<List<string>> HalfWidthSlipsAsync(string connectionString)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString + ";Mode=ReadOnly");
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var tables = connection.CreateCommand())
        {
            tables.CommandText = """
                SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__EF%' AND p.type = 'TEXT'
                  AND p.name <> 'Tags'
                """; // tags are stored as a comma-separated list, never shown as such
            await using var reader = await tables.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var slips = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (reader.GetValue(0) is string text && ChineseText.HalfWidthSlip(text) is { } slip)
                {
                    slips.Add($"{table}.{column}: {slip}");
                }
            }
        }

        return slips;
    }

    [Fact]
    public async Task An_unopenable_sqlite_database_stops_the_app_with_a_clear_message()
    {
        var file = Path.Combine(Path.GetTempPath(), "kefudesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "a file, not a folder");
        using var app = AppProcess.Start("--urls", "http://127.0.0.1:0", "--Database:ConnectionString", $"Data Source={file}/kefudesk.db");

        var exitCode = await app.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("cannot open the database (Sqlite", app.Output, StringComparison.Ordinal);
        Assert.Contains("无法打开数据库", app.Output, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact]
    public async Task An_unreachable_postgres_server_stops_the_app_with_a_clear_message()
    {
        using var app = AppProcess.Start("--urls", "http://127.0.0.1:0", "--Database:Provider", "Postgres",
            "--Database:ConnectionString", "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=kefudesk;Timeout=3");

        var exitCode = await app.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot open the database (Postgres, 127.0.0.1:1/kefudesk)", app.Output, StringComparison.Ordinal);
    }
}
