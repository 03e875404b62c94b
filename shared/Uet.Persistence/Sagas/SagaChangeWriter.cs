using System.Collections.Concurrent;
using System.Data.Common;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uet.Persistence.Sagas;

/// <summary>
/// Writes what a saga transaction changed (the saga's row with its Version check, its child rows, its outbox rows)
/// with statements built once per entity type from the EF model (tables, columns, value converters), sent together
/// in one round trip where the provider has <see cref="DbBatch"/> (Npgsql), one after another where it runs
/// in-process (SQLite). Then the change tracker's entries count as saved.
/// EF Core's SaveChanges does the same through its update pipeline, which here cost about a millisecond of CPU per
/// save on top of the round trip (measured on the saga's path, which saves for every message: a 1.6 ms save of
/// four rows); nothing else in the saga's path needs that pipeline. An entity type the writer cannot map exactly
/// (values the database generates, owned or JSON-mapped types, a row split over tables) goes through SaveChanges.
/// </summary>
internal static class SagaChangeWriter
{
    private static readonly PerModelCache<IEntityType, TableMapping?> Tables = new();

    /// <summary>
    /// Writes the tracked changes of <paramref name="db"/> (changes already detected) inside its current transaction,
    /// or in one of its own. A row whose key or concurrency token no longer matches throws
    /// <see cref="DbUpdateConcurrencyException"/>; a statement the database refuses throws <see cref="DbUpdateException"/>.
    /// </summary>
    public static Task WriteAsync(DbContext db, CancellationToken ct) => WriteAsync(db, [], ct);

