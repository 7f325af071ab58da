using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace KefuDesk.SearchBench;

/// <summary>
/// Writes conversations, tags and messages as fast as each database takes them: COPY (binary) on
/// PostgreSQL; on SQLite one prepared INSERT in large transactions. Columns are those of the
/// migrations at this commit; small tables (shops, staff, buyers) go through EF Core instead.
/// </summary>
public static class BulkSeeder
{
    private const string ConversationColumns =
        "\"Id\", \"ShopId\", \"CustomerId\", \"Channel\", \"Status\", \"AssigneeId\", \"LastSequence\", \"Version\", \"CreatedAt\", " +
        "\"LastMessageAt\", \"LastMessagePreview\", \"UnreadForAgent\", \"UnreadForCustomer\", \"AgentReadSequence\", " +
        "\"CustomerReadSequence\", \"CustomerDeliveredSequence\", \"LeftOffline\"";

    private const string MessageColumns =
        "\"Id\", \"ConversationId\", \"Sequence\", \"ClientMessageId\", \"Sender\", \"SenderAgentId\", \"SenderName\", \"Kind\", " +
        "\"Visibility\", \"Body\", \"Content\", \"CreatedAt\", \"RecalledAt\"";

    public static async Task PostgresAsync(string connectionString, List<SeedConversation> conversations,
        IEnumerable<(Guid, string)> tags, IEnumerable<SeedMessage> messages)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using (var copy = await db.BeginBinaryImportAsync($"COPY \"Conversations\" ({ConversationColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in conversations)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.ShopId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.CustomerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.Channel, NpgsqlDbType.Varchar);
                await copy.WriteAsync(c.Status, NpgsqlDbType.Varchar);
                if (c.AssigneeId is { } a)
                {
                    await copy.WriteAsync(a, NpgsqlDbType.Uuid);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync((long)c.MessageCount, NpgsqlDbType.Bigint);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(c.CreatedAt.AddMinutes(10), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("", NpgsqlDbType.Varchar);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await db.BeginBinaryImportAsync("COPY \"ConversationTags\" (\"ConversationId\", \"Tag\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, tag) in tags)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(tag, NpgsqlDbType.Varchar);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await db.BeginBinaryImportAsync($"COPY \"Messages\" ({MessageColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var m in messages)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(m.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(m.ConversationId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(m.Sequence, NpgsqlDbType.Bigint);
                await copy.WriteAsync(m.Id.ToString("N"), NpgsqlDbType.Varchar);
                await copy.WriteAsync(m.Sender, NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, m.SenderAgentId, NpgsqlDbType.Uuid);
                await WriteNullableAsync(copy, m.SenderName, NpgsqlDbType.Varchar);
                await copy.WriteAsync(m.Kind, NpgsqlDbType.Varchar);
                await copy.WriteAsync(m.Visibility, NpgsqlDbType.Varchar);
                await copy.WriteAsync(m.Body, NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, m.Content, NpgsqlDbType.Varchar);
                await copy.WriteAsync(m.CreatedAt, NpgsqlDbType.TimestampTz);
                await WriteNullableAsync(copy, m.RecalledAt, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await copy.WriteNullAsync();
        }
        else
        {
            await copy.WriteAsync(value, type);
        }
    }

    public static void Sqlite(string connectionString, List<SeedConversation> conversations, IEnumerable<(Guid, string)> tags,
        IEnumerable<SeedMessage> messages)
    {
        using var db = new SqliteConnection(connectionString);
        db.Open();
        Exec(db, "PRAGMA synchronous = OFF");
        Insert(db, "Conversations", ConversationColumns, conversations, c =>
        [
            Id(c.Id), Id(c.ShopId), Id(c.CustomerId), c.Channel, c.Status, Id(c.AssigneeId), (long)c.MessageCount, 1, Time(c.CreatedAt),
            Time(c.CreatedAt.AddMinutes(10)), "", 0, 0, 0L, 0L, 0L, 0,
        ]);
        Insert(db, "ConversationTags", "\"ConversationId\", \"Tag\"", tags, t => [Id(t.Item1), t.Item2]);
        Insert(db, "Messages", MessageColumns, messages, m =>
        [
            Id(m.Id), Id(m.ConversationId), m.Sequence, m.Id.ToString("N"), m.Sender, Id(m.SenderAgentId), m.SenderName, m.Kind,
            m.Visibility, m.Body, m.Content, Time(m.CreatedAt), m.RecalledAt is { } r ? Time(r) : null,
        ]);
        Exec(db, "PRAGMA synchronous = FULL");
    }

    private static void Insert<T>(SqliteConnection db, string table, string columns, IEnumerable<T> rows, Func<T, object?[]> values)
    {
        var count = columns.Split(',').Length;
        using var command = db.CreateCommand();
        command.CommandText = $"INSERT INTO \"{table}\" ({columns}) VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => "$p" + i))})";
        var parameters = Enumerable.Range(0, count).Select(i => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        var transaction = db.BeginTransaction();
        command.Transaction = transaction;
        var n = 0;
        foreach (var row in rows)
        {
            var v = values(row);
            for (var i = 0; i < count; i++)
            {
                parameters[i].Value = v[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
            if (++n % 100_000 == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = db.BeginTransaction();
                command.Transaction = transaction;
            }
        }

        transaction.Commit();
        transaction.Dispose();
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>As EF Core stores them on SQLite: upper-case text GUIDs, "yyyy-MM-dd HH:mm:ss.FFFFFFF" times.</summary>
    private static string? Id(Guid? id) => id?.ToString("D").ToUpperInvariant();

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
