using System.CommandLine;

using Uet.Cli.Cluster;
using Uet.Cli.Embedded;
using Uet.Persistence;

namespace Uet.Cli.Runs;

/// <summary>
/// Where a command finds its runs: the embedded state dir on this machine, or a cluster (when --rabbitmq and
/// --postgres are given, or UET_RABBITMQ and UET_POSTGRES are both set).
/// </summary>
internal sealed class RunPlace(StateDirectory state, ClusterConnection? cluster)
{
    public StateDirectory State { get; } = state;

    public ClusterConnection? Cluster { get; } = cluster;

    public RunReader Reader() => Cluster is { } c ? new RunReader(c) : new RunReader(State);

    /// <summary>Someone is driving the run: the cluster always is; in the embedded mode, the process holding its lock.</summary>
    public bool IsHosted(string runName) => Cluster is not null || RunLock.IsHeld(State, runName);
}

/// <summary>The options that choose a <see cref="RunPlace"/>, declared once for every run command.</summary>
internal sealed record RunPlaceOptions(Option<string?> StateDir, Option<string?> RabbitMq, Option<string?> Postgres)
{
    public static RunPlaceOptions Create() => new(
        RunCommandOptions.StateDir(),
        new Option<string?>("--rabbitmq")
        {
            Description = "AMQP URI of a running cluster's broker; with --postgres the command works on the cluster. Default: UET_RABBITMQ.",
        },
        new Option<string?>("--postgres")
        {
            Description = "Connection string of the cluster's PostgreSQL. Default: UET_POSTGRES.",
        });

    public void AddTo(Command command)
    {
        command.Options.Add(StateDir);
        command.Options.Add(RabbitMq);
        command.Options.Add(Postgres);
    }

    public RunPlace Resolve(ParseResult result)
    {
        var rabbit = result.GetValue(RabbitMq);
        var postgres = result.GetValue(Postgres);
        if (rabbit is null && postgres is null)
        {
            // Both variables, or neither: one alone (UET_POSTGRES is also what the tests use) leaves the embedded mode alone.
            rabbit = Environment.GetEnvironmentVariable("UET_RABBITMQ") is { Length: > 0 } r && Environment.GetEnvironmentVariable("UET_POSTGRES") is { Length: > 0 } ? r : null;
            postgres = rabbit is null ? null : Environment.GetEnvironmentVariable("UET_POSTGRES");
        }

        if (rabbit is null != postgres is null)
        {
            throw new CliException("--rabbitmq and --postgres go together: give both to work on a cluster, or neither for the embedded mode.");
        }

        if (rabbit is null || postgres is null)
        {
            return new RunPlace(RunCommandOptions.State(result, StateDir), null);
        }

        if (!Uri.TryCreate(rabbit, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps" or "rabbitmq"))
        {
            throw new CliException("--rabbitmq (or UET_RABBITMQ) is not an AMQP URI: give one such as amqp://guest:guest@127.0.0.1:5672/.");
        }

        if (PostgresConnectionDefaults.Unreadable(postgres) is { } reason)
        {
            throw new CliException($"--postgres (or UET_POSTGRES) is not a connection string Npgsql can read ({reason}): give one such as Host=127.0.0.1;Port=5432;Username=uet;Password=...;Database=uet.");
        }

        return new RunPlace(RunCommandOptions.State(result, StateDir), new ClusterConnection(uri, postgres));
    }
}
