using System.Data.Common;
using System.Globalization;
using System.Text;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uet.Persistence.Outbox;

/// <summary>Records consumed messages in the current transaction, insert-or-nothing: a message not recorded now was handled before.</summary>
internal static class SagaInbox
{
    public static bool IsMapped(DbContext db) => db.Model.FindEntityType(typeof(InboxMessage)) is not null;

    public static async Task<bool> TryRecordAsync(DbContext db, Guid messageId, string consumer, long nowMs, CancellationToken ct)
    {
        // Same statement on SQLite and PostgreSQL; a concurrent insert of the same key waits, then does nothing.
        // The table name comes from the model, never from input; the values are parameters.
        await using var maker = db.Database.GetDbConnection().CreateCommand();
        var (sql, parameters) = InsertStatement(db, [messageId], consumer, nowMs, maker);
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, ct) == 1;
    }

    /// <summary>
    /// Records every id in one statement (one round trip for a whole saga batch, not one per message) and returns the
    /// ids it recorded now; an id recorded before, or twice in <paramref name="messageIds"/>, is returned once at most.
    /// </summary>
    /// <remarks>
    /// A plain command in the current transaction rather than <c>SqlQueryRaw</c>: EF compiles a query per distinct
    /// statement text and a parameter-extraction delegate per call, which on the saga's hot path meant a stream of
    /// dynamic methods to JIT and finalise. The parameters still go through EF's type mappings, so a Guid is stored
    /// exactly as the model stores it (TEXT on SQLite, uuid on PostgreSQL).
    /// </remarks>
    public static async Task<HashSet<Guid>> RecordAsync(DbContext db, IReadOnlyList<Guid> messageIds, string consumer, long nowMs, CancellationToken ct) =>
        (await RecordThenAsync(db, messageIds, consumer, nowMs, then: null, ct)).Recorded;

    /// <summary>
    /// As <see cref="RecordAsync"/>, and in the same command (one round trip) a statement that returns one scalar, such
    /// as the saga's row lock; <c>Then</c> is its value (null for no row). <paramref name="then"/> adds its text and
    /// parameters (names other than <c>@m*</c>, <c>@consumer</c> and <c>@received</c>) to the command.
    /// </summary>
    public static async Task<(HashSet<Guid> Recorded, object? Then)> RecordThenAsync(
        DbContext db, IReadOnlyList<Guid> messageIds, string consumer, long nowMs, Func<DbCommand, string>? then, CancellationToken ct)
    {
        if (messageIds.Count == 0)
        {
            return ([], null);
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var (insert, parameters) = InsertStatement(db, messageIds, consumer, nowMs, command);
        command.Parameters.AddRange(parameters);
        var sql = new StringBuilder(insert).Append(" RETURNING ").Append(EntityTable.For<InboxMessage>(db).Column(nameof(InboxMessage.MessageId)).Name);
        if (then is not null)
        {
            sql.Append("; ").Append(then(command));
        }
        command.CommandText = sql.ToString();

        var recorded = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded.Add(reader.GetFieldValue<Guid>(0));
        }
        object? value = null;
        if (then is not null && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct))
        {
            value = reader.IsDBNull(0) ? null : reader.GetValue(0);
        }
        return (recorded, value);
    }

    /// <summary>
    /// The insert-or-nothing of <paramref name="messageIds"/> as one statement, with its parameters (made by
    /// <paramref name="maker"/>, named <c>@m*</c>, <c>@consumer</c> and <c>@received</c>); as many rows are affected as
    /// ids were new.
    /// </summary>
    public static (string Sql, DbParameter[] Parameters) InsertStatement(DbContext db, IReadOnlyList<Guid> messageIds, string consumer, long nowMs, DbCommand maker)
    {
        var table = EntityTable.For<InboxMessage>(db);
        var id = table.Column(nameof(InboxMessage.MessageId));
        var consumerColumn = table.Column(nameof(InboxMessage.Consumer));
        var received = table.Column(nameof(InboxMessage.ReceivedAtMs));
        var parameters = new DbParameter[messageIds.Count + 2];
        parameters[0] = consumerColumn.Parameter(maker, "@consumer", consumer);
        parameters[1] = received.Parameter(maker, "@received", nowMs);
        var sql = new StringBuilder("INSERT INTO ").Append(table.Name)
            .Append(" (").Append(id.Name).Append(", ").Append(consumerColumn.Name).Append(", ").Append(received.Name).Append(") VALUES ");
        for (var i = 0; i < messageIds.Count; i++)
        {
            var name = "@m" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "(" : ", (").Append(name).Append(", @consumer, @received)");
            parameters[i + 2] = id.Parameter(maker, name, messageIds[i]);
        }
        return (sql.Append(" ON CONFLICT DO NOTHING").ToString(), parameters);
    }
}
