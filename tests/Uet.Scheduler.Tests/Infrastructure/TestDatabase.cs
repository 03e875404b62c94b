using Microsoft.Data.Sqlite;

using Npgsql;

using Uet.Persistence;

namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>A SQLite file in a fresh temporary directory, removed afterwards.</summary>
internal sealed class TempSqliteDatabase : IDisposable
{
    public TempSqliteDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "uet-scheduler-tests", Guid.NewGuid().ToString("N"));
        Options = PersistenceOptions.ForStateDirectory(Directory, "scheduler");
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
            // A file still held open is left to the OS temp cleaner; the test result does not depend on it.
        }
    }
}

/// <summary>The PostgreSQL server named by UET_POSTGRES (the lead's test script starts one), if any.</summary>
internal static class TestPostgres
{
    public const string Variable = "UET_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static PersistenceOptions Options => new()
    {
        ConnectionString = ConnectionString ?? throw new InvalidOperationException($"{Variable} is not set."),
    };

    /// <summary>A database of its own on the same server, for a test that must see only its own commands.</summary>
    public static async Task<(string Name, PersistenceOptions Options)> CreateDatabaseAsync()
    {
        var name = "uet_scheduler_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(Options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(Options.ConnectionString) { Database = name }.ConnectionString;
        return (name, new PersistenceOptions { ConnectionString = connectionString });
    }
}

/// <summary>A fact that needs PostgreSQL: skipped, with the reason, when UET_POSTGRES is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    internal static readonly string SkipReason =
        $"{TestPostgres.Variable} is not set: no PostgreSQL server to test against (scripts/test.sh starts one and sets it).";

    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null)
        {
            Skip = SkipReason;
        }
    }
}

/// <summary>A theory that needs PostgreSQL: skipped, with the reason, when UET_POSTGRES is not set.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestPostgres.ConnectionString is null)
        {
            Skip = PostgresFactAttribute.SkipReason;
        }
    }
}
