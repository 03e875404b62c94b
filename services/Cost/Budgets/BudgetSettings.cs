using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Cost.Budgets;

/// <summary>
/// A run's budgets as its accepted plan and options give them: the run budget from <c>--budget</c>
/// (<c>RunOptions.BudgetUsd</c>) over plan.json's <c>budget.max_cost_usd</c>; the mode from <c>--budget-mode</c> over
/// <c>budget.mode</c> (default halt); the threshold from <c>budget.warning_threshold</c> (default 0.8); each
/// workstream's <c>max_cost_usd</c>, enforced with the run's mode and threshold.
/// </summary>
public sealed record BudgetSettings(decimal? RunBudgetUsd, BudgetMode Mode, decimal WarningThreshold, IReadOnlyDictionary<string, decimal> WorkstreamBudgets)
{
    public static BudgetSettings From(PlanAccepted accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var planBudget = accepted.Plan.Settings.Budget;
        return new BudgetSettings(
            accepted.Options.BudgetUsd ?? planBudget?.MaxCostUsd,
            accepted.Options.BudgetMode ?? planBudget?.Mode ?? BudgetMode.Halt,
            planBudget?.WarningThreshold ?? BudgetRules.DefaultWarningThreshold,
            accepted.Plan.Workstreams
                .Where(ws => ws.MaxCostUsd is not null)
                .ToDictionary(ws => ws.Id, ws => ws.MaxCostUsd!.Value, StringComparer.Ordinal));
    }
}
