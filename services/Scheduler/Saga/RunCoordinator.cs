using MassTransit;

using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Domain;
using Uet.Domain.Costs;
using Uet.Hosting.Telemetry;
using Uet.Scheduler.Dispatch;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;

namespace Uet.Scheduler.Saga;

/// <summary>
/// The run saga's decisions: what each message does to the run and its workstreams, and what goes out.
/// <see cref="RunStateMachine"/> declares which messages each state accepts and applies the effects.
/// Workstream results count only for the attempt the saga dispatched last (Attempt is a fencing token);
/// stale and duplicate results change nothing.
/// </summary>
internal sealed partial class RunCoordinator(PlanCache plans, CostEstimator estimator, ILogger<RunCoordinator> logger)
{
    // ---- Plan intake ----

    public void OnSubmitted(RunState run, SubmitPlan message, RunEffects fx)
    {
        run.RunName = message.Options.RunName;
        run.Options = message.Options;
        run.CreatedAt = fx.Now;
        fx.GoTo(RunPhases.Validating);
    }

    public void OnRejected(RunState run, PlanRejected message, RunEffects fx)
    {
        run.RunName = message.Options.RunName;
        run.Options = message.Options;
        if (run.CreatedAt == default)
        {
            run.CreatedAt = fx.Now;
        }
        var errors = message.Errors.Select(e => e.File is null ? $"{e.Code}: {e.Message}" : $"{e.Code} {e.File}: {e.Message}").ToList();
        run.Reason = errors.Count == 0 ? "plan rejected" : string.Join("; ", errors.Take(5)) + (errors.Count > 5 ? $" (+{errors.Count - 5} more)" : "");
        run.FinishedAt = fx.Now;
        fx.GoTo(RunPhases.Rejected);
    }

    public void OnAccepted(RunState run, PlanAccepted message, RunEffects fx)
    {
        var plan = message.Plan;
        var options = message.Options;
        run.RunName = options.RunName;
        run.Options = options;
        run.PlanJson = SchedulerJson.Serialize(plan);
        if (run.CreatedAt == default)
        {
            run.CreatedAt = fx.Now;
        }
        run.MaxWorkers = Math.Max(1, options.MaxWorkers ?? plan.Settings.MaxWorkers);
        run.FailurePolicy = options.FailurePolicy ?? plan.Settings.FailurePolicy;
        run.MaxAttempts = Math.Max(1, plan.Settings.MaxAttempts);
        run.IntegrationBranch = Naming.IntegrationBranch(options.RunName);
        run.Workstreams = plan.Workstreams.ToDictionary(w => w.Id, _ => new WorkstreamProgress(), StringComparer.Ordinal);
        SetBudget(run, plan, options);
        plans.Put(run.CorrelationId, plan);

        fx.GoTo(RunPhases.Running);
        fx.Publish(new RunStarted(run.CorrelationId, run.RunName, plan.Workstreams.Count, fx.Now));
        fx.Publish(PrepareIntegration(run, plan));
    }

    public void OnIntegrationPrepared(RunState run, IntegrationPrepared message, RunEffects fx)
    {
        if (run.IntegrationHead is not null)
        {
            LogIgnored(run.RunName, nameof(IntegrationPrepared), "-", 0, "integration branch already prepared");
            return;
        }
        run.IntegrationBranch = message.IntegrationBranch;
        run.BaseCommit = message.BaseCommit;
        run.IntegrationHead = message.Head;
        fx.MarkChanged();
        Advance(run, fx);
    }

    public void OnIntegrationPreparationFailed(RunState run, IntegrationPreparationFailed message, RunEffects fx)
    {
        if (run.IntegrationHead is not null)
        {
            LogIgnored(run.RunName, nameof(IntegrationPreparationFailed), "-", 0, "integration branch already prepared");
            return;
        }
        Finish(run, fx, RunPhases.Failed, "could not prepare the integration branch: " + message.Reason);
    }

    // ---- Worker results ----

