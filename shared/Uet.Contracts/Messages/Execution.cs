using Uet.Contracts.Plans;

namespace Uet.Contracts;

/// <summary>Carry out one attempt of a workstream. <c>Attempt</c> is a fencing token: only the latest counts.</summary>
public sealed record ExecuteWorkstream
{
    public required Guid RunId { get; init; }
    public required string RunName { get; init; }
    public required string WorkstreamId { get; init; }
    public required int Attempt { get; init; }
    public required WorkstreamSpec Spec { get; init; }
    public required ToolProfile Tool { get; init; }
    public required string RepoPath { get; init; }

    /// <summary>Integration head at dispatch: the attempt's worktree starts here.</summary>
    public required string BaseCommit { get; init; }

    /// <summary><c>uet/&lt;run&gt;/&lt;ws-id&gt;</c>.</summary>
    public required string Branch { get; init; }

    public IReadOnlyDictionary<string, string> GateCommands { get; init; } = new Dictionary<string, string>();
    public bool DryRun { get; init; }
    public string? StateDir { get; init; }
    public DateTimeOffset DispatchedAt { get; init; }
}

public sealed record CancelWorkstream(Guid RunId, string WorkstreamId, int Attempt, string Reason);

public sealed record WorkstreamStarted(Guid RunId, string WorkstreamId, int Attempt, string WorkerId, DateTimeOffset StartedAt);

public sealed record WorkstreamHeartbeat(Guid RunId, string WorkstreamId, int Attempt, string WorkerId, DateTimeOffset At);

public sealed record WorkstreamSucceeded(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    string WorkerId,
    string Branch,
    string Commit,
    IReadOnlyList<string> ChangedFiles,
    IReadOnlyList<string> Warnings,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);

public enum FailureKind
{
    Tool,
    Timeout,
    GateFailed,
    AcceptanceTestFailed,
    ScopeViolation,
    MergeConflict,
    IntegrationGateFailed,
    Cancelled,
    Infrastructure,
    BudgetExceeded,
}

public sealed record WorkstreamFailed(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    string WorkerId,
    FailureKind Kind,
    string Reason,
    IReadOnlyList<string> Files,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);

/// <summary>One gate or acceptance test result. <c>Type</c> is a gate type or <c>ACCEPTANCE</c>.</summary>
public sealed record GateEvaluated(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    string Type,
    string Command,
    bool Passed,
    bool Required,
    bool Blocking,
    int ExitCode,
    TimeSpan Duration,
    string OutputTail);

/// <summary>Token usage printed by a tool. (Run, workstream, attempt, sequence) is unique: a redelivery counts once.</summary>
public sealed record UsageReported(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    int Sequence,
    string Model,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens,
    decimal? CostUsd,
    DateTimeOffset At);

/// <summary>
/// The Scheduler's lease watchdog found a running attempt whose heartbeats stopped (its worker died or lost the
/// broker). The run saga re-dispatches the workstream with the next attempt and tells the old one to stop.
/// </summary>
public sealed record LeaseExpired(Guid RunId, string WorkstreamId, int Attempt, string? WorkerId, DateTimeOffset LastHeartbeat, DateTimeOffset At);
