using Uet.Contracts.Plans;

namespace Uet.Cost.Budgets;

/// <summary>A budget and the spending against it, with the marks of what was already signalled.</summary>
public sealed record BudgetState(
    decimal? BudgetUsd,
    BudgetMode Mode,
    decimal WarningThreshold,
    decimal SpentUsd,
    decimal? WarnedBudgetUsd,
    decimal? ExceededBudgetUsd);

/// <summary>
/// What a change of spending or budget means. <c>Warning</c>/<c>Exceeded</c>: the threshold or the budget has been
/// reached and is to be marked; <c>Publish</c>: the events go on the bus (never in <c>continue</c> mode).
/// </summary>
public sealed record BudgetVerdict(bool Warning, bool Exceeded, bool Publish, decimal Percent)
{
    public static readonly BudgetVerdict None = new(false, false, false, 0m);

    public bool Any => Warning || Exceeded;
}

/// <summary>
/// The budget rules, for a run's budget and for each workstream's <c>max_cost_usd</c> alike:
/// <list type="bullet">
/// <item>Warning: spending reaches <c>warning_threshold × budget</c> (default 0.8). Once per budget value: a budget
/// replaced by <c>uet resume --budget</c> can warn again.</item>
/// <item>Exceeded: spending is above the budget (equal is within). Once per budget value in <c>warn</c> mode; in
/// <c>halt</c> mode also again for every report that adds cost while above it, so that a halted run resumed
/// without a higher budget is halted again by its next spending.</item>
/// <item><c>continue</c>: record only. The marks are kept (reports show them); no event is published.</item>
/// <item>No budget, or nothing spent: nothing happens. Unpriced usage adds nothing to spending.</item>
/// </list>
/// A report that crosses both the threshold and the budget raises both, warning first.
/// </summary>
public static class BudgetRules
{
    public const decimal DefaultWarningThreshold = 0.8m;

    /// <param name="state">The budget after the change (spending already added).</param>
    /// <param name="addedUsd">The cost the change added (0 when only the budget changed).</param>
    public static BudgetVerdict Evaluate(BudgetState state, decimal addedUsd)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.BudgetUsd is not { } budget || state.SpentUsd <= 0m)
        {
            return BudgetVerdict.None;
        }

        var warning = state.SpentUsd >= budget * state.WarningThreshold && state.WarnedBudgetUsd != budget;
        var exceeded = state.SpentUsd > budget
            && (state.ExceededBudgetUsd != budget || (state.Mode == BudgetMode.Halt && addedUsd > 0m));
        return warning || exceeded
            ? new BudgetVerdict(warning, exceeded, state.Mode != BudgetMode.Continue, Percent(state.SpentUsd, budget))
            : BudgetVerdict.None;
    }

    /// <summary>Spending as a percentage of the budget, to two decimals (a zero budget is 100% used by any spending).</summary>
    public static decimal Percent(decimal spentUsd, decimal budgetUsd) =>
        budgetUsd > 0m ? Math.Round(spentUsd * 100m / budgetUsd, 2, MidpointRounding.AwayFromZero) : (spentUsd > 0m ? 100m : 0m);
}
