using Uet.Contracts.Plans;
using Uet.Cost.Budgets;

namespace Uet.Cost.Model;

/// <summary>
/// Spending and budget of one run (<c>WorkstreamId</c> = "") or one workstream of it. Every write to a run's rows
/// happens under the lock on its run row, so totals and "already warned" marks never race.
/// </summary>
public sealed class BudgetRow
{
    public const string RunScope = "";

    public Guid RunId { get; set; }

    /// <summary>The workstream, or "" for the run as a whole.</summary>
    public string WorkstreamId { get; set; } = RunScope;

    /// <summary>Null: no budget (spending is recorded, never enforced).</summary>
    public decimal? BudgetUsd { get; set; }

    public BudgetMode Mode { get; set; } = BudgetMode.Halt;
    public decimal WarningThreshold { get; set; } = BudgetRules.DefaultWarningThreshold;

    /// <summary>Priced spending so far, every attempt included.</summary>
    public decimal SpentUsd { get; set; }

    public int Reports { get; set; }
    public int UnpricedReports { get; set; }

    /// <summary>The budget a warning was last raised against (a new budget may warn again).</summary>
    public decimal? WarnedBudgetUsd { get; set; }
    public DateTimeOffset? WarnedAt { get; set; }

    /// <summary>The budget last found exceeded, and when it first was.</summary>
    public decimal? ExceededBudgetUsd { get; set; }
    public DateTimeOffset? ExceededAt { get; set; }

    /// <summary>Run row: when PlanAccepted set the budgets (a redelivered one changes nothing).</summary>
    public DateTimeOffset? PlanAppliedAt { get; set; }

    /// <summary>Run row: when a ResumeRun replaced the budget (a late PlanAccepted then keeps it).</summary>
    public DateTimeOffset? BudgetChangedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsRun => WorkstreamId.Length == 0;

    public BudgetState State => new(BudgetUsd, Mode, WarningThreshold, SpentUsd, WarnedBudgetUsd, ExceededBudgetUsd);
}
