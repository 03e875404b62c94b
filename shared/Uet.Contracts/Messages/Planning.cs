using Uet.Contracts.Plans;

namespace Uet.Contracts;

/// <summary>Options of one run, from the command line over plan.json's defaults.</summary>
public sealed record RunOptions
{
    public required string RunName { get; init; }
    public required string RepoPath { get; init; }
    public string BaseRef { get; init; } = "HEAD";
    public int? MaxWorkers { get; init; }
    public FailurePolicy? FailurePolicy { get; init; }
    public bool DryRun { get; init; }
    public decimal? BudgetUsd { get; init; }
    public BudgetMode? BudgetMode { get; init; }

    /// <summary>Where logs and worktrees of this run live (the embedded state dir, or a worker's data dir).</summary>
    public string? StateDir { get; init; }
}

public sealed record SubmitPlan(Guid RunId, string PlanName, IReadOnlyList<PlanFile> Files, RunOptions Options, DateTimeOffset SubmittedAt);

public sealed record PlanAccepted(
    Guid RunId,
    PlanDocument Plan,
    PlanAnalysis Analysis,
    RunOptions Options,
    IReadOnlyList<PlanDiagnostic> Warnings,
    DateTimeOffset AcceptedAt);

public sealed record PlanRejected(
    Guid RunId,
    string PlanName,
    RunOptions Options,
    IReadOnlyList<PlanDiagnostic> Errors,
    IReadOnlyList<PlanDiagnostic> Warnings,
    DateTimeOffset RejectedAt);
