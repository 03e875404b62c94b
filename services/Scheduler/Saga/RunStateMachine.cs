using MassTransit;

using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Domain.Costs;
using Uet.Hosting.Telemetry;
using Uet.Persistence.Outbox;
using Uet.Scheduler.Dispatch;
using Uet.Scheduler.Model;

namespace Uet.Scheduler.Saga;

/// <summary>
/// One instance per run (CorrelationId = RunId). This class says which message each run state accepts;
/// <see cref="RunCoordinator"/> decides what the message does. Messages a state does not list are ignored
/// (logged at debug): late results after a run ended, duplicates, a second cancel.
/// </summary>
public sealed class RunStateMachine : MassTransitStateMachine<RunState>
{
    private readonly RunCoordinator _coordinator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="estimator">
    /// Prices workstreams before dispatch: the host's (the Cost service's, with its configured price table, when it runs in
    /// the same process), else one on the built-in price table.
    /// </param>
    public RunStateMachine(PlanCache plans, SchedulerOptions options, TimeProvider time, ILoggerFactory loggers, CostEstimator? estimator = null)
    {
        _coordinator = new RunCoordinator(plans, estimator ?? new CostEstimator(PriceTable.Default), loggers.CreateLogger<RunCoordinator>());
        _time = time;
        var logger = _logger = loggers.CreateLogger<RunStateMachine>();

        InstanceState(x => x.CurrentState);

        Event(() => Submitted, Initiating<SubmitPlan>(m => m.RunId));
        Event(() => Accepted, Initiating<PlanAccepted>(m => m.RunId));
        Event(() => Refused, Initiating<PlanRejected>(m => m.RunId));
        Event(() => Prepared, Existing<IntegrationPrepared>(m => m.RunId));
        Event(() => PreparationFailed, Existing<IntegrationPreparationFailed>(m => m.RunId));
        Event(() => Started, Existing<WorkstreamStarted>(m => m.RunId));
        Event(() => Heartbeat, Existing<WorkstreamHeartbeat>(m => m.RunId));
        Event(() => Succeeded, Existing<WorkstreamSucceeded>(m => m.RunId));
        Event(() => WorkerFailed, Existing<WorkstreamFailed>(m => m.RunId));
        Event(() => Integrated, Existing<WorkstreamIntegrated>(m => m.RunId));
        Event(() => MergeConflict, Existing<MergeConflictDetected>(m => m.RunId));
        Event(() => IntegrationGateFailure, Existing<IntegrationGateFailed>(m => m.RunId));
        Event(() => Reverted, Existing<IntegrationReverted>(m => m.RunId));
        Event(() => IntegrationFaulted, Existing<Fault<IntegrateWorkstream>>(m => m.Message.RunId));
        Event(() => RevertFaulted, Existing<Fault<RevertIntegration>>(m => m.Message.RunId));
        Event(() => CancelRequested, Existing<CancelRun>(m => m.RunId));
        Event(() => ResumeRequested, Existing<ResumeRun>(m => m.RunId));
        Event(() => OverBudget, Existing<BudgetExceeded>(m => m.RunId));
        Event(() => BudgetWarned, Existing<BudgetWarning>(m => m.RunId));
        Event(() => CostReported, Existing<CostRecorded>(m => m.RunId));
        Event(() => LeaseLost, Existing<LeaseExpired>(m => m.RunId));

        OnUnhandledEvent(context =>
        {
            logger.LogDebug("Run {Run}: {Event} ignored in state {State}", context.Saga.RunName, context.Event.Name, context.Saga.CurrentState);
            return Task.CompletedTask;
        });

        Initially(
            When(Submitted).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnSubmitted(r, c.Message, fx))),
            When(Accepted).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnAccepted(r, c.Message, fx))),
            When(Refused).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnRejected(r, c.Message, fx))));

        During(Validating,
            When(Accepted).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnAccepted(r, c.Message, fx))),
            When(Refused).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnRejected(r, c.Message, fx))),
            When(CancelRequested).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnCancel(r, c.Message, fx))));

        During(Running,
            When(Prepared).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnIntegrationPrepared(r, c.Message, fx))),
            When(PreparationFailed).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnIntegrationPreparationFailed(r, c.Message, fx))),
            When(Started).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnStarted(r, c.Message, fx))),
            When(Heartbeat).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnHeartbeat(r, c.Message, fx))),
            When(Succeeded).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnSucceeded(r, c.Message, fx))),
            When(WorkerFailed).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnWorkerFailed(r, c.Message, fx))),
            When(CancelRequested).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnCancel(r, c.Message, fx))),
            When(ResumeRequested).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnResume(r, c.Message, fx))));

        // A worker that went silent is replaced while running; while failing or cancelling its attempt is written off.
        During(Running, Failing, Cancelling,
            When(LeaseLost).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnLeaseExpired(r, c.Message, fx, options.MaxLeaseExpiries))));

        // Merges already under way finish (or fail) whatever the run is doing; Failing and Cancelling wait for them
        // before reverting, and a Halted run keeps what they integrated.
        During(Running, Failing, Cancelling, Halted,
            When(Integrated).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnIntegrated(r, c.Message, fx))),
            When(MergeConflict).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnMergeConflict(r, c.Message, fx))),
            When(IntegrationGateFailure).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnIntegrationGateFailed(r, c.Message, fx))),
            When(IntegrationFaulted).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnIntegrationFaulted(r, c.Message, fx))));

        During(Compensating, Cancelling,
            When(Reverted).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnIntegrationReverted(r, c.Message, fx))),
            When(RevertFaulted).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnRevertFaulted(r, c.Message, fx))));

        // Spending and budget events are recorded whatever the run is doing (late reports still count and show);
        // only a halt-mode BudgetExceeded while running stops anything.
        DuringAny(
            When(CostReported).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnCostRecorded(r, c.Message, fx))),
            When(BudgetWarned).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnBudgetWarning(r, c.Message, fx))),
            When(OverBudget).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnBudgetExceeded(r, c.Message, fx))));

        During(Halted,
            When(CancelRequested).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnCancel(r, c.Message, fx))));

        During(Halted, Failed, Cancelled, Completed,
            When(ResumeRequested).ThenAsync(c => Apply(c, (r, fx) => _coordinator.OnResume(r, c.Message, fx))));
    }

    public State Validating { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State Failing { get; private set; } = null!;
    public State Compensating { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Cancelling { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;
    public State Halted { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;

    public Event<SubmitPlan> Submitted { get; private set; } = null!;
    public Event<PlanAccepted> Accepted { get; private set; } = null!;
    public Event<PlanRejected> Refused { get; private set; } = null!;
    public Event<IntegrationPrepared> Prepared { get; private set; } = null!;
    public Event<IntegrationPreparationFailed> PreparationFailed { get; private set; } = null!;
    public Event<WorkstreamStarted> Started { get; private set; } = null!;
    public Event<WorkstreamHeartbeat> Heartbeat { get; private set; } = null!;
    public Event<WorkstreamSucceeded> Succeeded { get; private set; } = null!;
    public Event<WorkstreamFailed> WorkerFailed { get; private set; } = null!;
    public Event<WorkstreamIntegrated> Integrated { get; private set; } = null!;
    public Event<MergeConflictDetected> MergeConflict { get; private set; } = null!;
    public Event<IntegrationGateFailed> IntegrationGateFailure { get; private set; } = null!;
    public Event<IntegrationReverted> Reverted { get; private set; } = null!;
    public Event<Fault<IntegrateWorkstream>> IntegrationFaulted { get; private set; } = null!;
    public Event<Fault<RevertIntegration>> RevertFaulted { get; private set; } = null!;
    public Event<CancelRun> CancelRequested { get; private set; } = null!;
    public Event<ResumeRun> ResumeRequested { get; private set; } = null!;
    public Event<BudgetExceeded> OverBudget { get; private set; } = null!;
    public Event<BudgetWarning> BudgetWarned { get; private set; } = null!;
    public Event<CostRecorded> CostReported { get; private set; } = null!;
    public Event<LeaseExpired> LeaseLost { get; private set; } = null!;

    private async Task Apply<TMessage>(BehaviorContext<RunState, TMessage> context, Action<RunState, RunEffects> handle)
        where TMessage : class
    {
        using var scope = _logger.BeginScope(RunLogScope.ForMessage(context.Saga.CorrelationId, context.Saga.RunName, context.Message));
        var fx = new RunEffects(_time.GetUtcNow());
        handle(context.Saga, fx);
        if (fx.Changed)
        {
            context.Saga.UpdatedAt = fx.Now;
        }
        if (fx.NextPhase is { } phase && phase != context.Saga.CurrentState)
        {
            await context.TransitionToState(GetState(phase));
        }
        // Each message goes into the outbox (stored with the saga's new state) and out through the in-memory outbox
        // after the commit, under the same MessageId; a crash in between leaves the row for redelivery.
        var messages = fx.MessagesInSendOrder();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var messageId = NewId.NextGuid();
            context.Saga.PendingOutbox.Add(OutboxMessage.Create(messageId, context.Saga.CorrelationId, message, fx.Now, i));
            await context.Publish(message, message.GetType(), c => c.MessageId = messageId);
        }
    }

    private static Action<IEventCorrelationConfigurator<RunState, T>> Initiating<T>(Func<T, Guid> runId)
        where T : class =>
        e =>
        {
            e.CorrelateById(c => runId(c.Message));
            e.SelectId(c => runId(c.Message));
            // Create the row with INSERT ... ON CONFLICT DO NOTHING before handling: a concurrent creator
            // loses quietly and handles its message against the row that won.
            e.InsertOnInitial = true;
        };

    private static Action<IEventCorrelationConfigurator<RunState, T>> Existing<T>(Func<T, Guid> runId)
        where T : class =>
        e =>
        {
            e.CorrelateById(c => runId(c.Message));
            e.OnMissingInstance(m => m.Discard());
        };
}
