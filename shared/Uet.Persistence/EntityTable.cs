using System.Data.Common;
using System.Globalization;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uet.Persistence;

/// <summary>
/// An entity type's table as the statements we write ourselves see it (the saga's lock, insert and update, the inbox,
/// the event store): its delimited name and its stored columns, from EF Core's mapping (table, schema, column names),
/// and parameters made by each column's type mapping, so a value is stored exactly as EF Core would store it.
/// Names come from the model, never from input; values are always parameters (<c>@p0</c>, <c>@p1</c>, ...).
/// </summary>
public sealed class EntityTable
{
    private static readonly PerModelCache<IEntityType, EntityTable> Cache = new();

    // The inbox looks its columns up on every saga transaction: by name, without a search.
    private readonly Dictionary<string, EntityColumn> _byProperty;

    private EntityTable(IEntityType entityType, string name, IReadOnlyList<EntityColumn> columns)
    {
        EntityType = entityType;
        Name = name;
        Columns = columns;
        _byProperty = columns.ToDictionary(c => c.Property.Name, StringComparer.Ordinal);
    }

    public IEntityType EntityType { get; }

    /// <summary>The table's name, with its schema, delimited for the provider.</summary>
    public string Name { get; }

    /// <summary>The columns a statement can write, in the model's property order: mapped to this table, not computed.</summary>
    public IReadOnlyList<EntityColumn> Columns { get; }

    /// <summary>The table of <typeparamref name="TEntity"/> in <paramref name="db"/>'s model (built once per model).</summary>
    public static EntityTable For<TEntity>(DbContext db) =>
        For(db, db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no entity type {typeof(TEntity).Name}; add a DbSet<{typeof(TEntity).Name}> or map it in OnModelCreating."));

    /// <summary>The table <paramref name="entityType"/> is mapped to (built once per model).</summary>
    public static EntityTable For(DbContext db, IEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entityType);
        return Cache.Get(db.Model, entityType, db, Build);
    }

    /// <summary>The column of a property; throws when the property is not a column of this table.</summary>
    public EntityColumn Column(string propertyName) =>
        _byProperty.GetValueOrDefault(propertyName)
        ?? throw new InvalidOperationException($"{EntityType.DisplayName()} has no stored column for {propertyName}.");

    /// <summary>
    /// <c>INSERT INTO table (columns) VALUES (@p0, ...)</c>, with <c>ON CONFLICT (column) DO NOTHING</c> when
    /// <paramref name="yieldOn"/> is given (PostgreSQL, and SQLite 3.24+): then a row that exists already affects nothing.
    /// </summary>
    public string InsertSql(IReadOnlyList<EntityColumn> columns, EntityColumn? yieldOn = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var insert = $"INSERT INTO {Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@" + ParameterName(i)))})";
        return yieldOn is null ? insert : $"{insert} ON CONFLICT ({yieldOn.Name}) DO NOTHING";
    }

    // A write of many rows names tens of thousands of parameters; the names of the first few are made once.
    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, 64).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The name of the <paramref name="index"/>-th parameter of a statement, without its <c>@</c>.</summary>
    public static string ParameterName(int index) =>
        index < ParameterNames.Length ? ParameterNames[index] : "p" + index.ToString(CultureInfo.InvariantCulture);

    private static EntityTable Build(DbContext db, IEntityType entityType)
    {
        var tableName = entityType.GetTableName()
            ?? throw new InvalidOperationException($"Entity {entityType.DisplayName()} is not mapped to a table.");
        var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entityType.GetProperties()
            .Where(p => p.GetColumnName(table) is not null && p.GetComputedColumnSql() is null)
            .Select(p => new EntityColumn(sql.DelimitIdentifier(p.GetColumnName(table)!), p))
            .ToList();
        return new EntityTable(entityType, sql.DelimitIdentifier(tableName, entityType.GetSchema()), columns);
    }
}

/// <summary>A stored column: its delimited name and the property it holds.</summary>
public sealed record EntityColumn(string Name, IProperty Property)
{
    /// <summary>
    /// <paramref name="value"/> as the statement's <paramref name="index"/>-th parameter, made (and converted) by the
    /// column's type mapping; <paramref name="maker"/> only lends its provider.
    /// </summary>
    public DbParameter Parameter(DbCommand maker, int index, object? value) => Parameter(maker, EntityTable.ParameterName(index), value);

    /// <summary>As <see cref="Parameter(DbCommand, int, object?)"/>, named <paramref name="name"/>.</summary>
    public DbParameter Parameter(DbCommand maker, string name, object? value) =>
        Property.GetRelationalTypeMapping().CreateParameter(maker, name, value, Property.IsNullable);
}
