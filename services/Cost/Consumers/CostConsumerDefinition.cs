using MassTransit;

using Uet.Contracts;
using Uet.Persistence;

namespace Uet.Cost.Consumers;

/// <summary>
/// Endpoint <c>cost</c>: retry, then MassTransit's in-memory outbox (events leave only after the consumer, and so the
/// ledger's transaction, finished), and one partitioner keyed by RunId over the three messages, so a run's plan,
/// resume and reports are handled one at a time in arrival order while other runs proceed in parallel.
/// </summary>
public sealed class CostConsumerDefinition : ConsumerDefinition<CostConsumer>
{
    private readonly CostOptions _options;

    public CostConsumerDefinition(CostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        EndpointName = options.EndpointName;
        ConcurrentMessageLimit = Math.Max(1, options.Partitions);
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CostConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => DatabaseRetry.Configure(r, _options.RetryLimit));
        endpointConfigurator.UseInMemoryOutbox(context);
        var partitioner = endpointConfigurator.CreatePartitioner(Math.Max(1, _options.Partitions));
        consumerConfigurator.Message<PlanAccepted>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        consumerConfigurator.Message<ResumeRun>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        consumerConfigurator.Message<UsageReported>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
    }
}
