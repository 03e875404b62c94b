namespace Uet.Contracts;

/// <summary>Create <c>uet/&lt;run&gt;/integration</c> at the base ref (idempotent: an existing branch is kept).</summary>
public sealed record PrepareIntegration(Guid RunId, string RunName, string RepoPath, string BaseRef, string IntegrationBranch, bool DryRun);

public sealed record IntegrationPrepared(Guid RunId, string IntegrationBranch, string BaseCommit, string Head);

public sealed record IntegrationPreparationFailed(Guid RunId, string Reason);

public sealed record IntegrateWorkstream
{
    public required Guid RunId { get; init; }
    public required string RunName { get; init; }
    public required string WorkstreamId { get; init; }
    public required int Attempt { get; init; }
    public required string RepoPath { get; init; }
    public required string IntegrationBranch { get; init; }
    public required string Branch { get; init; }
    public required string Commit { get; init; }
    public IReadOnlyList<Plans.TestGateSpec> IntegrationGates { get; init; } = [];
    public IReadOnlyDictionary<string, string> GateCommands { get; init; } = new Dictionary<string, string>();
    public bool DryRun { get; init; }
    public string? StateDir { get; init; }
}

/// <summary>The workstream's commit is on the integration branch. <c>AlreadyIntegrated</c>: a redelivery found it there.</summary>
public sealed record WorkstreamIntegrated(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    string IntegrationHead,
    bool AlreadyIntegrated,
    DateTimeOffset At);

public sealed record MergeConflictDetected(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    IReadOnlyList<string> ConflictingFiles,
    string IntegrationHead,
    DateTimeOffset At);

public sealed record IntegrationGateFailed(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    string Type,
    string Command,
    string OutputTail,
    DateTimeOffset At);

/// <summary>Compensation: run integrated workstreams' compensation actions (in the order given), then reset the branch.</summary>
public sealed record RevertIntegration(
    Guid RunId,
    string RunName,
    string RepoPath,
    string IntegrationBranch,
    string BaseCommit,
    IReadOnlyList<CompensationStep> Compensations,
    bool DryRun,
    string? StateDir);

public sealed record CompensationStep(string WorkstreamId, IReadOnlyList<string> Actions);

public sealed record IntegrationReverted(
    Guid RunId,
    string? ArchiveRef,
    string RevertedTo,
    IReadOnlyList<string> CompensationFailures,
    DateTimeOffset At);