    public void OnStarted(RunState run, WorkstreamStarted message, RunEffects fx)
    {
        if (!TryCurrent(run, nameof(WorkstreamStarted), message.WorkstreamId, message.Attempt, p => p.IsDispatched, out var progress))
        {
            return;
        }
        UetMetrics.AttemptStartedAfterWait(progress.ReadyAt, message.StartedAt);
        Set(run, message.WorkstreamId, progress with
        {
            State = WorkstreamStates.Running,
            WorkerId = message.WorkerId,
            StartedAt = message.StartedAt,
            LastHeartbeat = message.StartedAt,
        }, fx, "worker " + message.WorkerId);
    }

    public void OnHeartbeat(RunState run, WorkstreamHeartbeat message, RunEffects fx)
    {
        if (!TryCurrent(run, nameof(WorkstreamHeartbeat), message.WorkstreamId, message.Attempt, p => p.HoldsWorker, out var progress))
        {
            return;
        }
        if (progress.State == WorkstreamStates.Running)
        {
            run.Workstreams[message.WorkstreamId] = progress with { LastHeartbeat = message.At };
            fx.MarkChanged();
            return;
        }
        // The heartbeat overtook WorkstreamStarted: the attempt is running all the same.
        Set(run, message.WorkstreamId, progress with
        {
            State = WorkstreamStates.Running,
            WorkerId = message.WorkerId,
            StartedAt = message.At,
            LastHeartbeat = message.At,
        }, fx, "worker " + message.WorkerId);
    }

    public void OnSucceeded(RunState run, WorkstreamSucceeded message, RunEffects fx)
    {
        if (!TryCurrent(run, nameof(WorkstreamSucceeded), message.WorkstreamId, message.Attempt, p => p.HoldsWorker, out var progress))
        {
            return;
        }
        var succeeded = progress with
        {
            State = WorkstreamStates.Succeeded,
            WorkerId = message.WorkerId,
            Branch = message.Branch,
            Commit = message.Commit,
            StartedAt = progress.StartedAt ?? message.StartedAt,
            FinishedAt = message.FinishedAt,
            DispatchedAt = null,
        };
        Set(run, message.WorkstreamId, succeeded, fx, $"commit {message.Commit}");
        StartIntegration(run, message.WorkstreamId, succeeded, fx);
        Advance(run, fx);
    }

    /// <summary>
    /// The attempt's worker went silent: tell it to stop (if it is only cut off, its tool must not keep writing), and
    /// dispatch the workstream again with the next attempt. Lost leases do not count against max_attempts, up to
    /// <see cref="SchedulerOptions.MaxLeaseExpiries"/>; past that, or when the run is no longer running, the attempt fails.
    /// </summary>
    public void OnLeaseExpired(RunState run, LeaseExpired message, RunEffects fx, int maxLeaseExpiries)
    {
        if (!TryCurrent(run, nameof(LeaseExpired), message.WorkstreamId, message.Attempt,
                // The watchdog read the heartbeat back from the database, which may keep less precision (PostgreSQL: microseconds).
                p => p.State == WorkstreamStates.Running && (p.LastHeartbeat ?? p.StartedAt) <= message.LastHeartbeat.AddMilliseconds(1), out var progress))
        {
            return;
        }

        UetMetrics.LeaseExpired();
        var reason = FormattableString.Invariant(
            $"lease expired: no heartbeat from worker {message.WorkerId ?? "(unknown)"} since {message.LastHeartbeat:O}");
        logger.LogWarning("Run {Run}: {Workstream} attempt {Attempt}: {Reason}", run.RunName, message.WorkstreamId, message.Attempt, reason);
        fx.Publish(new CancelWorkstream(run.CorrelationId, message.WorkstreamId, message.Attempt, reason));
        if (Phase(run, fx) == RunPhases.Running && progress.LeaseExpiries < maxLeaseExpiries)
        {
            Set(run, message.WorkstreamId, progress with
            {
                State = WorkstreamStates.Ready,
                LeaseExpiries = progress.LeaseExpiries + 1,
                DispatchedAt = null,
                ReadyAt = fx.Now,
                FailureKind = FailureKind.Infrastructure,
                Error = reason,
            }, fx, $"dispatched again after: {reason}");
            Advance(run, fx);
            return;
        }

        OnWorkerFailed(run, new WorkstreamFailed(
            run.CorrelationId, message.WorkstreamId, message.Attempt, message.WorkerId ?? "(unknown)", FailureKind.Infrastructure,
            reason, [], progress.StartedAt ?? fx.Now, fx.Now), fx);
    }

