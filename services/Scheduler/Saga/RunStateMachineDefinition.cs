using MassTransit;

using Uet.Contracts;
using Uet.Persistence;
using Uet.Persistence.Sagas;
using Uet.Scheduler.Model;

namespace Uet.Scheduler.Saga;

/// <summary>
/// The saga endpoint: retry, then MassTransit's in-memory outbox (messages leave only after the saga row committed).
/// One run's messages are applied one at a time, in arrival order: by default those that arrive together share one
/// transaction (group commit, see <see cref="SagaCommitGroups"/>); else a partitioner on RunId serialises them.
/// </summary>
public sealed class RunStateMachineDefinition : SagaDefinition<RunState>
{
    private readonly SchedulerOptions _options;

    public RunStateMachineDefinition(SchedulerOptions options)
    {
        _options = options;
        EndpointName = options.EndpointName;
        // Group commit needs many of a run's messages in flight at once to have something to group.
        var limit = options.ConcurrentMessageLimit ?? (options.GroupCommit ? options.MaxBatch : null);
        if (limit is not null)
        {
            ConcurrentMessageLimit = limit.Value;
            Endpoint(e =>
            {
                e.ConcurrentMessageLimit = limit.Value;
                e.PrefetchCount = 2 * limit.Value;
            });
        }
    }

    /// <summary>The run each message the saga consumes belongs to: the partition key, the group-commit key, and the row it locks.</summary>
    public static SagaGroupKeys<RunState> RunKeys(int maxBatch, bool groupCommit) => new SagaGroupKeys<RunState> { MaxBatch = maxBatch, GroupCommit = groupCommit }
        .Add<SubmitPlan>(m => m.RunId)
        .Add<PlanAccepted>(m => m.RunId)
        .Add<PlanRejected>(m => m.RunId)
        .Add<IntegrationPrepared>(m => m.RunId)
        .Add<IntegrationPreparationFailed>(m => m.RunId)
        .Add<WorkstreamStarted>(m => m.RunId)
        .Add<WorkstreamHeartbeat>(m => m.RunId)
        .Add<WorkstreamSucceeded>(m => m.RunId)
        .Add<WorkstreamFailed>(m => m.RunId)
        .Add<WorkstreamIntegrated>(m => m.RunId)
        .Add<MergeConflictDetected>(m => m.RunId)
        .Add<IntegrationGateFailed>(m => m.RunId)
        .Add<IntegrationReverted>(m => m.RunId)
        .Add<Fault<IntegrateWorkstream>>(m => m.Message.RunId)
        .Add<Fault<RevertIntegration>>(m => m.Message.RunId)
        .Add<CancelRun>(m => m.RunId)
        .Add<ResumeRun>(m => m.RunId)
        .Add<BudgetExceeded>(m => m.RunId)
        .Add<BudgetWarning>(m => m.RunId)
        .Add<CostRecorded>(m => m.RunId)
        .Add<LeaseExpired>(m => m.RunId);

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<RunState> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => DatabaseRetry.Configure(r, _options.RetryLimit));
        endpointConfigurator.UseInMemoryOutbox(context);
        if (_options.GroupCommit || !_options.PartitionByRun)
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
