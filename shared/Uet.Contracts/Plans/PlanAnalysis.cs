namespace Uet.Contracts.Plans;

/// <summary>The dry-run analysis of a valid plan. Deterministic: every list is sorted.</summary>
public sealed record PlanAnalysis
{
    public int WorkstreamCount { get; init; }
    public int MaxWorkers { get; init; }
    public IReadOnlyList<IReadOnlyList<string>> Levels { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<string>> Waves { get; init; } = [];
    public IReadOnlyList<string> CriticalPath { get; init; } = [];
    public double CriticalPathLength { get; init; }
    public double TotalWork { get; init; }
    public bool WeightedByEstimates { get; init; }

    /// <summary>The seed's figure: workstreams ÷ waves.</summary>
    public double SpeedupByWaves { get; init; }

    /// <summary>total work ÷ max(critical path, total work ÷ max_workers).</summary>
    public double SpeedupBound { get; init; }

    public int MaxParallelism { get; init; }
    public IReadOnlyList<Bottleneck> Bottlenecks { get; init; } = [];
    public IReadOnlyList<ScopeConflict> Conflicts { get; init; } = [];
    public decimal TotalBudgetUsd { get; init; }
    public int WorkstreamsWithoutBudget { get; init; }
}

/// <summary>A workstream many others wait for (fan-in or fan-out).</summary>
public sealed record Bottleneck(string WorkstreamId, int Dependents, int Dependencies, string Reason);

/// <summary>Two workstreams that may not run at the same time, and why.</summary>
public sealed record ScopeConflict(string First, string Second, string Reason);
