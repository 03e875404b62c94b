using Uet.Domain.Graph;
using Uet.Domain.Loading;

namespace Uet.Domain.Validation;

/// <summary>Names the dependency cycles of a plan: one error per strongly connected group, showing one cycle through it.</summary>
internal static class CycleFinder
{
    public static void Report(LoadedBundle[] bundles, PlanGraph graph, DiagnosticSink sink)
    {
        foreach (var component in StronglyConnected(graph))
        {
            if (component.Count < 2)
            {
                continue; // a self dependency is reported on its own and is not an edge of the graph
            }
            var start = component.Min();
            var cycle = ShortestCycle(graph, start, component);
            var text = string.Join(" -> ", cycle.Select(i => graph.Ids[i]));
            var bundle = bundles[start];
            sink.Error(DiagnosticCodes.Cycle, $"Dependency cycle: {text}.",
                $"Remove one of these depends_on entries so the workstreams can be ordered: {string.Join(", ", cycle.Zip(cycle.Skip(1)).Select(p => $"{graph.Ids[p.First]} -> {graph.Ids[p.Second]}"))}.",
                bundle.Source.Path, bundle.Spec.Id, BundleFields.DependsOn, bundle.PositionOf(BundleFields.DependsOn));
        }
    }

    /// <summary>Breadth-first along depends_on inside the component, from <paramref name="start"/> back to it.</summary>
    private static List<int> ShortestCycle(PlanGraph graph, int start, HashSet<int> component)
    {
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var dep in graph.Dependencies[node].Order())
            {
                if (dep == start)
                {
                    var path = new List<int> { start };
                    for (var at = node; at != start; at = parent[at])
                    {
                        path.Add(at);
                    }
                    path.Add(start);
                    // path is start, (walked back), start: reverse the inner part into depends_on order
                    path.Reverse(1, path.Count - 2);
                    return path;
                }
                if (component.Contains(dep) && parent.TryAdd(dep, node))
                {
                    queue.Enqueue(dep);
                }
            }
        }
        return [start, start];
    }

    /// <summary>Tarjan's algorithm, iterative so long chains cannot overflow the stack; components in a stable order.</summary>
    private static List<HashSet<int>> StronglyConnected(PlanGraph graph)
    {
        var n = graph.Count;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var components = new List<HashSet<int>>();
        var next = 0;
        var work = new Stack<(int Node, int Edge)>();

        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (v, edge) = work.Pop();
                if (edge == 0 && index[v] < 0)
                {
                    index[v] = low[v] = next++;
                    stack.Push(v);
                    onStack[v] = true;
                }
                var deps = graph.Dependencies[v];
                if (edge < deps.Length)
                {
                    work.Push((v, edge + 1));
                    var w = deps[edge];
                    if (index[w] < 0)
                    {
                        work.Push((w, 0));
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v])
                {
                    var component = new HashSet<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    }
                    while (w != v);
                    components.Add(component);
                }
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }
        components.Sort((a, b) => a.Min().CompareTo(b.Min()));
        return components;
    }
}
