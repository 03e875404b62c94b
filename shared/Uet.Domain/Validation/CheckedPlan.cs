using Uet.Contracts.Plans;
using Uet.Domain.Graph;
using Uet.Domain.Loading;

namespace Uet.Domain.Validation;

/// <summary>What validation worked out and analysis reuses: one index space (workstreams sorted by id) for everything.</summary>
internal sealed class CheckedPlan
{
    public required LoadedSettings Settings { get; init; }
    public required WorkstreamSpec[] Workstreams { get; init; }
    public required LoadedBundle[] Bundles { get; init; }
    public required PlanGraph Graph { get; init; }

    /// <summary>Null when the dependencies have a cycle.</summary>
    public int[]? TopologicalOrder { get; init; }

    public int[]? Levels { get; init; }

    /// <summary>Null when the dependencies have a cycle.</summary>
    public ConflictGraph? Conflicts { get; init; }
    public Reachability? Reachability { get; init; }

}
