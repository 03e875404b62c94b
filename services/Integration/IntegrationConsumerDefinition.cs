using MassTransit;

using Microsoft.Extensions.Options;

using Uet.Contracts;

namespace Uet.Integration;

/// <summary>
/// Endpoint <c>integration</c>. Messages of one run go through one partition (keyed by RunId), so a run's merges
/// happen one at a time in the order its branches finish; other runs use other partitions and proceed in parallel.
/// </summary>
public sealed class IntegrationConsumerDefinition : ConsumerDefinition<IntegrationConsumer>
{
    public const string EndpointNameValue = "integration";

    private readonly int partitions;

    public IntegrationConsumerDefinition(IOptions<IntegrationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        partitions = Math.Max(1, options.Value.ConcurrentRuns);
        EndpointName = EndpointNameValue;
        Endpoint(e => e.ConcurrentMessageLimit = partitions);
        ConcurrentMessageLimit = partitions;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<IntegrationConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // One partitioner shared by the three commands: a revert waits for a merge of the same run in progress.
        var partitioner = endpointConfigurator.CreatePartitioner(partitions);
        consumerConfigurator.Message<PrepareIntegration>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        consumerConfigurator.Message<IntegrateWorkstream>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        consumerConfigurator.Message<RevertIntegration>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
    }
}
