using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

using Npgsql;

using Uet.Cost.Persistence;
using Uet.Persistence;

namespace Uet.Cost.Tests.Infrastructure;

/// <summary>A SQLite file in a fresh temporary directory, removed afterwards.</summary>
internal sealed class TempSqliteDatabase : IDisposable
{
    public TempSqliteDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "uet-cost-tests", Guid.NewGuid().ToString("N"));
        Options = PersistenceOptions.ForStateDirectory(Directory, "cost");
    }

    public string Directory { get; }

    public PersistenceOptions Options { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS temp cleaner; the result does not depend on it.
        }
    }
}

/// <summary>
/// The PostgreSQL server named by UET_POSTGRES, if any. The tests use their own database, <c>uet_cost_tests</c>,
/// dropped and created once per test process so the migrations run from nothing; runs are told apart by RunId.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "UET_POSTGRES";
    public const string DatabaseName = "uet_cost_tests";

    private static readonly Lazy<Task<PersistenceOptions>> Database = new(CreateAsync);

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The migrated test database.</summary>
    public static Task<PersistenceOptions> OptionsAsync() => Database.Value;

    private static async Task<PersistenceOptions> CreateAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(ConnectionString ?? throw new InvalidOperationException($"{Variable} is not set.")) { Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var options = new PersistenceOptions { ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = DatabaseName }.ConnectionString };
        await using var services = new ServiceCollection().AddLogging().AddCostPersistence(options).BuildServiceProvider();
        await CostDatabase.MigrateAsync(services);
        return options;
    }
}

/// <summary>A fact that needs PostgreSQL: skipped, with the reason, when UET_POSTGRES is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null)
        {
            Skip = $"{TestPostgres.Variable} is not set: no PostgreSQL server to test against (scripts/test.sh starts one and sets it).";
        }
    }
}

/// <summary>
/// The databases a provider-neutral test runs on: SQLite always, PostgreSQL when UET_POSTGRES is set
/// (<see cref="PostgresAvailability"/> reports, as a skipped test, when it is not).
/// </summary>
public static class Providers
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (TestPostgres.ConnectionString is not null)
            {
                data.Add(Postgres);
            }
            return data;
        }
    }
}

/// <summary>A migrated database of either provider for one test; SQLite files are removed afterwards.</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly TempSqliteDatabase? _sqlite;

    private TestDatabase(PersistenceOptions options, TempSqliteDatabase? sqlite)
    {
        Options = options;
        _sqlite = sqlite;
    }

    public PersistenceOptions Options { get; }

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == Providers.Postgres)
        {
            return new TestDatabase(await TestPostgres.OptionsAsync(), null);
        }

        var sqlite = new TempSqliteDatabase();
        await using var services = new ServiceCollection().AddLogging().AddCostPersistence(sqlite.Options).BuildServiceProvider();
        await CostDatabase.MigrateAsync(services);
        return new TestDatabase(sqlite.Options, sqlite);
    }

    public void Dispose() => _sqlite?.Dispose();
}
