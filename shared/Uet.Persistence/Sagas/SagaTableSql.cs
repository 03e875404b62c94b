using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Uet.Persistence.Sagas;

/// <summary>
/// The statements EF Core cannot express, built once per model from its mapping (table, schema, column
/// names, value converters), so any saga entity works: a row lock that reads the Version, an insert that
/// yields to a concurrent creator, and a Version check that writes nothing. Both PostgreSQL and SQLite (3.24+) accept <c>INSERT ... ON CONFLICT DO NOTHING</c>.
/// </summary>
internal sealed class SagaTableSql
{
    private static readonly PerModelCache<Type, SagaTableSql> Cache = new();

    private SagaTableSql(EntityTable table, string lockSql, EntityColumn key, string insertSql, string touchSql, EntityColumn version)
    {
        Table = table;
        LockSql = lockSql;
        Key = key;
        InsertSql = insertSql;
        TouchSql = touchSql;
        Version = version;
    }

    public EntityTable Table { get; }

    /// <summary>
    /// <c>SELECT Version ... WHERE key = @p0</c>, with <c>FOR UPDATE</c> on PostgreSQL. On SQLite the
    /// transaction already holds the database's write lock.
    /// </summary>
    public string LockSql { get; }

    /// <summary>The key column (CorrelationId).</summary>
    public EntityColumn Key { get; }

    /// <summary><c>INSERT ... VALUES (@p0, @p1, ...) ON CONFLICT (key) DO NOTHING</c>, parameters in <see cref="EntityTable.Columns"/> order.</summary>
    public string InsertSql { get; }

    /// <summary>
    /// <c>UPDATE ... SET Version = Version WHERE key = @p0 AND Version = @p1</c>: locks the row and affects it only if it
    /// still has that Version, changing no value (for a transaction that must hold the row without writing it).
    /// </summary>
    public string TouchSql { get; }

    public EntityColumn Version { get; }

    public static SagaTableSql For<TSaga>(DbContext db)
        where TSaga : class
    {
        return Cache.Get(db.Model, typeof(TSaga), db, static (db, _) => Build(db, EntityTable.For<TSaga>(db)));
    }

    private static SagaTableSql Build(DbContext db, EntityTable table)
    {
        var sagaName = table.EntityType.DisplayName();
        var key = table.EntityType.FindPrimaryKey();
        if (key is not { Properties.Count: 1 } || key.Properties[0].Name != nameof(MassTransit.ISaga.CorrelationId))
        {
            throw new InvalidOperationException($"Entity {sagaName} must have CorrelationId as its only key column; call ConfigureSagaEntity() in OnModelCreating.");
        }
        var keyColumn = table.Column(nameof(MassTransit.ISaga.CorrelationId));

        if (table.EntityType.FindProperty(nameof(MassTransit.ISagaVersion.Version)) is not { IsConcurrencyToken: true })
        {
            throw new InvalidOperationException($"Entity {sagaName}: Version must be a concurrency token; call ConfigureSagaEntity() in OnModelCreating.");
        }
        var version = table.Column(nameof(MassTransit.ISagaVersion.Version));
        var forUpdate = db.Database.IsNpgsql() ? " FOR UPDATE" : "";

        return new SagaTableSql(
            table,
            $"SELECT {version.Name} FROM {table.Name} WHERE {keyColumn.Name} = @p0{forUpdate}",
            keyColumn,
            table.InsertSql(table.Columns, yieldOn: keyColumn),
            $"UPDATE {table.Name} SET {version.Name} = {version.Name} WHERE {keyColumn.Name} = @p0 AND {version.Name} = @p1",
            version);
    }
}
