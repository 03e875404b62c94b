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
    IReadOnlyList<WorkstreamView> Workstreams);

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