    /// <summary>
    /// As <see cref="WriteAsync(DbContext, CancellationToken)"/>, with <paramref name="guards"/> first in the same round
    /// trip: statements whose affected rows must match what they expect, or nothing is kept.
    /// </summary>
    public static async Task WriteAsync(DbContext db, IReadOnlyList<SagaStatement> guards, CancellationToken ct)
    {
        var entries = new List<(EntityEntry Entry, TableMapping Table)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            if (MappingOf(db, entry.Metadata) is not { } table)
            {
                // The guards and EF's statements in one transaction, as they would be in ours.
                await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
                await WriteStatementsAsync(db, guards.Count, guards, ct);
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: true, ct);
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                }
                return;
            }
            entries.Add((entry, table));
        }
        if (entries.Count == 0 && guards.Count == 0)
        {
            return;
        }
        // Rows that others point at are written before the rows that point at them, and removed after them.
        entries.Sort((a, b) => Rank(a.Entry).CompareTo(Rank(b.Entry)));

        // RelationalTypeMapping makes parameters from a command; this one only lends them its provider.
        await using var scratch = db.Database.GetDbConnection().CreateCommand();
        // Made as they are sent: a run's first write inserts a row per workstream, and the 34,000 parameters of 2,000
        // made at once were about 10 MB of the scheduler's peak memory.
        await WriteStatementsAsync(db, guards.Count + entries.Count, guards.Concat(entries.Select(e => StatementFor(e.Entry, e.Table, scratch))), ct);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>
    /// Runs the <paramref name="count"/> <paramref name="statements"/> in the current transaction (or one of its own),
    /// in as few round trips as the provider allows, checking each statement's rows as its round trip returns.
    /// </summary>
    private static async Task WriteStatementsAsync(DbContext db, int count, IEnumerable<SagaStatement> statements, CancellationToken ct)
    {
        if (count == 0)
        {
            return;
        }
        var transaction = db.Database.CurrentTransaction;
        await using var own = transaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var connection = db.Database.GetDbConnection();
        var dbTransaction = (transaction ?? own)!.GetDbTransaction();
        try
        {
            await StatementBatch.ExecuteAsync(connection, dbTransaction, statements, (statement, rows) => statement.Check(rows), ct);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Saving the saga's changes failed: {e.Message}", e);
        }

        if (own is not null)
        {
            await own.CommitAsync(ct);
        }
    }

    private static int Rank(EntityEntry entry)
    {
        var dependent = entry.Metadata.GetForeignKeys().Any();
        return entry.State == EntityState.Deleted ? (dependent ? 2 : 3) : (dependent ? 1 : 0);
    }

    private static SagaStatement StatementFor(EntityEntry entry, TableMapping table, DbCommand scratch)
    {
        switch (entry.State)
        {
            case EntityState.Added:
                var parameters = new DbParameter[table.Columns.Count];
                var current = entry.CurrentValues;
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    parameters[i] = table.Columns[i].Parameter(scratch, i, current[table.Columns[i].Property]);
                }
                return new SagaStatement(table.InsertSql, parameters, null, () => Describe(entry));
            case EntityState.Modified:
                var modified = 0UL;
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    if (entry.Property(table.Columns[i].Property).IsModified)
                    {
                        modified |= 1UL << i;
                    }
                }
                // Nothing but the change tracker's bookkeeping moved: no value to write, but the guard still holds.
                modified = modified == 0 ? table.TokenColumns : modified;
                var values = entry.CurrentValues;
                var set = new List<DbParameter>();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    if ((modified & (1UL << i)) != 0)
                    {
                        set.Add(table.Columns[i].Parameter(scratch, set.Count, values[table.Columns[i].Property]));
                    }
                }
                return new SagaStatement(table.UpdateSql(modified), [.. set, .. WhereParameters(entry, table, scratch, set.Count)], 1, () => Describe(entry));
            default:
                return new SagaStatement(table.DeleteSql, WhereParameters(entry, table, scratch, 0), 1, () => Describe(entry));
        }
    }

    /// <summary>The row as this transaction read it: its key, and each concurrency token as it was.</summary>
    private static DbParameter[] WhereParameters(EntityEntry entry, TableMapping table, DbCommand scratch, int first)
    {
        var original = entry.OriginalValues;
        var parameters = new DbParameter[table.WhereColumns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = table.WhereColumns[i].Parameter(scratch, first + i, original[table.WhereColumns[i].Property]);
        }
        return parameters;
    }

    /// <summary>The entity's table and columns, or null when it needs EF's update pipeline.</summary>
    private static TableMapping? MappingOf(DbContext db, IEntityType entityType) => Tables.Get(db.Model, entityType, db, Build);

    private static TableMapping? Build(DbContext db, IEntityType entityType)
    {
        if (entityType.GetTableName() is null
            || entityType.IsOwned()
            || entityType.GetComplexProperties().Any()
            || entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
            || entityType.BaseType is not null
            || entityType.GetDirectlyDerivedTypes().Any()
            || entityType.GetTableMappings().Count() != 1)
        {
            return null;
        }

        var table = EntityTable.For(db, entityType);
        var properties = entityType.GetProperties().ToList();
        if (properties.Count > 64
            || table.Columns.Count != properties.Count
            || properties.Any(p => p.ValueGenerated != ValueGenerated.Never))
        {
            return null;
        }
        return new TableMapping(table);
    }

    /// <summary>A table's columns and its statements, built once: the update's text once per set of changed columns.</summary>
    private sealed class TableMapping
    {
        private readonly ConcurrentDictionary<ulong, string> _updates = new();

        public TableMapping(EntityTable table)
        {
            Name = table.Name;
            Columns = table.Columns;
            WhereColumns = [.. Columns.Where(c => c.Property.IsPrimaryKey() || c.Property.IsConcurrencyToken)];
            for (var i = 0; i < Columns.Count; i++)
            {
                TokenColumns |= Columns[i].Property.IsConcurrencyToken ? 1UL << i : 0;
            }
            InsertSql = table.InsertSql(Columns);
            DeleteSql = $"DELETE FROM {Name}{Where(0)}";
        }

        public string Name { get; }

        public IReadOnlyList<EntityColumn> Columns { get; }

        /// <summary>The key's columns and the concurrency tokens, in column order: what an update or delete matches on.</summary>
        public IReadOnlyList<EntityColumn> WhereColumns { get; }

        /// <summary>The concurrency tokens as a set of column positions.</summary>
        public ulong TokenColumns { get; }

        public string InsertSql { get; }

        public string DeleteSql { get; }

        /// <summary>Sets the columns in <paramref name="changed"/> (positions), in column order, then matches on <see cref="WhereColumns"/>.</summary>
        public string UpdateSql(ulong changed) => _updates.TryGetValue(changed, out var sql) ? sql : _updates.GetOrAdd(changed, BuildUpdate);

        private string BuildUpdate(ulong changed)
        {
            var set = Columns.Where((_, i) => (changed & (1UL << i)) != 0).Select((c, i) => $"{c.Name} = @{EntityTable.ParameterName(i)}").ToList();
            return $"UPDATE {Name} SET {string.Join(", ", set)}{Where(set.Count)}";
        }

        private string Where(int first) =>
            " WHERE " + string.Join(" AND ", WhereColumns.Select((c, i) => $"{c.Name} = @{EntityTable.ParameterName(first + i)}"));
    }

    private static string Describe(EntityEntry entry) =>
        $"{entry.Metadata.DisplayName()} {string.Join(", ", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p).OriginalValue))}";
}

/// <summary>A statement the saga's write sends, and how many rows it must affect (null: any number).</summary>
internal sealed record SagaStatement(string Sql, DbParameter[] Parameters, int? ExpectedRows, Func<string> Subject) : SqlStatement(Sql, Parameters)
{
    public void Check(int rows)
    {
        if (ExpectedRows is { } expected && rows != expected)
        {
            throw new DbUpdateConcurrencyException(
                $"{Subject()}: expected {expected} row(s) to be affected, {rows} were; another transaction changed the row, or a message was handled before.");
        }
    }
}
