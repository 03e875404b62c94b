using CliWrap;

namespace Uet.Distributed.Tests.Infrastructure;

/// <summary>
/// rabbitmqctl against the tests' broker: test.sh's local node directly (the RABBITMQ_* variables it exports name the
/// node), or, on test.sh's container path, inside the broker's container (UET_TEST_RABBITMQ_CONTAINER).
/// </summary>
public static class BrokerControl
{
    public const string ContainerVariable = "UET_TEST_RABBITMQ_CONTAINER";

    public static string? Container => Environment.GetEnvironmentVariable(ContainerVariable) is { Length: > 0 } id ? id : null;

    /// <summary>Whether a test can reach the broker's node at all.</summary>
    public static bool Reachable => Container is not null || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RABBITMQ_NODENAME"));

    public static Command RabbitMqCtl(string command) =>
        Container is { } id
            ? CliWrap.Cli.Wrap("docker").WithArguments(["exec", id, "rabbitmqctl", "-q", command])
            : CliWrap.Cli.Wrap("rabbitmqctl").WithArguments(["-q", command]);
}
