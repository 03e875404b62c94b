using MassTransit;

using Uet.Hosting;
using Uet.Persistence;

namespace Uet.Cli.Cluster;

/// <summary>
/// A running cluster (scripts/cluster.sh, compose, Kubernetes): its broker, to submit and control runs, and the
/// Scheduler's PostgreSQL database, to read them. Nothing is hosted in this process.
/// </summary>
internal sealed record ClusterConnection(Uri RabbitMq, string Postgres)
{
    public PersistenceOptions Persistence => new() { ConnectionString = Postgres };

    /// <summary>Names the broker without its credentials.</summary>
    public string Describe => $"the cluster at {RabbitMq.Host}:{(RabbitMq.IsDefaultPort ? 5672 : RabbitMq.Port)}";

    /// <summary>Publishes one message on the cluster's broker (publisher confirms: it is on the broker when this returns).</summary>
    public async Task PublishAsync(object message, CancellationToken ct)
    {
        var bus = UetBus.CreateClient(RabbitMq);
        await bus.StartAsync(ct);
        try
        {
            await bus.Publish(message, message.GetType(), ct);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
