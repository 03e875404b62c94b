using System.Data;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

using Uet.Cost.Model;

namespace Uet.Cost.Persistence;

/// <summary>
/// The statements EF Core cannot express, built from the model's mapping (schema, table, columns, converters) so
/// they work on both providers: <c>INSERT ... ON CONFLICT DO NOTHING</c> (PostgreSQL, SQLite 3.24+) and the run
/// lock. A run's cost messages are serialised by locking its run budget row: PostgreSQL <c>SELECT ... FOR UPDATE</c>;
/// on SQLite the transaction begins <c>IMMEDIATE</c> and holds the file's only write lock.
/// </summary>
internal static class LedgerSql
{
    public static Task<IDbContextTransaction> BeginAsync(CostDbContext db, CancellationToken ct) =>
        db.Database.IsSqlite()
            // Microsoft.Data.Sqlite begins a Serializable transaction with BEGIN IMMEDIATE.
            ? db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct)
            : db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    /// <summary>Inserts the row unless one with its key exists; true when it inserted. Never raises on a duplicate.</summary>
    public static async Task<bool> InsertOrNothingAsync<T>(CostDbContext db, T row, CancellationToken ct)
        where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var tableName = entity.GetTableName()!;
        var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var helper = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetProperties().Where(p => p.GetColumnName(table) is not null).ToArray();
        var columns = string.Join(", ", properties.Select(p => helper.DelimitIdentifier(p.GetColumnName(table)!)));
        var values = string.Join(", ", properties.Select((_, i) => "{" + i + "}"));
        var sql = $"INSERT INTO {helper.DelimitIdentifier(tableName, entity.GetSchema())} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING";

        await using var command = db.Database.GetDbConnection().CreateCommand();
        var parameters = new object[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            var property = properties[i];
            // The type mapping applies the property's converter (enum → text, Guid → text on SQLite).
            parameters[i] = property.GetRelationalTypeMapping().CreateParameter(command, "p" + i, property.GetGetter().GetClrValue(row), property.IsNullable);
        }
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, ct) == 1;
    }

    /// <summary>Creates the run's budget row if it is missing, then locks it and returns it (tracked).</summary>
    public static async Task<BudgetRow> LockRunAsync(CostDbContext db, Guid runId, DateTimeOffset now, CancellationToken ct)
    {
        await InsertOrNothingAsync(db, new BudgetRow { RunId = runId, WorkstreamId = BudgetRow.RunScope, UpdatedAt = now }, ct);
        if (db.Database.IsNpgsql())
        {
            var entity = db.Model.FindEntityType(typeof(BudgetRow))!;
            var helper = db.GetService<ISqlGenerationHelper>();
            var table = helper.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
            var tableId = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var runColumn = helper.DelimitIdentifier(entity.FindProperty(nameof(BudgetRow.RunId))!.GetColumnName(tableId)!);
            var scopeColumn = helper.DelimitIdentifier(entity.FindProperty(nameof(BudgetRow.WorkstreamId))!.GetColumnName(tableId)!);
            // Identifiers come from the model, the run id is a parameter.
            var sql = $"SELECT * FROM {table} WHERE {runColumn} = {{0}} AND {scopeColumn} = '' FOR UPDATE";
            var locked = await db.Budgets
                .FromSqlRaw(sql, runId)
                .AsTracking()
                .ToListAsync(ct);
            return locked.Single();
        }

        return await db.Budgets.AsTracking().SingleAsync(b => b.RunId == runId && b.WorkstreamId == BudgetRow.RunScope, ct);
    }
}
