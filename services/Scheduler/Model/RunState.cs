using MassTransit;
using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Scheduler.Model;

/// <summary>The persisted run saga: one row per run, CorrelationId = RunId.</summary>
public sealed class RunState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    /// <summary>The saga state's name (Validating, Running, ... ); null before the first event.</summary>
    public string? CurrentState { get; set; }

    public int Version { get; set; }
    public string RunName { get; set; } = "";

    /// <summary>The accepted <see cref="PlanDocument"/> as JSON; parsed once per process by the plan cache.</summary>
    public string? PlanJson { get; set; }

    public RunOptions? Options { get; set; }

    /// <summary>Workstream id → progress. Entries are immutable records: replace them, never mutate them.</summary>
    public Dictionary<string, WorkstreamProgress> Workstreams { get; set; } = new(StringComparer.Ordinal);

    public string? IntegrationBranch { get; set; }

    /// <summary>The commit the integration branch started from (where a revert goes back to).</summary>
    public string? BaseCommit { get; set; }

    /// <summary>The integration branch's current head; new attempts start here.</summary>
    public string? IntegrationHead { get; set; }

    /// <summary>Number of merges onto the integration branch so far; the next one gets this + 1.</summary>
    public int IntegrationCount { get; set; }

    /// <summary>The branch was reset to its base by compensation; a resume re-integrates DONE workstreams.</summary>
    public bool IntegrationReverted { get; set; }

    /// <summary>RevertIntegration was sent and IntegrationReverted is awaited.</summary>
    public bool RevertRequested { get; set; }

    public string? ArchiveRef { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int MaxWorkers { get; set; }
    public FailurePolicy FailurePolicy { get; set; }

    /// <summary>The plan's default max_attempts; a workstream's circuit_breaker.max_attempts overrides it.</summary>
    public int MaxAttempts { get; set; } = 1;
}
