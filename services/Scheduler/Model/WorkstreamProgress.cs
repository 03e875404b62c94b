using System.Text.Json.Serialization;

using Uet.Contracts;

namespace Uet.Scheduler.Model;

/// <summary>
/// Where one workstream stands in its run. Immutable: a change replaces the entry in
/// <see cref="RunState.Workstreams"/>, which is what lets EF Core see the change cheaply.
/// </summary>
public sealed record WorkstreamProgress
{
    public string State { get; init; } = WorkstreamStates.Pending;

    /// <summary>The latest dispatched attempt (0 before the first). Results of any other attempt are stale.</summary>
    public int Attempt { get; init; }

    /// <summary>Failed attempts since the last resume; a retry is allowed while this stays below max_attempts.</summary>
    public int Failures { get; init; }

    /// <summary>Attempts lost because their worker stopped sending heartbeats; these do not count as failures.</summary>
    public int LeaseExpiries { get; init; }

    public string? WorkerId { get; init; }
    public string? Branch { get; init; }
    public string? Commit { get; init; }
    public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>Set while the latest attempt is dispatched and not yet finished: it holds a worker slot.</summary>
    public DateTimeOffset? DispatchedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>Position in the integration branch's history (1 = first merged).</summary>
    public int? IntegratedOrder { get; init; }

    public FailureKind? FailureKind { get; init; }
    public string? Error { get; init; }

    /// <summary>READY and handed to a worker, but no WorkstreamStarted yet.</summary>
    [JsonIgnore]
    public bool IsDispatched => State == WorkstreamStates.Ready && DispatchedAt is not null;

    /// <summary>Occupies a worker: dispatched or running.</summary>
    [JsonIgnore]
    public bool HoldsWorker => IsDispatched || State == WorkstreamStates.Running;

    /// <summary>Touches files right now (a worker edits them, or the integration merges them).</summary>
    [JsonIgnore]
    public bool IsActive => HoldsWorker || State is WorkstreamStates.Succeeded or WorkstreamStates.Integrating;
}
