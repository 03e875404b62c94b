using MassTransit;

using Uet.Contracts;
using Uet.Persistence;
using Uet.Scheduler.Model;

namespace Uet.Scheduler.Saga;

/// <summary>
/// The saga endpoint: retry, then MassTransit's in-memory outbox (messages leave only after the saga row
/// committed), and a partitioner so that one run's messages are handled one at a time.
/// </summary>
public sealed class RunStateMachineDefinition : SagaDefinition<RunState>
{
    private readonly SchedulerOptions _options;

    public RunStateMachineDefinition(SchedulerOptions options)
    {
        _options = options;
        EndpointName = options.EndpointName;
        if (options.ConcurrentMessageLimit is { } limit)
        {
            ConcurrentMessageLimit = limit;
        }
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<RunState> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => DatabaseRetry.Configure(r, _options.RetryLimit));
        endpointConfigurator.UseInMemoryOutbox(context);
        if (!_options.PartitionByRun)
        {
            return;
        }
        var partitioner = endpointConfigurator.CreatePartitioner(Math.Max(1, _options.Partitions));
        sagaConfigurator.Message<SubmitPlan>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<PlanAccepted>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<PlanRejected>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<IntegrationPrepared>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<IntegrationPreparationFailed>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<WorkstreamStarted>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<WorkstreamHeartbeat>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<WorkstreamSucceeded>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<WorkstreamFailed>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<WorkstreamIntegrated>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<MergeConflictDetected>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<IntegrationGateFailed>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<IntegrationReverted>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<CancelRun>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<ResumeRun>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<BudgetExceeded>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<BudgetWarning>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<CostRecorded>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
        sagaConfigurator.Message<LeaseExpired>(m => m.UsePartitioner(partitioner, c => c.Message.RunId));
    }
}
