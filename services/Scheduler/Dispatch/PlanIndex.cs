using Uet.Contracts.Plans;
using Uet.Domain;

namespace Uet.Scheduler.Dispatch;

/// <summary>
/// What dispatch needs to know about a plan, computed once per run (plans can have thousands of workstreams):
/// specs by id, dependents, the conflict graph and the remaining critical-path length of each workstream.
/// </summary>
public sealed class PlanIndex
{
    private readonly Dictionary<string, int> _rank;

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
        var order = specs.Keys.ToList();
        order.Sort(Compare);
        DispatchOrder = order;
        var rank = new Dictionary<string, int>(order.Count, StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            rank[order[i]] = i;
        }
        _rank = rank;
    }

    public PlanDocument Plan { get; }
    public IReadOnlyDictionary<string, WorkstreamSpec> Specs { get; }

    /// <summary>Workstream id → the workstreams that list it in depends_on.</summary>
    public IReadOnlyDictionary<string, string[]> Dependents { get; }

    public ConflictGraph Conflicts { get; }

    /// <summary>
    /// Every workstream in dispatch order: longest remaining path, then foreground before background, then id
    /// (ordinal). The order depends on the plan only, so it is sorted once, not on every dispatch.
    /// </summary>
    public IReadOnlyList<string> DispatchOrder { get; }

    /// <summary>A workstream's position in <see cref="DispatchOrder"/>, to order a few candidates without walking all of it.</summary>
    public int RankOf(string id) => _rank[id];

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
            ConflictGraph.Build(plan, includeScopes: plan.Settings.OverlapPolicy == OverlapPolicy.Serialize),
            CriticalPath.RemainingLengths(plan));
    }

    public WorkstreamSpec Spec(string id) =>
        Specs.TryGetValue(id, out var spec) ? spec : throw new KeyNotFoundException($"Workstream '{id}' is not in plan '{Plan.Name}'.");

    public IReadOnlyList<string> DependentsOf(string id) => Dependents.TryGetValue(id, out var list) ? list : [];

    public double RemainingOf(string id) => Remaining.TryGetValue(id, out var length) ? length : 0;

    public int Compare(string a, string b)
    {
        var byLength = RemainingOf(b).CompareTo(RemainingOf(a));
        if (byLength != 0)
        {
            return byLength;
        }
        var byPriority = PriorityRank(Spec(a)).CompareTo(PriorityRank(Spec(b)));
        return byPriority != 0 ? byPriority : string.CompareOrdinal(a, b);
    }

    /// <summary>Dispatch rank by priority: foreground first, then anything else (background).</summary>
    public static int PriorityRank(WorkstreamSpec spec) =>
        string.Equals(spec.Priority, "foreground", StringComparison.OrdinalIgnoreCase) ? 0 : 1;
}
