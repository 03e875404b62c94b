using Microsoft.EntityFrameworkCore;

namespace Uet.Persistence.Outbox;

/// <summary>Records a consumed message in the current transaction, insert-or-nothing: false means it was handled before.</summary>
internal static class SagaInbox
{
    public static bool IsMapped(DbContext db) => db.Model.FindEntityType(typeof(InboxMessage)) is not null;

    public static async Task<bool> TryRecordAsync(DbContext db, Guid messageId, string consumer, long nowMs, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))!;
        var table = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
        // Same statement on SQLite and PostgreSQL; a concurrent insert of the same key waits, then does nothing.
        // The table name comes from the model, never from input; the values are parameters.
        var sql = "INSERT INTO " + table + " (\"MessageId\", \"Consumer\", \"ReceivedAtMs\") VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING";
        var inserted = await db.Database.ExecuteSqlRawAsync(sql, [messageId, consumer, nowMs], ct);
        return inserted == 1;
    }
}