    public void OnWorkerFailed(RunState run, WorkstreamFailed message, RunEffects fx)
    {
        if (!TryCurrent(run, nameof(WorkstreamFailed), message.WorkstreamId, message.Attempt, p => p.HoldsWorker, out var progress))
        {
            return;
        }
        var files = message.Files.Count == 0 ? "" : " (" + string.Join(", ", message.Files.Take(10)) + ")";
        progress = progress with
        {
            WorkerId = message.WorkerId,
            StartedAt = progress.StartedAt ?? message.StartedAt,
            FinishedAt = message.FinishedAt,
        };
        Fail(run, message.WorkstreamId, progress, message.Kind, $"{message.Kind}: {message.Reason}{files}", fx);
    }

    // ---- Integration results ----

    public void OnIntegrated(RunState run, WorkstreamIntegrated message, RunEffects fx)
    {
        if (!TryCurrent(run, nameof(WorkstreamIntegrated), message.WorkstreamId, message.Attempt, p => p.State == WorkstreamStates.Integrating, out var progress))
        {
            return;
        }
        run.IntegrationCount++;
        run.IntegrationHead = message.IntegrationHead;
        Set(run, message.WorkstreamId, progress with
        {
            State = WorkstreamStates.Done,
            IntegratedOrder = run.IntegrationCount,
            FinishedAt = message.At,
            Error = null,
            FailureKind = null,
        }, fx, message.AlreadyIntegrated ? "already integrated" : "head " + message.IntegrationHead);
        AfterIntegrationSettled(run, fx);
    }

    public void OnMergeConflict(RunState run, MergeConflictDetected message, RunEffects fx)
    {
        if (!TryCurrent(run, nameof(MergeConflictDetected), message.WorkstreamId, message.Attempt, p => p.State == WorkstreamStates.Integrating, out var progress))
        {
            return;
        }
        var files = string.Join(", ", message.ConflictingFiles.Take(10));
        Fail(run, message.WorkstreamId, progress, FailureKind.MergeConflict, $"MergeConflict: merge conflict in {files}", fx);
        AfterIntegrationSettled(run, fx);
    }

    public void OnIntegrationGateFailed(RunState run, IntegrationGateFailed message, RunEffects fx)
    {
        if (!TryCurrent(run, nameof(IntegrationGateFailed), message.WorkstreamId, message.Attempt, p => p.State == WorkstreamStates.Integrating, out var progress))
        {
            return;
        }
        Fail(run, message.WorkstreamId, progress, FailureKind.IntegrationGateFailed, $"IntegrationGateFailed: {message.Type} failed ({message.Command})", fx);
        AfterIntegrationSettled(run, fx);
    }

    /// <summary>
    /// Integration threw instead of answering (the commit is gone, git kept failing after its retries): the
    /// attempt failed, like a failing integration gate, and may be retried on the current head.
    /// </summary>
    public void OnIntegrationFaulted(RunState run, Fault<IntegrateWorkstream> fault, RunEffects fx)
    {
        var message = fault.Message;
        if (!TryCurrent(run, "Fault<IntegrateWorkstream>", message.WorkstreamId, message.Attempt, p => p.State == WorkstreamStates.Integrating, out var progress))
        {
            return;
        }
        Fail(run, message.WorkstreamId, progress, FailureKind.Infrastructure, "integration failed: " + FirstError(fault), fx);
        AfterIntegrationSettled(run, fx);
    }

