using System.Runtime.CompilerServices;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uet.Persistence.Sagas;

/// <summary>
/// The statements EF Core cannot express, built once per model from its mapping (table, schema, column
/// names, value converters), so any saga entity works: a row lock that reads the Version, an insert that
/// yields to a concurrent creator, and a Version check that writes nothing. Both PostgreSQL and SQLite (3.24+) accept <c>INSERT ... ON CONFLICT DO NOTHING</c>.
/// </summary>
internal sealed class SagaTableSql
{
    private static readonly ConditionalWeakTable<IModel, Dictionary<Type, SagaTableSql>> Cache = new();

    private SagaTableSql(string lockSql, IProperty key, string insertSql, IProperty[] insertProperties, string touchSql, IProperty version)
    {
        LockSql = lockSql;
        Key = key;
        InsertSql = insertSql;
        InsertProperties = insertProperties;
        TouchSql = touchSql;
        Version = version;
    }

    /// <summary>
    /// <c>SELECT Version ... WHERE key = @p0</c>, with <c>FOR UPDATE</c> on PostgreSQL. On SQLite the
    /// transaction already holds the database's write lock.
    /// </summary>
    public string LockSql { get; }

    /// <summary>The key property (CorrelationId), whose type mapping binds the lock statement's parameter.</summary>
    public IProperty Key { get; }

    /// <summary><c>INSERT ... VALUES ({0}, {1}, ...) ON CONFLICT (key) DO NOTHING</c>, parameters in <see cref="InsertProperties"/> order.</summary>
    public string InsertSql { get; }

    public IProperty[] InsertProperties { get; }

    /// <summary>
    /// <c>UPDATE ... SET Version = Version WHERE key = @p0 AND Version = @p1</c>: locks the row and affects it only if it
    /// still has that Version, changing no value (for a transaction that must hold the row without writing it).
    /// </summary>
    public string TouchSql { get; }

    public IProperty Version { get; }

    public static SagaTableSql For<TSaga>(DbContext db)
        where TSaga : class
    {
        var byType = Cache.GetOrCreateValue(db.Model);
        lock (byType)
        {
            if (!byType.TryGetValue(typeof(TSaga), out var sql))
            {
                sql = Build(db, typeof(TSaga));
                byType[typeof(TSaga)] = sql;
            }
            return sql;
        }
    }

    private static SagaTableSql Build(DbContext db, Type sagaType)
    {
        var entity = db.Model.FindEntityType(sagaType)
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no entity type {sagaType.Name}; add a DbSet<{sagaType.Name}> or map it in OnModelCreating.");
        var tableName = entity.GetTableName()
            ?? throw new InvalidOperationException($"Entity {sagaType.Name} is not mapped to a table.");
        var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var helper = db.GetService<ISqlGenerationHelper>();
        var delimitedTable = helper.DelimitIdentifier(tableName, entity.GetSchema());

        var key = entity.FindPrimaryKey();
        if (key is not { Properties.Count: 1 } || key.Properties[0].Name != nameof(MassTransit.ISaga.CorrelationId))
        {
            throw new InvalidOperationException($"Entity {sagaType.Name} must have CorrelationId as its only key column; call ConfigureSagaEntity() in OnModelCreating.");
        }
        var keyColumn = helper.DelimitIdentifier(key.Properties[0].GetColumnName(table)!);

        var version = entity.FindProperty(nameof(MassTransit.ISagaVersion.Version));
        if (version is null || !version.IsConcurrencyToken)
        {
            throw new InvalidOperationException($"Entity {sagaType.Name}: Version must be a concurrency token; call ConfigureSagaEntity() in OnModelCreating.");
        }
        var versionColumn = helper.DelimitIdentifier(version.GetColumnName(table)!);

        var properties = entity.GetProperties()
            .Where(p => p.GetColumnName(table) is not null && p.GetComputedColumnSql() is null)
            .ToArray();
        var columns = string.Join(", ", properties.Select(p => helper.DelimitIdentifier(p.GetColumnName(table)!)));
        var values = string.Join(", ", properties.Select((_, i) => "{" + i + "}"));
        var forUpdate = db.Database.IsNpgsql() ? " FOR UPDATE" : "";

        return new SagaTableSql(
            $"SELECT {versionColumn} FROM {delimitedTable} WHERE {keyColumn} = @p0{forUpdate}",
            key.Properties[0],
            $"INSERT INTO {delimitedTable} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumn}) DO NOTHING",
            properties,
            $"UPDATE {delimitedTable} SET {versionColumn} = {versionColumn} WHERE {keyColumn} = @p0 AND {versionColumn} = @p1",
            version);
    }
}
