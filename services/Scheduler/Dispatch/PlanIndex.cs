using Uet.Contracts.Plans;
using Uet.Domain;

namespace Uet.Scheduler.Dispatch;

/// <summary>
/// What dispatch needs to know about a plan, computed once per run (plans can have thousands of workstreams):
/// specs by id, dependents, the conflict graph and the remaining critical-path length of each workstream.
/// </summary>
public sealed class PlanIndex
{
    private PlanIndex(
        PlanDocument plan,
        IReadOnlyDictionary<string, WorkstreamSpec> specs,
        IReadOnlyDictionary<string, string[]> dependents,
        ConflictGraph conflicts,
        IReadOnlyDictionary<string, double> remaining)
    {
        Plan = plan;
        Specs = specs;
        Dependents = dependents;
        Conflicts = conflicts;
        Remaining = remaining;
    }

    public PlanDocument Plan { get; }
    public IReadOnlyDictionary<string, WorkstreamSpec> Specs { get; }

    /// <summary>Workstream id → the workstreams that list it in depends_on.</summary>
    public IReadOnlyDictionary<string, string[]> Dependents { get; }

    public ConflictGraph Conflicts { get; }

    /// <summary>Longest path from each workstream to the end of the plan, counting itself.</summary>
    public IReadOnlyDictionary<string, double> Remaining { get; }

    public static PlanIndex Build(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var specs = new Dictionary<string, WorkstreamSpec>(plan.Workstreams.Count, StringComparer.Ordinal);
        var dependents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var spec in plan.Workstreams)
        {
            specs[spec.Id] = spec;
            foreach (var dependency in spec.DependsOn)
            {
                if (!dependents.TryGetValue(dependency, out var list))
                {
                    dependents[dependency] = list = [];
                }
                list.Add(spec.Id);
            }
        }
        return new PlanIndex(
            plan,
            specs,
            dependents.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            ConflictGraph.Build(plan),
            CriticalPath.RemainingLengths(plan));
    }

    public WorkstreamSpec Spec(string id) =>
        Specs.TryGetValue(id, out var spec) ? spec : throw new KeyNotFoundException($"Workstream '{id}' is not in plan '{Plan.Name}'.");

    public IReadOnlyList<string> DependentsOf(string id) => Dependents.TryGetValue(id, out var list) ? list : [];

    public double RemainingOf(string id) => Remaining.TryGetValue(id, out var length) ? length : 0;

    /// <summary>Dispatch rank by priority: foreground first, then anything else (background).</summary>
    public static int PriorityRank(WorkstreamSpec spec) =>
        string.Equals(spec.Priority, "foreground", StringComparison.OrdinalIgnoreCase) ? 0 : 1;
}
