using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;

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
    private static readonly ConditionalWeakTable<IModel, Dictionary<IEntityType, TableMapping?>> Tables = new();

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
                await WriteStatementsAsync(db, guards, ct);
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
        await WriteStatementsAsync(db, [.. guards, .. entries.Select(e => StatementFor(e.Entry, e.Table, scratch))], ct);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>Runs <paramref name="statements"/> in the current transaction (or one of its own), in as few round trips as the provider allows.</summary>
    private static async Task WriteStatementsAsync(DbContext db, IReadOnlyList<SagaStatement> statements, CancellationToken ct)
    {
        if (statements.Count == 0)
        {
            return;
        }
        var transaction = db.Database.CurrentTransaction;
        await using var own = transaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var connection = db.Database.GetDbConnection();
        var dbTransaction = (transaction ?? own)!.GetDbTransaction();
        try
        {
            if (connection.CanCreateBatch)
            {
                foreach (var chunk in statements.Chunk(UetDatabaseExtensions.MaxBatchSize))
                {
                    await ExecuteBatchAsync(connection, dbTransaction, chunk, ct);
                }
            }
            else
            {
                foreach (var statement in statements)
                {
                    await ExecuteAloneAsync(connection, dbTransaction, statement, ct);
                }
            }
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

    private static async Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, SagaStatement[] statements, CancellationToken ct)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            command.Parameters.AddRange(statement.Parameters);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
        for (var i = 0; i < statements.Length; i++)
        {
            statements[i].Check(batch.BatchCommands[i].RecordsAffected);
        }
    }

    private static async Task ExecuteAloneAsync(DbConnection connection, DbTransaction transaction, SagaStatement statement, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Sql;
        command.Parameters.AddRange(statement.Parameters);
        statement.Check(await command.ExecuteNonQueryAsync(ct));
    }

    private static SagaStatement StatementFor(EntityEntry entry, TableMapping table, DbCommand scratch)
    {
        var parameters = new List<DbParameter>();
        string Bind(IProperty property, object? value)
        {
            var name = "p" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(property.GetRelationalTypeMapping().CreateParameter(scratch, name, value, property.IsNullable));
            return "@" + name;
        }

        var sql = new StringBuilder();
        switch (entry.State)
        {
            case EntityState.Added:
                sql.Append("INSERT INTO ").Append(table.Name).Append(" (").AppendJoin(", ", table.Columns.Select(c => c.Name)).Append(") VALUES (");
                sql.AppendJoin(", ", table.Columns.Select(c => Bind(c.Property, entry.Property(c.Property).CurrentValue))).Append(')');
                return new SagaStatement(sql.ToString(), [.. parameters], null, () => Describe(entry));
            case EntityState.Modified:
                var set = table.Columns.Where(c => entry.Property(c.Property).IsModified).ToList();
                if (set.Count == 0)
                {
                    // Only the change tracker's own bookkeeping moved; the row needs no write, but the guard still holds.
                    set = [.. table.Columns.Where(c => c.Property.IsConcurrencyToken)];
                }
                sql.Append("UPDATE ").Append(table.Name).Append(" SET ")
                    .AppendJoin(", ", set.Select(c => c.Name + " = " + Bind(c.Property, entry.Property(c.Property).CurrentValue)));
                AppendWhere(sql, entry, table, Bind);
                return new SagaStatement(sql.ToString(), [.. parameters], 1, () => Describe(entry));
            default:
                sql.Append("DELETE FROM ").Append(table.Name);
                AppendWhere(sql, entry, table, Bind);
                return new SagaStatement(sql.ToString(), [.. parameters], 1, () => Describe(entry));
        }
    }

    /// <summary>The row as this transaction read it: its key, and each concurrency token as it was.</summary>
    private static void AppendWhere(StringBuilder sql, EntityEntry entry, TableMapping table, Func<IProperty, object?, string> bind)
    {
        sql.Append(" WHERE ").AppendJoin(" AND ", table.Columns
            .Where(c => c.Property.IsPrimaryKey() || c.Property.IsConcurrencyToken)
            .Select(c => c.Name + " = " + bind(c.Property, entry.Property(c.Property).OriginalValue)));
    }

    /// <summary>The entity's table and columns, or null when it needs EF's update pipeline.</summary>
    private static TableMapping? MappingOf(DbContext db, IEntityType entityType)
    {
        var byType = Tables.GetOrCreateValue(db.Model);
        lock (byType)
        {
            if (!byType.TryGetValue(entityType, out var mapping))
            {
                mapping = Build(db, entityType);
                byType[entityType] = mapping;
            }
            return mapping;
        }
    }

    private static TableMapping? Build(DbContext db, IEntityType entityType)
    {
        if (entityType.GetTableName() is not { } tableName
            || entityType.IsOwned()
            || entityType.GetComplexProperties().Any()
            || entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
            || entityType.BaseType is not null
            || entityType.GetDirectlyDerivedTypes().Any()
            || entityType.GetTableMappings().Count() != 1)
        {
            return null;
        }

        var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
        var properties = entityType.GetProperties().ToList();
        if (properties.Any(p => p.GetColumnName(table) is null || p.ValueGenerated != ValueGenerated.Never || p.GetComputedColumnSql() is not null))
        {
            return null;
        }

        var helper = db.GetService<ISqlGenerationHelper>();
        return new TableMapping(
            helper.DelimitIdentifier(tableName, entityType.GetSchema()),
            [.. properties.Select(p => new ColumnMapping(helper.DelimitIdentifier(p.GetColumnName(table)!), p))]);
    }

    private sealed record TableMapping(string Name, IReadOnlyList<ColumnMapping> Columns);

    private sealed record ColumnMapping(string Name, IProperty Property);

    private static string Describe(EntityEntry entry) =>
        $"{entry.Metadata.DisplayName()} {string.Join(", ", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p).OriginalValue))}";
}

/// <summary>A statement the saga's write sends, and how many rows it must affect (null: any number).</summary>
internal sealed record SagaStatement(string Sql, DbParameter[] Parameters, int? ExpectedRows, Func<string> Subject)
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
