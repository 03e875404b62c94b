namespace Uet.Scheduler.Queries;

/// <summary>One line of <c>uet runs</c>.</summary>
public sealed record RunSummary(
    Guid RunId,
    string RunName,
    string State,
    int Workstreams,
    int Done,
    int Failed,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary><c>uet status</c>: the saga's state and every workstream's.</summary>
public sealed record RunDetails(
    Guid RunId,
    string RunName,
    string State,
    string? Reason,
    string? IntegrationBranch,
    string? BaseCommit,
    string? IntegrationHead,
    bool IntegrationReverted,
    string? ArchiveRef,
    int MaxWorkers,
    string FailurePolicy,
    string? RepoPath,
    bool DryRun,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<WorkstreamView> Workstreams,
    RunBudgetView? Budget = null);

/// <summary>
/// The run's budget as the Scheduler knows it: the budget, mode and threshold the plan and the options set, the
/// spending the Cost service reported, and its last budget event in words. Null before the plan was accepted.
/// </summary>
/// <param name="BudgetUsd">The run budget in USD; null when the run has none (workstream budgets may still apply).</param>
/// <param name="Percent">Spent ÷ budget × 100, two decimals; null without a budget.</param>
/// <param name="Notice">The last budget event (warning, exceeded, a workstream held back by its estimate); null when none.</param>
public sealed record RunBudgetView(
    decimal? BudgetUsd,
    string Mode,
    decimal WarningThreshold,
    decimal SpentUsd,
    decimal? Percent,
    string? Notice,
    DateTimeOffset? NoticeAt);

public sealed record WorkstreamView(
    string Id,
    string State,
    int Attempt,
    int Failures,
    string? WorkerId,
    string? Branch,
    string? Commit,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? LastHeartbeat,
    int? IntegratedOrder,
    string? Error);
