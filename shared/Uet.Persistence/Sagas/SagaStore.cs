using System.Data;
using System.Data.Common;

using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uet.Persistence.Sagas;

/// <summary>
/// How a saga row is read and written so that two consumers of the same saga never both act on one version:
/// PostgreSQL locks the row (<c>SELECT ... FOR UPDATE</c>); SQLite has one writer per file, and the transaction
/// takes that write lock up front (<c>BEGIN IMMEDIATE</c>), so load-then-update cannot interleave across processes.
/// The Version column is checked on every update as a second guard.
/// </summary>
internal static class SagaStore
{
    public static Task<IDbContextTransaction> BeginAsync(DbContext db, CancellationToken ct) =>
        db.Database.IsSqlite()
            // Microsoft.Data.Sqlite begins a Serializable transaction with BEGIN IMMEDIATE (not deferred).
            ? db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct)
            : db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    /// <summary>Locks the saga's row for this transaction and returns its committed Version; null when there is no row.</summary>
    public static async Task<int?> LockAsync<TSaga>(DbContext db, Guid correlationId, CancellationToken ct)
        where TSaga : class, ISagaVersion
    {
        // Plain ADO.NET on the context's connection and transaction: this runs for every message, and EF's
        // query pipeline would cost more than the statement itself.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The saga row can only be locked inside the repository's transaction.");
        command.CommandText = LockStatement<TSaga>(db, correlationId)(command);
        return VersionOf(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>
    /// The statement of <see cref="LockAsync{TSaga}"/>, to run as part of another command (one round trip for both):
    /// adds its parameter to that command and returns its text. <see cref="VersionOf"/> reads its result.
    /// </summary>
    public static Func<DbCommand, string> LockStatement<TSaga>(DbContext db, Guid correlationId)
        where TSaga : class, ISagaVersion
    {
        var sql = SagaTableSql.For<TSaga>(db);
        return command =>
        {
            command.Parameters.Add(sql.Key.Parameter(command, 0, correlationId));
            return sql.LockSql;
        };
    }

    public static int? VersionOf(object? lockResult) =>
        lockResult is null or DBNull ? null : Convert.ToInt32(lockResult, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Locks and loads the saga (and its child rows), tracked; null when there is no row.</summary>
    public static async Task<TSaga?> LoadForUpdateAsync<TSaga>(DbContext db, Guid correlationId, CancellationToken ct)
        where TSaga : class, ISagaVersion
    {
        if (await LockAsync<TSaga>(db, correlationId, ct) is null)
        {
            return null;
        }
        return await LoadLockedAsync<TSaga>(db, correlationId, ct);
    }

    /// <summary>Loads a saga whose row this transaction has locked already.</summary>
    public static async Task<TSaga?> LoadLockedAsync<TSaga>(DbContext db, Guid correlationId, CancellationToken ct)
        where TSaga : class, ISagaVersion
    {
        var instance = await db.Set<TSaga>().AsTracking().SingleOrDefaultAsync(x => x.CorrelationId == correlationId, ct);
        if (instance is ISagaChildRows children)
        {
            await children.LoadChildRowsAsync(db, ct);
        }
        return instance;
    }

    /// <summary>Tracks an instance from the cache as the unchanged state of a row this transaction has locked.</summary>
    public static void AttachUnchanged<TSaga>(DbContext db, TSaga instance)
        where TSaga : class, ISagaVersion =>
        db.Attach(instance);

    /// <summary>
    /// Inserts the row unless one with the same CorrelationId exists (then returns false and leaves the instance
    /// untracked, so the caller loads the existing row instead). On PostgreSQL a concurrent creator's insert
    /// waits for ours to commit or roll back and then does nothing; no error is raised, none aborts the transaction.
    /// </summary>
    public static async Task<bool> TryInsertAsync<TSaga>(DbContext db, TSaga instance, CancellationToken ct)
        where TSaga : class, ISagaVersion
    {
        var sql = SagaTableSql.For<TSaga>(db);
        if (instance.Version == 0)
        {
            instance.Version = 1;
        }
        var entry = db.Entry(instance);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        var columns = sql.Table.Columns;
        var parameters = new object[columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = columns[i].Parameter(command, i, entry.Property(columns[i].Property).CurrentValue);
        }
        var inserted = await db.Database.ExecuteSqlRawAsync(sql.InsertSql, parameters, ct);
        if (inserted == 0)
        {
            return false;
        }
        db.Attach(instance);
        return true;
    }

    /// <summary>
    /// Writes the saga (and the child rows it reports) if anything changed, bumping Version; a concurrent
    /// writer makes this throw <see cref="DbUpdateConcurrencyException"/>.
    /// </summary>
    public static Task SaveIfChangedAsync<TSaga>(DbContext db, TSaga instance, CancellationToken ct)
        where TSaga : class, ISagaVersion =>
        SaveIfChangedAsync(db, instance, [], ct);

    /// <summary>
    /// As <see cref="SaveIfChangedAsync{TSaga}(DbContext, TSaga, CancellationToken)"/> for a row this transaction has not
    /// locked: <paramref name="guards"/> go first in the same round trip, and the row is written (or, unchanged, held)
    /// only if it still has the Version the instance was read at. Any mismatch throws
    /// <see cref="DbUpdateConcurrencyException"/>, and the caller rolls back.
    /// </summary>
    public static async Task SaveIfChangedAsync<TSaga>(DbContext db, TSaga instance, IReadOnlyList<SagaStatement> guards, CancellationToken ct)
        where TSaga : class, ISagaVersion
    {
        if (instance is ISagaChildRows children)
        {
            children.TrackChildRowChanges(db);
        }
        if (instance is Outbox.ISagaOutbox { PendingOutbox.Count: > 0 } outbox)
        {
            // In the saga's own transaction: committed together, or not at all.
            db.AddRange(outbox.PendingOutbox);
        }
        var tracker = db.ChangeTracker;
        tracker.DetectChanges();
        // Detected once, here: HasChanges and the writer would otherwise scan every tracked entity again.
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            if (!tracker.HasChanges())
            {
                if (guards.Count > 0)
                {
                    await SagaChangeWriter.WriteAsync(db, [.. guards, Touch(db, instance)], ct);
                }
                return;
            }
            // Any change, if only to a child row, moves the Version: that is what other writers and the cache check.
            db.Entry(instance).Property(x => x.Version).CurrentValue = instance.Version + 1;
            await SagaChangeWriter.WriteAsync(db, guards, ct);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Holds the instance's row, if it still has the instance's Version, without changing it.</summary>
    private static SagaStatement Touch<TSaga>(DbContext db, TSaga instance)
        where TSaga : class, ISagaVersion
    {
        var sql = SagaTableSql.For<TSaga>(db);
        using var maker = db.Database.GetDbConnection().CreateCommand();
        return new SagaStatement(
            sql.TouchSql,
            [
                sql.Key.Parameter(maker, 0, instance.CorrelationId),
                sql.Version.Parameter(maker, 1, instance.Version),
            ],
            1,
            () => $"{typeof(TSaga).Name} {instance.CorrelationId} at Version {instance.Version}");
    }

    /// <summary>Stores a new instance the saga created without a pre-insert (<see cref="SagaRepositoryContext{TSaga,TMessage}.Add"/> then Save).</summary>
    public static async Task AddAsync<TSaga>(DbContext db, TSaga instance, CancellationToken ct)
        where TSaga : class, ISagaVersion
    {
        if (!await TryInsertAsync(db, instance, ct))
        {
            // Someone created it between our load and now; the message is retried and then sees their row.
            throw new DbUpdateConcurrencyException($"Saga {typeof(TSaga).Name} {instance.CorrelationId} was created concurrently.");
        }
        await SaveIfChangedAsync(db, instance, ct);
    }
}
