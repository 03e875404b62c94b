using Microsoft.Extensions.Logging;

using Uet.Persistence;

namespace Uet.Hosting;

/// <summary>
/// A service process's configuration, read from the environment only (the same in a shell, compose and Kubernetes).
/// See docs/deployment.md for the table of variables.
/// </summary>
public sealed class ServiceSettings
{
    public const string RabbitMqVariable = "UET_RABBITMQ";
    public const string PostgresVariable = "UET_POSTGRES";
    public const string DataDirVariable = "UET_DATA_DIR";
    public const string HealthUrlVariable = "UET_HEALTH_URL";
    public const string LogVariable = "UET_LOG";
    public const string HubVariable = "UET_HUB";

    public required string ServiceName { get; init; }

    /// <summary>AMQP URI of the broker; null means the in-memory transport (one process only).</summary>
    public Uri? RabbitMq { get; init; }

    /// <summary>Npgsql connection string; null means SQLite files in <see cref="DataDir"/>.</summary>
    public string? Postgres { get; init; }

    /// <summary>Service-local files: worktrees, logs, SQLite databases.</summary>
    public required string DataDir { get; init; }

    /// <summary>Where GET /health/live and /health/ready are served; null: no HTTP listener.</summary>
    public string? HealthUrl { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>
    /// Path or URL of the hub (a bare git repository every Worker and Integration process reaches); null: each run's
    /// own repository is used directly, which needs every process on the machine (or file system) of that repository.
    /// </summary>
    public string? Hub { get; init; }

    /// <summary>The environment variables this service was started with, for settings only one service has.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the settings; a malformed value is a <see cref="ServiceConfigurationException"/> naming the variable and the fix.</summary>
    public static ServiceSettings FromEnvironment(string serviceName, IReadOnlyDictionary<string, string>? variables = null)
    {
        var env = variables ?? Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        string? Get(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        Uri? rabbit = null;
        if (Get(RabbitMqVariable) is { } uri)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out rabbit) || rabbit.Scheme is not ("amqp" or "amqps" or "rabbitmq"))
            {
                throw new ServiceConfigurationException(RabbitMqVariable, "(not shown: it may hold a password)", "an AMQP URI such as amqp://user:password@127.0.0.1:5672/");
            }
        }

        var level = LogLevel.Information;
        if (Get(LogVariable) is { } log && !Enum.TryParse(log, ignoreCase: true, out level))
        {
            throw new ServiceConfigurationException(LogVariable, log, "one of Trace, Debug, Information, Warning, Error, Critical, None");
        }

        var health = Get(HealthUrlVariable);
        if (health is not null && !Uri.TryCreate(health, UriKind.Absolute, out _))
        {
            throw new ServiceConfigurationException(HealthUrlVariable, health, "a URL such as http://127.0.0.1:5102");
        }

        var postgres = Get(PostgresVariable);
        if (postgres is not null && PersistenceOptions.DetectProvider(postgres) == DatabaseProvider.Postgres
            && PostgresConnectionDefaults.Unreadable(postgres) is { } reason)
        {
            throw new ServiceConfigurationException(PostgresVariable, $"(not shown: it may hold a password; Npgsql: {reason})",
                "an Npgsql connection string such as Host=127.0.0.1;Port=5432;Username=uet;Password=...;Database=uet");
        }

        var hub = Get(HubVariable);
        if (hub is not null && hub.StartsWith('-'))
        {
            throw new ServiceConfigurationException(HubVariable, hub, "the path or URL of a bare git repository, such as /srv/git/hub.git or ssh://git@host/hub.git");
        }

        return new ServiceSettings
        {
            ServiceName = serviceName,
            RabbitMq = rabbit,
            Postgres = postgres,
            DataDir = Path.GetFullPath(Get(DataDirVariable) ?? Path.Combine(".uet", serviceName)),
            HealthUrl = health,
            LogLevel = level,
            Hub = hub,
            Variables = env,
        };
    }

    /// <summary>PostgreSQL when configured, else a SQLite file of this service in <see cref="DataDir"/>.</summary>
    public PersistenceOptions Persistence() => new()
    {
        ConnectionString = Postgres ?? $"Data Source={Path.Combine(DataDir, ServiceName + ".db")}",
    };

    public int GetInt(string variable, int fallback, int min = 1)
    {
        if (!Variables.TryGetValue(variable, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        return int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ServiceConfigurationException(variable, raw, $"a whole number, {min} or more");
    }

    public string? GetString(string variable) =>
        Variables.TryGetValue(variable, out var raw) && !string.IsNullOrWhiteSpace(raw) ? raw.Trim() : null;
}

/// <summary>A setting in the environment that cannot be used; the service stops with this message (no stack trace).</summary>
public sealed class ServiceConfigurationException(string variable, string value, string expected)
    : Exception($"{variable}='{value}' is not valid: set it to {expected}.")
{
    public string Variable { get; } = variable;
}
