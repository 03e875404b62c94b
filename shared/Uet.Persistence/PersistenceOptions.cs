using Microsoft.Data.Sqlite;

namespace Uet.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where a service keeps its state: a SQLite file (embedded mode, <c>Data Source=.uet/uet.db</c>) or a PostgreSQL
/// database (distributed mode, <c>Host=...;Database=...</c>). The provider follows from the connection string.
/// </summary>
public sealed record PersistenceOptions
{
    public required string ConnectionString { get; init; }

    /// <summary>How long a SQLite writer waits for the file lock before giving up (<c>PRAGMA busy_timeout</c>).</summary>
    public TimeSpan SqliteBusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public DatabaseProvider Provider => DetectProvider(ConnectionString);

    /// <summary>
    /// A SQLite database in an embedded state directory (<c>&lt;dir&gt;/&lt;database&gt;.db</c>). One file per service
    /// keeps their writers from queueing behind each other on SQLite's single write lock.
    /// </summary>
    public static PersistenceOptions ForStateDirectory(string stateDirectory, string database) =>
        new()
        {
            // The builder quotes paths with spaces or semicolons.
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetFullPath(stateDirectory), database + ".db") }.ToString(),
        };

    /// <summary>
    /// SQLite connection strings start with <c>Data Source=</c> or <c>Filename=</c>; everything else is handed to Npgsql.
    /// </summary>
    public static DatabaseProvider DetectProvider(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var trimmed = connectionString.TrimStart();
        return trimmed.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("DataSource=", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("Filename=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Sqlite
            : DatabaseProvider.Postgres;
    }
}
