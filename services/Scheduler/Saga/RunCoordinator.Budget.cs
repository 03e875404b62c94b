using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Domain;
using Uet.Scheduler.Dispatch;
using Uet.Scheduler.Model;

namespace Uet.Scheduler.Saga;

/// <summary>
/// The run's budget as the Scheduler sees it: the figures the Cost service reports (for the CLI to show, and for the
/// estimate before dispatch), and, in halt mode, holding back a workstream whose estimate exceeds what is left.
/// </summary>
internal sealed partial class RunCoordinator
{
    /// <summary>The run budget, mode and threshold the accepted plan and the run options give (the Cost service reads them the same way).</summary>
    private static void SetBudget(RunState run, PlanDocument plan, RunOptions options)
    {
        var budget = plan.Settings.Budget;
        run.BudgetUsd = options.BudgetUsd ?? budget?.MaxCostUsd;
        run.BudgetMode = options.BudgetMode ?? budget?.Mode ?? BudgetMode.Halt;
        run.BudgetWarningThreshold = budget?.WarningThreshold ?? 0.8m;
    }

    /// <summary>Each priced usage report carries the run's total so far; reports may arrive out of order, totals only grow.</summary>
    public void OnCostRecorded(RunState run, CostRecorded message, RunEffects fx)
    {
        if (message.RunTotalUsd > run.SpentUsd)
        {
            run.SpentUsd = message.RunTotalUsd;
            fx.MarkChanged();
        }
    }

    public void OnBudgetWarning(RunState run, BudgetWarning message, RunEffects fx)
    {
        logger.LogInformation("Run {Run}: budget warning for {Scope}: {Spent} of {Budget} USD ({Percent}%)",
            run.RunName, message.WorkstreamId ?? "the run", message.SpentUsd, message.BudgetUsd, message.Percent);
        Notice(run, message.WorkstreamId is null ? message.SpentUsd : null, BudgetNotices.Warning(message, run.BudgetWarningThreshold), fx);
    }

    /// <summary>Every BudgetExceeded is shown, whatever the mode and the run's state; only halt mode while running acts on it.</summary>
    private static void RecordExceeded(RunState run, BudgetExceeded message, RunEffects fx) =>
        Notice(run, message.WorkstreamId is null ? message.SpentUsd : null, BudgetNotices.Exceeded(message), fx);

    private static void Notice(RunState run, decimal? runSpentUsd, string notice, RunEffects fx)
    {
        if (runSpentUsd > run.SpentUsd)
        {
            run.SpentUsd = runSpentUsd.Value;
        }
        run.BudgetNotice = notice;
        run.BudgetNoticeAt = fx.Now;
        fx.MarkChanged();
    }

    /// <summary>
    /// In halt mode, a workstream about to start whose estimated cost (its estimated_context_tokens at its model's input
    /// rate) exceeds what is left of the run budget is not started: it stays READY, says why, and the run halts as if
    /// the budget had been exceeded, to be resumed with a higher budget. Nothing of this pass is dispatched then.
    /// An unknown estimate (no token estimate, no model, an unpriced model) never holds a workstream back.
    /// </summary>
    private bool HoldForBudget(RunState run, PlanIndex plan, IReadOnlyList<string> start, RunEffects fx)
    {
        if (start.Count == 0 || run.BudgetMode != BudgetMode.Halt || run.BudgetUsd is not { } budget)
        {
            return false;
        }
        var left = budget - run.SpentUsd;
        var held = new List<(string Id, string Why)>();
        foreach (var id in start)
        {
            var spec = plan.Spec(id);
            var estimate = estimator.Estimate(spec, ToolCatalog.Resolve(plan.Plan.Settings, spec));
            if (estimate.Exceeds(left))
            {
                held.Add((id, BudgetNotices.NotStarted(estimate, budget, run.SpentUsd)));
            }
        }
        if (held.Count == 0)
        {
            return false;
        }

        foreach (var (id, why) in held)
        {
            Set(run, id, run.Workstreams[id] with { Error = why, FailureKind = FailureKind.BudgetExceeded }, fx, why);
        }
        var more = held.Count > 1 ? $" (and {held.Count - 1} more workstream(s))" : "";
        var reason = BudgetNotices.Fit($"budget: {held[0].Id} {held[0].Why}{more}");
        logger.LogWarning("Run {Run}: halted before dispatch: {Reason}", run.RunName, reason);
        Notice(run, null, reason, fx);
        CancelWorkers(run, fx, reason);
        Finish(run, fx, RunPhases.Halted, reason);
        return true;
    }

    /// <summary>A resume clears the marks of workstreams the estimate held back: the next dispatch pass estimates them again.</summary>
    private static void ReleaseBudgetHolds(RunState run, RunEffects fx)
    {
        foreach (var (id, progress) in run.Workstreams.ToList())
        {
            if (progress is { State: WorkstreamStates.Ready, DispatchedAt: null, FailureKind: FailureKind.BudgetExceeded })
            {
                Set(run, id, progress with { Error = null, FailureKind = null }, fx, "resumed; estimated again before dispatch");
            }
        }
    }
}