    /// <summary>The revert itself failed: the run still ends (nothing more can be compensated), and says why.</summary>
    public void OnRevertFaulted(RunState run, Fault<RevertIntegration> fault, RunEffects fx)
    {
        if (!run.RevertRequested)
        {
            LogIgnored(run.RunName, "Fault<RevertIntegration>", "-", 0, "no revert outstanding");
            return;
        }
        run.RevertRequested = false;
        var reason = (run.Reason ?? "compensated") + "; reverting the integration branch failed: " + FirstError(fault);
        Finish(run, fx, Phase(run, fx) == RunPhases.Cancelling ? RunPhases.Cancelled : RunPhases.Failed, reason);
    }

    private static string FirstError(Fault fault) => fault.Exceptions.FirstOrDefault()?.Message ?? "unknown error";

    public void OnIntegrationReverted(RunState run, IntegrationReverted message, RunEffects fx)
    {
        if (!run.RevertRequested)
        {
            LogIgnored(run.RunName, nameof(IntegrationReverted), "-", 0, "no revert outstanding");
            return;
        }
        run.RevertRequested = false;
        run.IntegrationReverted = true;
        run.IntegrationHead = message.RevertedTo;
        run.IntegrationCount = 0;
        run.ArchiveRef = message.ArchiveRef;
        var reason = run.Reason ?? "compensated";
        if (message.CompensationFailures.Count > 0)
        {
            reason += "; compensation failures: " + string.Join("; ", message.CompensationFailures);
        }
        Finish(run, fx, Phase(run, fx) == RunPhases.Cancelling ? RunPhases.Cancelled : RunPhases.Failed, reason);
    }

    // ---- Control ----

    public void OnCancel(RunState run, CancelRun message, RunEffects fx)
    {
        var reason = string.IsNullOrWhiteSpace(message.Reason) ? "cancelled" : "cancelled: " + message.Reason;
        if (Phase(run, fx) == RunPhases.Validating)
        {
            Finish(run, fx, RunPhases.Cancelled, reason);
            return;
        }
        Compensate(run, fx, RunPhases.Cancelling, reason);
    }

    public void OnBudgetExceeded(RunState run, BudgetExceeded message, RunEffects fx)
    {
        RecordExceeded(run, message, fx);
        if (Phase(run, fx) != RunPhases.Running)
        {
            LogIgnored(run.RunName, nameof(BudgetExceeded), message.WorkstreamId ?? "-", 0, $"run is {Phase(run, fx)}");
            return;
        }
        if (message.Mode != BudgetMode.Halt)
        {
            logger.LogInformation("Run {Run}: budget passed ({Spent} of {Budget} USD) in mode {Mode}; continuing", run.RunName, message.SpentUsd, message.BudgetUsd, message.Mode);
            return;
        }
        var reason = FormattableString.Invariant($"budget exceeded: {message.SpentUsd} of {message.BudgetUsd} USD");
        if (message.WorkstreamId is { } id)
        {
            if (!run.Workstreams.TryGetValue(id, out var progress) || !progress.HoldsWorker)
            {
                LogIgnored(run.RunName, nameof(BudgetExceeded), id, progress?.Attempt ?? 0, "workstream is not running");
                return;
            }
            fx.Publish(new CancelWorkstream(run.CorrelationId, id, progress.Attempt, reason));
            Fail(run, id, progress with { FinishedAt = fx.Now }, FailureKind.BudgetExceeded, "BudgetExceeded: " + reason, fx);
            return;
        }
        CancelWorkers(run, fx, reason);
        Finish(run, fx, RunPhases.Halted, reason);
    }

