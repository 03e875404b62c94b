using Uet.Contracts.Plans;

namespace Uet.Metrics.Analysis;

/// <summary>Everything derived from one run's events (definitions in docs/reports.md).</summary>
public sealed record RunMetrics
{
    public required Guid RunId { get; init; }
    public required string RunName { get; init; }
    public string? PlanName { get; init; }

    /// <summary>Completed, Failed, Cancelled, Halted, Rejected, Running or Validating.</summary>
    public required string State { get; init; }

    public string? Reason { get; init; }

    /// <summary>RunStarted (else the first event).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The run's end, or its last event while it has none.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The run reached a final state (and was not resumed after it).</summary>
    public bool Finished { get; init; }

    public int MaxWorkers { get; init; }
    public int WorkstreamCount { get; init; }

    /// <summary>StartedAt to EndedAt.</summary>
    public TimeSpan Makespan { get; init; }

    /// <summary>Sum of every attempt's execution time (worker busy time).</summary>
    public TimeSpan WorkTime { get; init; }

    /// <summary>WorkTime ÷ Makespan.</summary>
    public double? AchievedSpeedup { get; init; }

    /// <summary>The Planner's bound: total work ÷ max(critical path, total work ÷ max workers).</summary>
    public double? TheoreticalSpeedup { get; init; }

    /// <summary>The seed's figure: workstreams ÷ waves.</summary>
    public double? SpeedupByWaves { get; init; }

    /// <summary>Achieved ÷ theoretical.</summary>
    public double? ParallelismEfficiency { get; init; }

    /// <summary>WorkTime ÷ (MaxWorkers × Makespan).</summary>
    public double? WorkerUtilisation { get; init; }

    /// <summary>READY to WorkstreamStarted, per attempt.</summary>
    public required DurationStats QueueWait { get; init; }

    /// <summary>Last dependency integrated to the dependent's first start, per workstream that has dependencies.</summary>
    public required DurationStats DispatchLatency { get; init; }

    /// <summary>Attempts beyond each workstream's first.</summary>
    public int Retries { get; init; }

    /// <summary>Attempts the Scheduler declared lost because their heartbeats stopped (LeaseExpired).</summary>
    public int LeaseExpiries { get; init; }
    public int MergeConflicts { get; init; }
    public int IntegrationGateFailures { get; init; }

    /// <summary>By gate type (GATE_UNIT, ACCEPTANCE, ...), sorted by type.</summary>
    public IReadOnlyList<GateStats> Gates { get; init; } = [];

    public required CostSummary Cost { get; init; }
    public required BudgetStatus Budget { get; init; }

    /// <summary>The plan's critical path, first to last.</summary>
    public IReadOnlyList<string> CriticalPath { get; init; } = [];

    /// <summary>The plan's workstreams, sorted by id.</summary>
    public IReadOnlyList<WorkstreamMetrics> Workstreams { get; init; } = [];
}

/// <summary>Nearest-rank percentiles of a set of durations; null when there are no samples.</summary>
public sealed record DurationStats(int Samples, TimeSpan? P50, TimeSpan? P95, TimeSpan? Max)
{
    public static DurationStats Of(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0
            ? new DurationStats(0, null, null, null)
            : new DurationStats(sorted.Count, Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1]);
    }

    /// <summary>The smallest sample with at least <paramref name="q"/> of the samples at or below it.</summary>
    private static TimeSpan Percentile(List<TimeSpan> sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

public sealed record GateStats(string Type, int Evaluated, int Passed)
{
    public int Failed => Evaluated - Passed;

    public double PassRate => Evaluated == 0 ? 0 : (double)Passed / Evaluated;
}

/// <summary>Cost from CostRecorded, tokens from UsageReported; one usage report is (workstream, attempt, sequence).</summary>
public sealed record CostSummary(decimal TotalUsd, int Reports, int UnpricedReports, IReadOnlyList<ModelCost> ByModel);

/// <summary>A usage report is unpriced when the Cost service priced it as unknown, or never priced it.</summary>
public sealed record ModelCost(string Model, decimal CostUsd, long InputTokens, long CachedInputTokens, long OutputTokens, int Reports, int UnpricedReports);

/// <summary>The run budget: none, ok, warning (at or past the threshold) or exceeded; and every budget event.</summary>
public sealed record BudgetStatus(
    string Status,
    decimal? BudgetUsd,
    BudgetMode Mode,
    decimal WarningThreshold,
    decimal SpentUsd,
    decimal? Percent,
    IReadOnlyList<BudgetEvent> Events);

/// <summary>A BudgetWarning (<c>warning</c>) or BudgetExceeded (<c>exceeded</c>); WorkstreamId null for the run budget.</summary>
public sealed record BudgetEvent(string Kind, string? WorkstreamId, decimal SpentUsd, decimal BudgetUsd, decimal Percent, DateTimeOffset At);

public sealed record WorkstreamMetrics
{
    public required string Id { get; init; }

    /// <summary>The saga's last state (PENDING ... DONE, FAILED, CANCELLED, SKIPPED).</summary>
    public required string State { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public bool OnCriticalPath { get; init; }

    /// <summary>Attempts dispatched.</summary>
    public int Attempts { get; init; }

    /// <summary>Sum of its attempts' execution times.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Sum of its attempts' queue waits.</summary>
    public TimeSpan QueueWait { get; init; }

    public DateTimeOffset? IntegratedAt { get; init; }
    public decimal CostUsd { get; init; }
    public decimal? BudgetUsd { get; init; }
    public int GatesEvaluated { get; init; }
    public int GatesPassed { get; init; }

    /// <summary>The last failure's reason, when its last attempt failed.</summary>
    public string? Error { get; init; }

    /// <summary>Each attempt that started, in order: the Gantt chart's bars.</summary>
    public IReadOnlyList<AttemptSpan> Spans { get; init; } = [];
}

/// <summary>
/// One attempt's execution. Outcome: <c>integrated</c>, <c>succeeded</c> (not integrated yet), <c>conflict</c> (merge
/// conflict), <c>failed</c>, <c>cancelled</c>, <c>running</c> (no result yet) or <c>lost</c> (no result, and superseded
/// or the run ended: its end is when that was seen).
/// </summary>
public sealed record AttemptSpan(int Attempt, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome)
{
    public TimeSpan Duration => EndedAt - StartedAt;
}

public static class AttemptOutcomes
{
    public const string Integrated = "integrated";
    public const string Succeeded = "succeeded";
    public const string Conflict = "conflict";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Running = "running";
    public const string Lost = "lost";
}
