using Uet.Contracts.Plans;

namespace Uet.Domain.Graph;

/// <summary>
/// The dependency graph of a plan over integer indexes (the position in <see cref="Ids"/>), so the
/// analyses run on arrays rather than dictionaries. Unknown and duplicate dependencies are dropped;
/// the validator reports them.
/// </summary>
internal sealed class PlanGraph
{
    private PlanGraph(string[] ids, Dictionary<string, int> index, int[][] dependencies, int[][] dependents)
    {
        Ids = ids;
        Index = index;
        Dependencies = dependencies;
        Dependents = dependents;
    }

    public string[] Ids { get; }
    public Dictionary<string, int> Index { get; }

    /// <summary>For each workstream, the workstreams it waits for.</summary>
    public int[][] Dependencies { get; }

    /// <summary>For each workstream, the workstreams waiting for it, ascending by index.</summary>
    public int[][] Dependents { get; }

    public int Count => Ids.Length;

    /// <summary>
    /// Builds the graph; with duplicate ids the first workstream of that id wins. Dependencies that name no
    /// workstream, or the workstream itself, are left out and passed to <paramref name="onDropped"/>.
    /// </summary>
    public static PlanGraph Build(IReadOnlyList<WorkstreamSpec> workstreams, Action<int, string>? onDropped = null)
    {
        var ids = new string[workstreams.Count];
        var index = new Dictionary<string, int>(workstreams.Count, StringComparer.Ordinal);
        for (var i = 0; i < workstreams.Count; i++)
        {
            ids[i] = workstreams[i].Id;
            index.TryAdd(ids[i], i);
        }

        var dependencies = new int[workstreams.Count][];
        var dependentCounts = new int[workstreams.Count];
        var scratch = new List<int>();
        for (var i = 0; i < workstreams.Count; i++)
        {
            scratch.Clear();
            foreach (var dep in workstreams[i].DependsOn)
            {
                if (!index.TryGetValue(dep, out var d) || d == i)
                {
                    onDropped?.Invoke(i, dep);
                }
                else if (!scratch.Contains(d))
                {
                    scratch.Add(d);
                    dependentCounts[d]++;
                }
            }
            dependencies[i] = [.. scratch];
        }

        var dependents = new int[workstreams.Count][];
        for (var i = 0; i < dependents.Length; i++)
        {
            dependents[i] = new int[dependentCounts[i]];
            dependentCounts[i] = 0;
        }
        for (var i = 0; i < dependencies.Length; i++)
        {
            foreach (var d in dependencies[i])
            {
                dependents[d][dependentCounts[d]++] = i;
            }
        }
        return new PlanGraph(ids, index, dependencies, dependents);
    }

    /// <summary>
    /// Kahn's order (dependencies before dependents). Returns false when a cycle leaves some workstreams
    /// unordered; <paramref name="order"/> then holds only the ordered ones.
    /// </summary>
    public bool TryTopologicalOrder(out int[] order)
    {
        var remaining = new int[Count];
        var queue = new Queue<int>();
        for (var i = 0; i < Count; i++)
        {
            remaining[i] = Dependencies[i].Length;
            if (remaining[i] == 0)
            {
                queue.Enqueue(i);
            }
        }
        var result = new List<int>(Count);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            result.Add(n);
            foreach (var dependent in Dependents[n])
            {
                if (--remaining[dependent] == 0)
                {
                    queue.Enqueue(dependent);
                }
            }
        }
        order = [.. result];
        return order.Length == Count;
    }

    /// <summary>Topological level: 0 for workstreams without dependencies, else 1 + the deepest dependency.</summary>
    public int[] Levels(int[] topologicalOrder)
    {
        var levels = new int[Count];
        foreach (var n in topologicalOrder)
        {
            var level = 0;
            foreach (var d in Dependencies[n])
            {
                level = Math.Max(level, levels[d] + 1);
            }
            levels[n] = level;
        }
        return levels;
    }

    public int[] RequireTopologicalOrder() =>
        TryTopologicalOrder(out var order)
            ? order
            : throw new ArgumentException("The plan's dependencies form a cycle; validate the plan first.");
}
