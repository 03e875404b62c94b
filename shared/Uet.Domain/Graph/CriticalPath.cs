using Uet.Contracts.Plans;

namespace Uet.Domain;

/// <summary>Longest remaining paths through a plan's dependency graph.</summary>
public static class CriticalPath
{
    /// <summary>
    /// For each workstream, the longest path from it to any sink, counting its own weight
    /// (<c>metadata.estimated_minutes</c>, else 1). The Scheduler dispatches the longest first.
    /// </summary>
    /// <exception cref="ArgumentException">The plan has a dependency cycle (it was not validated).</exception>
    public static IReadOnlyDictionary<string, double> RemainingLengths(PlanDocument plan)
    {
        var graph = Graph.PlanGraph.Build(plan.Workstreams);
        var remaining = Compute(graph, Weights(plan.Workstreams), graph.RequireTopologicalOrder());
        var result = new Dictionary<string, double>(graph.Count, StringComparer.Ordinal);
        for (var i = 0; i < graph.Count; i++)
        {
            result.TryAdd(graph.Ids[i], remaining[i]);
        }
        return result;
    }

    internal static double[] Weights(IReadOnlyList<WorkstreamSpec> workstreams)
    {
        var weights = new double[workstreams.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Weight(workstreams[i]);
        }
        return weights;
    }

    internal static double Weight(WorkstreamSpec ws) =>
        ws.EstimatedMinutes is { } minutes && minutes > 0 ? minutes : 1;

    internal static double[] Compute(Graph.PlanGraph graph, double[] weights, int[] topologicalOrder)
    {
        var remaining = new double[graph.Count];
        for (var k = topologicalOrder.Length - 1; k >= 0; k--)
        {
            var n = topologicalOrder[k];
            var longest = 0.0;
            foreach (var dependent in graph.Dependents[n])
            {
                longest = Math.Max(longest, remaining[dependent]);
            }
            remaining[n] = weights[n] + longest;
        }
        return remaining;
    }
}
