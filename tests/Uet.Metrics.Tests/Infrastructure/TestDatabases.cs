using Microsoft.Data.Sqlite;

using Npgsql;

using Uet.Metrics.Store;
using Uet.Persistence;

namespace Uet.Metrics.Tests.Infrastructure;

/// <summary>A migrated event store for one test: a SQLite file in a fresh temp dir, or the shared PostgreSQL test database.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly string? _directory;

    private TestStore(PersistenceOptions options, string? directory)
    {
        Options = options;
        _directory = directory;
        Factory = new MetricsDbContextFactory(options);
        Queries = new EventQueries(Factory);
    }

    public PersistenceOptions Options { get; }
    public MetricsDbContextFactory Factory { get; }
    public EventQueries Queries { get; }

    public EventStore Store(TimeProvider? time = null) => new(Factory, time ?? TimeProvider.System);

    public static async Task<TestStore> CreateAsync(DatabaseProvider provider)
    {
        TestStore store;
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "uet-metrics-tests", Guid.NewGuid().ToString("N"));
            store = new TestStore(PersistenceOptions.ForStateDirectory(directory, "metrics"), directory);
        }
        else
        {
            store = new TestStore(new PersistenceOptions { ConnectionString = await TestPostgres.DatabaseAsync() }, null);
        }
        await MetricsDatabase.MigrateAsync(store.Factory);
        return store;
    }

    public ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left to the OS temp cleaner; no result depends on it.
            }
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>The PostgreSQL server named by UET_POSTGRES; the tests use a database of their own in it (uet_metrics_tests).</summary>
public static class TestPostgres
{
    public const string Variable = "UET_POSTGRES";
    public const string Database = "uet_metrics_tests";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connectionString;

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The test database's connection string, creating the database on first use. Tests keep apart by using fresh run ids.</summary>
    public static async Task<string> DatabaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_connectionString is not null)
            {
                return _connectionString;
            }
            var server = ServerConnectionString ?? throw new InvalidOperationException($"{Variable} is not set.");
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
                exists.Parameters.AddWithValue("name", Database);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    try
                    {
                        await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
                        await create.ExecuteNonQueryAsync();
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
                    {
                        // Another test process created it first.
                    }
                }
            }
            _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString;
            return _connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>A fact that needs PostgreSQL: skipped, with the reason, when UET_POSTGRES is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ServerConnectionString is null)
        {
            Skip = $"{TestPostgres.Variable} is not set: no PostgreSQL server to test against (scripts/test.sh starts one and sets it).";
        }
    }
}