    public void OnResume(RunState run, ResumeRun message, RunEffects fx)
    {
        var phase = Phase(run, fx);
        if (phase == RunPhases.Completed)
        {
            // Nothing to do; say so again for whoever is waiting on the outcome.
            fx.Publish(new RunCompleted(run.CorrelationId, run.RunName, run.IntegrationBranch ?? "", run.IntegrationHead ?? "", fx.Now));
            return;
        }
        var plan = plans.Get(run);
        // A negative budget is refused (as the Cost service refuses it): the budget stays as it was.
        if (message.BudgetUsd is { } budget && budget >= 0m && run.Options is { } options)
        {
            run.Options = options with { BudgetUsd = budget };
            run.BudgetUsd = budget;
        }
        if (run.BudgetMode is null && run.Options is { } stored)
        {
            SetBudget(run, plan.Plan, stored); // a run stored before the Scheduler kept its budget
        }
        ReleaseBudgetHolds(run, fx);

        var reintegrate = new List<(string Id, WorkstreamProgress Progress)>();
        foreach (var (id, progress) in run.Workstreams.ToList())
        {
            switch (progress.State)
            {
                case WorkstreamStates.Failed or WorkstreamStates.Cancelled or WorkstreamStates.Skipped:
                    Set(run, id, progress with
                    {
                        State = WorkstreamStates.Pending,
                        Failures = 0,
                        Error = null,
                        FailureKind = null,
                        DispatchedAt = null,
                        ReadyAt = null,
                    }, fx, "resumed");
                    break;
                case WorkstreamStates.Ready or WorkstreamStates.Running or WorkstreamStates.Succeeded when progress.DispatchedAt is not null || progress.State != WorkstreamStates.Ready:
                    // The attempt may still be running somewhere (or died with the process): supersede it.
                    fx.Publish(new CancelWorkstream(run.CorrelationId, id, progress.Attempt, "superseded by resume"));
                    Set(run, id, progress with { State = WorkstreamStates.Ready, DispatchedAt = null, ReadyAt = fx.Now }, fx, "resumed; attempt superseded");
                    break;
                case WorkstreamStates.Integrating:
                    fx.Publish(IntegrateMessage(run, plan, id, progress));
                    break;
                case WorkstreamStates.Done when run.IntegrationReverted:
                    reintegrate.Add((id, progress));
                    break;
            }
        }

        // The branch was reset to its base: put back what was integrated, in the original order, before new work lands.
        foreach (var (id, progress) in reintegrate.OrderBy(r => r.Progress.IntegratedOrder ?? int.MaxValue).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            StartIntegration(run, id, progress, fx, "re-integrating after revert");
        }
        run.IntegrationReverted = false;
        run.RevertRequested = false;
        run.Reason = null;
        run.FinishedAt = null;
        fx.GoTo(RunPhases.Running);
        logger.LogInformation("Run {Run}: resumed from {Phase}", run.RunName, phase);

        if (run.IntegrationHead is null)
        {
            fx.Publish(PrepareIntegration(run, plan.Plan));
            return;
        }
        Advance(run, fx);
    }

    // ---- Decisions ----

    /// <summary>Promote and dispatch what may run now; end the run when nothing is active and nothing can start.</summary>
    private void Advance(RunState run, RunEffects fx)
    {
        if (Phase(run, fx) != RunPhases.Running || run.IntegrationHead is null)
        {
            return;
        }
        var plan = plans.Get(run);
        var decision = Dispatcher.Decide(plan, run.Workstreams, run.MaxWorkers);
        foreach (var id in decision.Promote)
        {
            Set(run, id, run.Workstreams[id] with { State = WorkstreamStates.Ready, ReadyAt = fx.Now }, fx, "dependencies done");
        }
        if (HoldForBudget(run, plan, decision.Start, fx))
        {
            return;
        }
        foreach (var id in decision.Start)
        {
            Dispatch(run, plan, id, fx);
        }
        if (decision.Start.Count > 0 || run.Workstreams.Values.Any(w => w.IsActive))
        {
            return;
        }

        var failed = Ids(run, WorkstreamStates.Failed);
        if (run.Workstreams.Values.All(w => w.State == WorkstreamStates.Done))
        {
            Finish(run, fx, RunPhases.Completed, null);
        }
        else if (failed.Count > 0)
        {
            Finish(run, fx, RunPhases.Failed, $"{failed.Count} workstream(s) failed: {string.Join(", ", failed.Take(20))}");
        }
        else
        {
            var stuck = run.Workstreams.Where(w => w.Value.State != WorkstreamStates.Done).Select(w => $"{w.Key} ({w.Value.State})").Take(20);
            Finish(run, fx, RunPhases.Failed, "no workstream can start: " + string.Join(", ", stuck));
        }
    }

