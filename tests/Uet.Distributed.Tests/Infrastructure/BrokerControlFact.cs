namespace Uet.Distributed.Tests.Infrastructure;

/// <summary>
/// A test that restarts the broker: needs the cluster's broker and database, and `rabbitmqctl` reaching the node of
/// UET_RABBITMQ (RABBITMQ_NODENAME, which scripts/test.sh exports for the node it starts).
/// </summary>
public sealed class BrokerControlFactAttribute : FactAttribute
{
    public BrokerControlFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_RABBITMQ")) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_POSTGRES")))
        {
            Skip = "needs UET_RABBITMQ and UET_POSTGRES (scripts/test.sh starts both)";
        }
        else if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RABBITMQ_NODENAME")))
        {
            Skip = "needs RABBITMQ_NODENAME naming the broker's node, to restart it with rabbitmqctl (scripts/test.sh sets it)";
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
            Skip = "needs PostgreSQL server binaries under /usr/lib/postgresql to start a private server (scripts/test.sh installs them)";
        }
    }
}
