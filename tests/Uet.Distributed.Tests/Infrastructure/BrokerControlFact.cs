namespace Uet.Distributed.Tests.Infrastructure;

/// <summary>
/// A test that restarts the broker: needs the cluster's broker and database, and <see cref="BrokerControl"/> reaching
/// the broker's node (scripts/test.sh makes it reachable on both its local and its container path).
/// </summary>
public sealed class BrokerControlFactAttribute : FactAttribute
{
    public BrokerControlFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_RABBITMQ")) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_POSTGRES")))
        {
            Skip = "needs UET_RABBITMQ and UET_POSTGRES (scripts/test.sh starts both)";
        }
        else if (!BrokerControl.Reachable)
        {
            Skip = $"needs RABBITMQ_NODENAME naming the broker's node, or {BrokerControl.ContainerVariable} naming its container, to restart it with rabbitmqctl (scripts/test.sh sets one)";
        }
    }
}

/// <summary>A test that stops and starts a PostgreSQL server of its own: needs the broker and the server binaries.</summary>
public sealed class PostgresOutageFactAttribute : FactAttribute
{
    public PostgresOutageFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_RABBITMQ")) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_POSTGRES")))
        {
            Skip = "needs UET_RABBITMQ and UET_POSTGRES (scripts/test.sh starts both)";
        }
        else if (PrivatePostgres.FindBin() is null)
        {
            Skip = Environment.GetEnvironmentVariable("UET_TEST_INFRA_SOURCE") is "local"
                ? "needs PostgreSQL server binaries under /usr/lib/postgresql to start a private server (scripts/test.sh installs them)"
                : "needs PostgreSQL server binaries under /usr/lib/postgresql to start a private server it can stop (the tests' own server "
                  + "is not stopped, other test projects use it); install them (apt-get install postgresql) or run scripts/test.sh with UET_TEST_INFRA_SOURCE=local";
        }
    }
}
