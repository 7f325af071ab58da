using KefuDesk.Features.Demo;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace KefuDesk.Infrastructure.Hosting;

/// <summary>What happens before the node takes traffic: schema, roles, first admin, demo data.</summary>
public static class StartupTasks
{
    /// <summary>Returns false (after saying why) when the database cannot be opened or migrated.</summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KefuDesk.Startup");
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        try
        {
            await MigrateAsync(app.Services, database, log);
        }
        catch (Exception ex)
        {
            var reason = ex is FileNotFoundException { FileName: { } file } && file.Contains("Migrations", StringComparison.Ordinal)
                ? $"the migrations assembly {database.MigrationsAssembly} is missing: build the whole solution (dotnet build KefuDesk.slnx)"
                : ex.GetBaseException().Message;
            log.LogCritical(ex, "Cannot open the {Provider} database ({Target}): {Reason}", database.Provider, Describe(database), reason);
            await Console.Error.WriteLineAsync(
                $"KefuDesk 无法打开数据库 / cannot open the database ({database.Provider}, {Describe(database)}): {reason}");
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<StaffSetup>();
        await setup.EnsureRolesAsync();
        await scope.ServiceProvider.GetRequiredService<Features.Conversations.Categories.ConsultationCategories>().EnsureDefaultsAsync();

        var options = app.Configuration.GetSection(KefuDeskOptions.Section).Get<KefuDeskOptions>() ?? new KefuDeskOptions();
        if (options.Demo)
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        }
        else if (options.FirstAdmin?.Password is { Length: > 0 } password && !await setup.HasAdminAsync())
        {
            var first = options.FirstAdmin;
            await setup.CreateFirstAdminAsync(new FirstAdmin(first.OrganisationName, first.ShopName, first.UserName, first.DisplayName, password));
            log.LogInformation("First administrator {UserName} created from configuration", first.UserName);
        }

        return true;
    }

    private static async Task MigrateAsync(IServiceProvider services, DatabaseOptions database, ILogger log)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await CreatePostgresDatabaseIfMissingAsync(database, log);
        }

        var factory = services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        // With the history table in place, EF Core's look at it does not log a failed query on a first start.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            log.LogInformation("Applying {Count} pending migration(s) to the {Provider} database: {Migrations}",
                pending.Count, database.Provider, string.Join(", ", pending));
            await db.Database.MigrateAsync();
            log.LogInformation("Database migrations applied; schema is at {Migration}", pending[^1]);
        }
        else
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync()).LastOrDefault();
            log.LogInformation("Database schema is up to date ({Provider}, {Migration})", database.Provider, applied);
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers work while the writer commits; FULL sync keeps every acknowledged message.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>
    /// A first start on PostgreSQL creates the database (if the user may) without the failed
    /// connection that EF Core would log as an error on the way. Where the maintenance database
    /// cannot be reached the database presumably exists: migrating will say otherwise.
    /// </summary>
    private static async Task CreatePostgresDatabaseIfMissingAsync(DatabaseOptions database, ILogger log)
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var name = target.Database ?? target.Username;
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var maintenance = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync() is not null)
            {
                return;
            }

            log.LogInformation("Creating the PostgreSQL database {Database}", name);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            log.LogDebug(ex, "Could not check for the database {Database} through the maintenance database", name);
        }
    }

    private static string Describe(DatabaseOptions database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        }

        var csb = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = database.ConnectionString };
        return $"{csb["Host"]}:{(csb.TryGetValue("Port", out var port) ? port : 5432)}/{(csb.TryGetValue("Database", out var name) ? name : "")}";
    }
}
