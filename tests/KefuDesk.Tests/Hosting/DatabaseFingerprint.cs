using System.Security.Cryptography;
using System.Text;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// A hash of every row of every table, to show that a refused request changed nothing. Tables that
/// background work writes on its own (leases, presence and the statuses and seats that follow an
/// agent's connections, the search index, keys) and the sign-in counters (a wrong password is meant
/// to count) are left out.
/// </summary>
public static class DatabaseFingerprint
{
    private static readonly string[] Volatile =
    [
        "JobLease", "AgentPresence", "AgentStatusChange", "AgentSeat", "MessageSearchEntry", "SearchIndexCursor", "DataProtectionKey", "Agent",
    ];

    /// <summary>
    /// The fingerprint once the database is quiet: what an accepted request set going after its answer
    /// (a greeting, a delivery) has been written. Polls until two readings a moment apart agree.
    /// </summary>
    public static async Task<string> SettledAsync(IServiceProvider services)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        var last = await TakeAsync(services);
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(150);
            var next = await TakeAsync(services);
            if (next == last)
            {
                return next;
            }

            last = next;
        }

        return last;
    }

    public static async Task<string> TakeAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        var tables = db.Model.GetEntityTypes()
            .Where(t => !Volatile.Contains(t.ClrType.Name) && t.GetTableName() is not null && t.GetViewName() is null)
            .Select(t => (t.GetTableName()!, t.GetSchema()))
            .Distinct()
            .OrderBy(t => t.Item1, StringComparer.Ordinal)
            .ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var print = new StringBuilder();
        foreach (var (table, schema) in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {(schema is null ? "" : $"\"{schema}\".")}\"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Append(reader.GetValue(i) switch
                    {
                        DBNull => "∅",
                        byte[] bytes => Convert.ToHexString(bytes),
                        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    }).Append('|');
                }

                rows.Add(row.ToString());
            }

            rows.Sort(StringComparer.Ordinal); // no ORDER BY for every table: sort here
            print.Append(table).Append(':').Append(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows))))[..16]).Append(' ');
        }

        return print.ToString();
    }

    /// <summary>The tables whose rows differ between two fingerprints.</summary>
    public static string Changed(string before, string after)
    {
        var was = before.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return string.Join(", ", after.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !was.Contains(t)).Select(t => t.Split(':')[0]));
    }
}
