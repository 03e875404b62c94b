using Uet.Scheduler.Queries;
using Uet.Scheduler.Saga;

namespace Uet.Cli.Progress;

/// <summary>A run's budget in one line, for <c>uet status</c> and the end of <c>uet run</c>.</summary>
internal static class BudgetText
{
    /// <summary>"budget: 0.0123 of 5.00 USD spent (0.25%); mode halt, warning at 80%", or null when the run has no run budget.</summary>
    public static string? Status(RunBudgetView? budget) =>
        budget is { BudgetUsd: { } usd }
            ? $"budget: {BudgetNotices.Usd(budget.SpentUsd)} of {BudgetNotices.Usd(usd)} USD spent ({BudgetNotices.Percent(budget.Percent ?? 0m)}); "
                + $"mode {budget.Mode}, warning at {BudgetNotices.Percent(budget.WarningThreshold * 100m)}"
            : null;
}
