using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Infrastructure.Data;

public static class DataExtensions
{
    private const string DefaultSqlite = "Data Source=data/kefudesk.db";

    /// <summary>
    /// Contexts are pooled: a new one costs its own internal service scope and a few hundred KB of
    /// set-up, which at hundreds of chat messages a second was a large part of the writer's work
    /// (one context per batch, several per request). The pool keeps at most this many idle.
    /// </summary>
    private const int PoolSize = 256;

    public static IHostApplicationBuilder AddKefuDeskData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.ConnectionString ??= builder.Configuration.GetConnectionString("KefuDesk");
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            options.ConnectionString = ResolveSqlitePath(options.ConnectionString ?? DefaultSqlite, builder.Environment.ContentRootPath);
        }
        else if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres.");
        }
        else
        {
            options.ConnectionString = TunePostgres(options.ConnectionString);
        }

        LoadMigrationsFromAppDirectory();
        builder.Services.AddSingleton(options);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var wait = TimeSpan.FromSeconds(new SqliteConnectionStringBuilder(options.ConnectionString).DefaultTimeout);
            var gate = new SqliteWriteGate(wait);
            var turns = new SqliteWriteTurns(gate, wait);
            builder.Services.AddSingleton(gate);
            builder.Services.AddPooledDbContextFactory<KefuDeskDbContext>(db => Configure(db, options).AddInterceptors(turns), PoolSize);
        }
        else
        {
            builder.Services.AddPooledDbContextFactory<KefuDeskDbContext>(db => Configure(db, options), PoolSize);
        }

        // Requests and hubs that take the context itself get one from the same pool.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext());

        return builder;
    }

    /// <summary>A context for <c>dotnet ef</c> in a migrations project, without starting the app.</summary>
    public static KefuDeskDbContext CreateForDesignTime(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<KefuDeskDbContext>();
        Configure(builder, new DatabaseOptions { Provider = provider, ConnectionString = connectionString });
        return new KefuDeskDbContext(builder.Options);
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder db, DatabaseOptions options)
    {
        db.AddInterceptors(StoredTextGuard.Instance);
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                db.UseNpgsql(options.ConnectionString, o => o.MigrationsAssembly(options.MigrationsAssembly));
                break;
            default:
                db.UseSqlite(options.ConnectionString, o => o.MigrationsAssembly(options.MigrationsAssembly));
                break;
        }

        return db;
    }

    /// <summary>
    /// Fewer round trips on the hot path, unless the operator chose otherwise: the same few
    /// statements run thousands of times a second (prepare them once), and connections come back
    /// to the pool in a clean state already (no DISCARD ALL before each reuse).
    /// </summary>
    private static string TunePostgres(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxAutoPrepare = 64;
        }

        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            csb.NoResetOnClose = true;
        }

        return csb.ConnectionString;
    }

    /// <summary>Relative SQLite paths live under the content root; the folder is created if missing.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is not (":memory:" or "") && csb.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(csb.DataSource, contentRoot);
            var dir = Path.GetDirectoryName(path);
            if (dir is not null && !Directory.Exists(dir))
            {
                try
                {
                    Directory.CreateDirectory(dir);
                }
                catch (IOException)
                {
                    // Reported clearly when the database is opened at start.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            csb.DataSource = path;
        }

        csb.DefaultTimeout = csb.DefaultTimeout < 30 ? 30 : csb.DefaultTimeout;
        return csb.ToString();
    }

    /// <summary>
    /// The migrations projects reference this one (they need the model), so this assembly cannot
    /// reference them; their builds copy them next to it and we load them from there on demand.
    /// </summary>
    private static void LoadMigrationsFromAppDirectory()
    {
        AssemblyLoadContext.Default.Resolving -= ResolveMigrations;
        AssemblyLoadContext.Default.Resolving += ResolveMigrations;
    }

    private static Assembly? ResolveMigrations(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || !name.Name.StartsWith("KefuDesk.Migrations.", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
