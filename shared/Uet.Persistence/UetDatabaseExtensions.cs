using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Uet.Persistence;

public static class UetDatabaseExtensions
{
    /// <summary>
    /// Most statements EF Core sends to PostgreSQL in one command (its SQLite provider sends one per command anyway).
    /// Npgsql's default (1,000) turns accepting a plan of thousands of workstreams into commands of megabytes: their
    /// SQL text and parameter tables land on the large object heap, which only a full collection frees. At 100 each
    /// command stays small; a saga transaction rarely writes that many rows anyway.
    /// </summary>
    public const int MaxBatchSize = 100;

    /// <summary>
    /// Points a DbContext at the service's database: SQLite (WAL, busy timeout) for a <c>Data Source=</c> string,
    /// else PostgreSQL. <paramref name="schema"/> is the service's PostgreSQL schema; it also holds the
    /// migrations history table, so services sharing one database do not share migration history.
    /// </summary>
    public static DbContextOptionsBuilder UseUetDatabase(this DbContextOptionsBuilder builder, PersistenceOptions options, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureSqliteDirectory(options.ConnectionString);
                builder.UseSqlite(options.ConnectionString);
                builder.AddInterceptors(new SqlitePragmaInterceptor(options.SqliteBusyTimeout));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(PostgresConnectionDefaults.Apply(options.ConnectionString), npgsql =>
                {
                    npgsql.MaxBatchSize(MaxBatchSize);
                    if (schema is not null)
                    {
                        npgsql.MigrationsHistoryTable("__EFMigrationsHistory", schema);
                    }
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider.");
        }
        return builder;
    }

    /// <inheritdoc cref="UseUetDatabase(DbContextOptionsBuilder, PersistenceOptions, string?)"/>
    public static DbContextOptionsBuilder<TContext> UseUetDatabase<TContext>(this DbContextOptionsBuilder<TContext> builder, PersistenceOptions options, string? schema = null)
        where TContext : DbContext
    {
        UseUetDatabase((DbContextOptionsBuilder)builder, options, schema);
        return builder;
    }

    /// <summary>SQLite creates the file but not its directory (the state dir may not exist yet on a first run).</summary>
    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