    private void Dispatch(RunState run, PlanIndex plan, string id, RunEffects fx)
    {
        var spec = plan.Spec(id);
        var options = RequireOptions(run);
        var previous = run.Workstreams[id];
        var attempt = previous.Attempt + 1;
        var branch = Naming.WorkstreamBranch(run.RunName, id);
        Set(run, id, previous with
        {
            State = WorkstreamStates.Ready,
            Attempt = attempt,
            DispatchedAt = fx.Now,
            ReadyAt = previous.ReadyAt ?? fx.Now,
            Branch = branch,
            Commit = null,
            WorkerId = null,
            StartedAt = null,
            FinishedAt = null,
            LastHeartbeat = null,
        }, fx, $"dispatched attempt {attempt}");
        fx.Publish(new ExecuteWorkstream
        {
            RunId = run.CorrelationId,
            RunName = run.RunName,
            WorkstreamId = id,
            Attempt = attempt,
            Spec = spec,
            Tool = ToolCatalog.Resolve(plan.Plan.Settings, spec),
            RepoPath = options.RepoPath,
            BaseCommit = run.IntegrationHead!,
            Branch = branch,
            GateCommands = plan.Plan.Settings.GateCommands,
            DryRun = options.DryRun,
            StateDir = options.StateDir,
            DispatchedAt = fx.Now,
        });
    }

    private void StartIntegration(RunState run, string id, WorkstreamProgress progress, RunEffects fx, string? detail = null)
    {
        var integrating = progress with { State = WorkstreamStates.Integrating };
        Set(run, id, integrating, fx, detail ?? "merging " + progress.Branch);
        fx.Publish(IntegrateMessage(run, plans.Get(run), id, integrating));
    }

    /// <summary>
    /// A failed attempt is retried on the current head while max_attempts allows (cancellations and budget
    /// stops are final); otherwise the workstream FAILS and the run's failure policy decides what follows.
    /// </summary>
    private void Fail(RunState run, string id, WorkstreamProgress progress, FailureKind kind, string error, RunEffects fx)
    {
        var plan = plans.Get(run);
        var failures = progress.Failures + 1;
        var maxAttempts = Math.Max(1, plan.Spec(id).CircuitBreaker?.MaxAttempts ?? run.MaxAttempts);
        var retryable = kind is not (FailureKind.Cancelled or FailureKind.BudgetExceeded);
        var phase = Phase(run, fx);
        if (phase == RunPhases.Running && retryable && failures < maxAttempts)
        {
            Set(run, id, progress with
            {
                State = WorkstreamStates.Ready,
                Failures = failures,
                DispatchedAt = null,
                ReadyAt = fx.Now,
                FailureKind = kind,
                Error = error,
            }, fx, $"retry {failures + 1} of {maxAttempts} after: {error}");
            Advance(run, fx);
            return;
        }

        Set(run, id, progress with
        {
            State = WorkstreamStates.Failed,
            Failures = failures,
            DispatchedAt = null,
            FinishedAt = progress.FinishedAt ?? fx.Now,
            FailureKind = kind,
            Error = error,
        }, fx, error);
        if (phase != RunPhases.Running)
        {
            return;
        }
        if (run.FailurePolicy == FailurePolicy.FailFast)
        {
            Compensate(run, fx, RunPhases.Failing, $"workstream {id} failed: {error}");
            return;
        }
        SkipDependents(run, plan, id, fx);
        Advance(run, fx);
    }

