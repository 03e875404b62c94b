using System.Text;

using Microsoft.EntityFrameworkCore;

namespace Uet.Persistence.Outbox;

/// <summary>Records consumed messages in the current transaction, insert-or-nothing: a message not recorded now was handled before.</summary>
internal static class SagaInbox
{
    public static bool IsMapped(DbContext db) => db.Model.FindEntityType(typeof(InboxMessage)) is not null;

    public static async Task<bool> TryRecordAsync(DbContext db, Guid messageId, string consumer, long nowMs, CancellationToken ct)
    {
        // Same statement on SQLite and PostgreSQL; a concurrent insert of the same key waits, then does nothing.
        // The table name comes from the model, never from input; the values are parameters.
        var sql = "INSERT INTO " + Table(db) + " (\"MessageId\", \"Consumer\", \"ReceivedAtMs\") VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING";
        var inserted = await db.Database.ExecuteSqlRawAsync(sql, [messageId, consumer, nowMs], ct);
        return inserted == 1;
    }

    /// <summary>
    /// Records every id in one statement (one round trip for a whole saga batch, not one per message) and returns the
    /// ids it recorded now; an id recorded before, or twice in <paramref name="messageIds"/>, is returned once at most.
    /// </summary>
    public static async Task<HashSet<Guid>> RecordAsync(DbContext db, IReadOnlyList<Guid> messageIds, string consumer, long nowMs, CancellationToken ct)
    {
        if (messageIds.Count == 0)
        {
            return [];
        }

        var sql = new StringBuilder("INSERT INTO ").Append(Table(db)).Append(" (\"MessageId\", \"Consumer\", \"ReceivedAtMs\") VALUES ");
        var parameters = new object[messageIds.Count + 2];
        parameters[0] = consumer;
        parameters[1] = nowMs;
        for (var i = 0; i < messageIds.Count; i++)
        {
            sql.Append(i == 0 ? "({" : ", ({").Append(i + 2).Append("}, {0}, {1})");
            parameters[i + 2] = messageIds[i];
        }

        sql.Append(" ON CONFLICT DO NOTHING RETURNING \"MessageId\" AS \"Value\"");
        var recorded = await db.Database.SqlQueryRaw<Guid>(sql.ToString(), parameters).ToListAsync(ct);
        return [.. recorded];
    }

    private static string Table(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))!;
        return entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
    }
}
