using System.Globalization;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Domain.Costs;

namespace Uet.Scheduler.Saga;

/// <summary>
/// The budget events in words, as the run stores them for the CLI (<c>RunState.BudgetNotice</c>) and as the
/// events and the run's reason say them. Amounts in US dollars with 2 to 6 decimals, percentages as the Cost service
/// computed them.
/// </summary>
public static class BudgetNotices
{
    /// <summary>What the stored notice may hold (its column's length).</summary>
    public const int MaxLength = 1000;

    public static string Warning(BudgetWarning message, decimal? threshold) =>
        Fit(message.WorkstreamId is { } id
            ? $"budget: {id} spent {Percent(message.Percent)} of its {Usd(message.BudgetUsd)} USD budget ({Usd(message.SpentUsd)} USD; warning threshold {Threshold(threshold)})"
            : $"budget: {Percent(message.Percent)} of the {Usd(message.BudgetUsd)} USD run budget spent ({Usd(message.SpentUsd)} USD; warning threshold {Threshold(threshold)})");

    public static string Exceeded(BudgetExceeded message)
    {
        var consequence = (message.Mode, message.WorkstreamId) switch
        {
            (BudgetMode.Halt, null) => "mode halt: the run is halted",
            (BudgetMode.Halt, _) => "mode halt: the workstream is stopped",
            (BudgetMode.Warn, _) => "mode warn: the run goes on",
            _ => "mode continue: recorded only",
        };
        return Fit(message.WorkstreamId is { } id
            ? $"budget exceeded: {id} spent {Usd(message.SpentUsd)} USD of its {Usd(message.BudgetUsd)} USD budget ({Percent(message.Percent)}); {consequence}"
            : $"budget exceeded: {Usd(message.SpentUsd)} USD spent of the {Usd(message.BudgetUsd)} USD run budget ({Percent(message.Percent)}); {consequence}");
    }

    /// <summary>Why a workstream was not started: its estimate alone is more than what is left of the run budget.</summary>
    public static string NotStarted(CostEstimate estimate, decimal budgetUsd, decimal spentUsd) =>
        Fit($"not started: estimated {Usd(estimate.CostUsd ?? 0m)} USD ({estimate.Tokens?.ToString(CultureInfo.InvariantCulture) ?? "?"} context tokens of {estimate.Model}) "
            + $"exceeds the {Usd(Math.Max(0m, budgetUsd - spentUsd))} USD left of the {Usd(budgetUsd)} USD run budget ({Usd(spentUsd)} USD spent)");

    /// <summary>US dollars with at least 2 and at most 6 decimals: 5.00, 0.0034, 0.000001.</summary>
    public static string Usd(decimal usd) => usd.ToString("0.00####", CultureInfo.InvariantCulture);

    public static string Percent(decimal percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Threshold(decimal? threshold) => Percent((threshold ?? 0.8m) * 100m);

    public static string Fit(string text) => text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
}