    private void SkipDependents(RunState run, PlanIndex plan, string failedId, RunEffects fx)
    {
        var queue = new Queue<string>(plan.DependentsOf(failedId));
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            var progress = run.Workstreams[id];
            if (progress.State is WorkstreamStates.Skipped or WorkstreamStates.Done || progress.IsActive)
            {
                continue;
            }
            Set(run, id, progress with
            {
                State = WorkstreamStates.Skipped,
                Error = $"dependency {failedId} failed",
                DispatchedAt = null,
            }, fx, $"dependency {failedId} failed");
            foreach (var next in plan.DependentsOf(id))
            {
                queue.Enqueue(next);
            }
        }
    }

    /// <summary>Fail-fast failure or cancel: stop the workers, then (once in-flight merges settled) revert the branch.</summary>
    private void Compensate(RunState run, RunEffects fx, string phase, string reason)
    {
        run.Reason = reason;
        CancelWorkers(run, fx, reason);
        fx.GoTo(phase);
        RequestRevertWhenSettled(run, fx);
    }

    /// <summary>While Failing or Cancelling, an in-flight merge decides whether its workstream needs compensating.</summary>
    private void AfterIntegrationSettled(RunState run, RunEffects fx)
    {
        var phase = Phase(run, fx);
        if (phase == RunPhases.Running)
        {
            Advance(run, fx);
        }
        else if (phase is RunPhases.Failing or RunPhases.Cancelling && !run.RevertRequested)
        {
            RequestRevertWhenSettled(run, fx);
        }
    }

    private void RequestRevertWhenSettled(RunState run, RunEffects fx)
    {
        if (run.Workstreams.Values.Any(w => w.State == WorkstreamStates.Integrating))
        {
            return;
        }
        var phase = Phase(run, fx);
        var finalPhase = phase == RunPhases.Cancelling ? RunPhases.Cancelled : RunPhases.Failed;
        if (run.BaseCommit is null)
        {
            // The integration branch was never prepared: nothing was merged, nothing to revert.
            Finish(run, fx, finalPhase, run.Reason);
            return;
        }
        var plan = plans.Get(run);
        var options = RequireOptions(run);
        var steps = run.Workstreams
            .Where(w => w.Value.State == WorkstreamStates.Done)
            .OrderByDescending(w => w.Value.IntegratedOrder ?? 0)
            .ThenByDescending(w => w.Key, StringComparer.Ordinal)
            .Select(w => new CompensationStep(w.Key, plan.Spec(w.Key).CompensationActions))
            .ToList();
        run.RevertRequested = true;
        fx.Publish(new RevertIntegration(
            run.CorrelationId, run.RunName, options.RepoPath, run.IntegrationBranch ?? Naming.IntegrationBranch(run.RunName),
            run.BaseCommit, steps, options.DryRun, options.StateDir));
        if (phase == RunPhases.Failing)
        {
            fx.GoTo(RunPhases.Compensating);
        }
    }

    private void CancelWorkers(RunState run, RunEffects fx, string reason)
    {
        foreach (var (id, progress) in run.Workstreams.ToList())
        {
            if (!progress.HoldsWorker)
            {
                continue;
            }
            fx.Publish(new CancelWorkstream(run.CorrelationId, id, progress.Attempt, reason));
            Set(run, id, progress with
            {
                State = WorkstreamStates.Cancelled,
                DispatchedAt = null,
                FinishedAt = fx.Now,
                FailureKind = FailureKind.Cancelled,
                Error = reason,
            }, fx, reason);
        }
    }

    private void Finish(RunState run, RunEffects fx, string phase, string? reason)
    {
        run.Reason = reason;
        run.FinishedAt = fx.Now;
        fx.GoTo(phase);
        switch (phase)
        {
            case RunPhases.Completed:
                fx.Publish(new RunCompleted(run.CorrelationId, run.RunName, run.IntegrationBranch ?? "", run.IntegrationHead ?? "", fx.Now));
                break;
            case RunPhases.Failed:
                fx.Publish(new RunFailed(run.CorrelationId, run.RunName, reason ?? "failed", Ids(run, WorkstreamStates.Failed), fx.Now));
                break;
            case RunPhases.Cancelled:
                fx.Publish(new RunCancelled(run.CorrelationId, run.RunName, reason ?? "cancelled", fx.Now));
                break;
            case RunPhases.Halted:
                fx.Publish(new RunHalted(run.CorrelationId, run.RunName, reason ?? "halted", fx.Now));
                break;
        }
        if (phase is RunPhases.Completed or RunPhases.Failed or RunPhases.Cancelled)
        {
            plans.Forget(run.CorrelationId);
        }
    }

    // ---- Helpers ----

    private static string? Phase(RunState run, RunEffects fx) => fx.NextPhase ?? run.CurrentState;

    private static List<string> Ids(RunState run, string state) =>
        run.Workstreams.Where(w => w.Value.State == state).Select(w => w.Key).Order(StringComparer.Ordinal).ToList();

    private static RunOptions RequireOptions(RunState run) =>
        run.Options ?? throw new InvalidOperationException($"Run {run.RunName} ({run.CorrelationId}) has no options stored.");

    private static void Set(RunState run, string id, WorkstreamProgress progress, RunEffects fx, string? detail)
    {
        run.Workstreams[id] = progress;
        fx.Publish(new WorkstreamStateChanged(run.CorrelationId, id, progress.Attempt, progress.State, detail, fx.Now));
    }

    private bool TryCurrent(RunState run, string messageType, string id, int attempt, Func<WorkstreamProgress, bool> expected, out WorkstreamProgress progress)
    {
        if (!run.Workstreams.TryGetValue(id, out progress!))
        {
            LogIgnored(run.RunName, messageType, id, attempt, "unknown workstream");
            return false;
        }
        if (progress.Attempt != attempt)
        {
            LogIgnored(run.RunName, messageType, id, attempt, $"stale: current attempt is {progress.Attempt}");
            return false;
        }
        if (!expected(progress))
        {
            LogIgnored(run.RunName, messageType, id, attempt, $"duplicate or out of turn: workstream is {progress.State}");
            return false;
        }
        return true;
    }

    private PrepareIntegration PrepareIntegration(RunState run, PlanDocument plan)
    {
        var options = RequireOptions(run);
        // --base on the command line wins; "HEAD" is its default, so then plan.json's base_ref applies.
        var baseRef = options.BaseRef != "HEAD" ? options.BaseRef : plan.Settings.BaseRef ?? "HEAD";
        return new PrepareIntegration(run.CorrelationId, run.RunName, options.RepoPath, baseRef,
            run.IntegrationBranch ?? Naming.IntegrationBranch(run.RunName), options.DryRun);
    }

    private static IntegrateWorkstream IntegrateMessage(RunState run, PlanIndex plan, string id, WorkstreamProgress progress)
    {
        var options = RequireOptions(run);
        return new IntegrateWorkstream
        {
            RunId = run.CorrelationId,
            RunName = run.RunName,
            WorkstreamId = id,
            Attempt = progress.Attempt,
            RepoPath = options.RepoPath,
            IntegrationBranch = run.IntegrationBranch ?? Naming.IntegrationBranch(run.RunName),
            Branch = progress.Branch ?? Naming.WorkstreamBranch(run.RunName, id),
            Commit = progress.Commit ?? throw new InvalidOperationException($"Workstream {id} of run {run.RunName} has no commit to integrate."),
            IntegrationGates = plan.Plan.Settings.IntegrationGates,
            GateCommands = plan.Plan.Settings.GateCommands,
            DryRun = options.DryRun,
            StateDir = options.StateDir,
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {Run}: ignored {MessageType} for {WorkstreamId} attempt {Attempt}: {Why}")]
    private partial void LogIgnored(string run, string messageType, string workstreamId, int attempt, string why);
}
