using Uet.Contracts.Plans;
using Uet.Domain.Validation;

namespace Uet.Domain.Analysis;

/// <summary>The dry-run figures of a valid plan. Every list is sorted, so the same plan always gives the same analysis.</summary>
internal static class PlanAnalyzer
{
    /// <summary>Only the strongest bottlenecks are listed.</summary>
    private const int BottleneckLimit = 10;

    public static PlanAnalysis Analyze(CheckedPlan plan)
    {
        var graph = plan.Graph;
        var order = plan.TopologicalOrder!;
        var levels = plan.Levels!;
        var workstreams = plan.Workstreams;
        var maxWorkers = plan.Settings.Settings.MaxWorkers;

        var weights = CriticalPath.Weights(workstreams);
        var remaining = CriticalPath.Compute(graph, weights, order);
        var waves = WavePlanner.Plan(plan, remaining, maxWorkers);
        var levelLists = LevelLists(levels, graph.Ids);
        var (path, length) = LongestPath(graph, remaining);
        var totalWork = weights.Sum();

        return new PlanAnalysis
        {
            WorkstreamCount = graph.Count,
            MaxWorkers = maxWorkers,
            Levels = levelLists,
            Waves = waves.Select(w => (IReadOnlyList<string>)w.Select(i => graph.Ids[i]).ToArray()).ToArray(),
            CriticalPath = path,
            CriticalPathLength = length,
            TotalWork = totalWork,
            WeightedByEstimates = workstreams.Any(w => w.EstimatedMinutes is not null),
            SpeedupByWaves = waves.Count == 0 ? 0 : Round((double)graph.Count / waves.Count),
            SpeedupBound = length == 0 ? 0 : Round(totalWork / Math.Max(length, totalWork / maxWorkers)),
            MaxParallelism = levelLists.Count == 0 ? 0 : levelLists.Max(l => l.Count),
            Bottlenecks = Bottlenecks(plan),
            TotalBudgetUsd = workstreams.Sum(w => w.MaxCostUsd ?? 0),
            WorkstreamsWithoutBudget = workstreams.Count(w => w.MaxCostUsd is null),
        };
    }

    private static double Round(double value) => Math.Round(value, 4, MidpointRounding.ToEven);

    private static IReadOnlyList<IReadOnlyList<string>> LevelLists(int[] levels, string[] ids)
    {
        var count = levels.Length == 0 ? 0 : levels.Max() + 1;
        var lists = new List<string>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = [];
        }
        // Indexes follow id order, so each level's list comes out sorted.
        for (var i = 0; i < levels.Length; i++)
        {
            lists[levels[i]].Add(ids[i]);
        }
        return lists;
    }

    /// <summary>From the start with the longest remaining path, follow the longest dependent; ties go to the smaller id.</summary>
    private static (IReadOnlyList<string> Path, double Length) LongestPath(Graph.PlanGraph graph, double[] remaining)
    {
        if (graph.Count == 0)
        {
            return ([], 0);
        }
        var best = -1;
        for (var i = 0; i < graph.Count; i++)
        {
            if (graph.Dependencies[i].Length == 0 && (best < 0 || remaining[i] > remaining[best]))
            {
                best = i;
            }
        }
        var path = new List<string>();
        var length = remaining[best];
        for (var at = best; at >= 0;)
        {
            path.Add(graph.Ids[at]);
            var next = -1;
            foreach (var d in graph.Dependents[at])
            {
                if (next < 0 || remaining[d] > remaining[next] || (remaining[d] == remaining[next] && d < next))
                {
                    next = d;
                }
            }
            at = next;
        }
        return (path, length);
    }

    /// <summary>
    /// Workstreams with unusually many direct dependents (a delay there holds up many) or dependencies (it
    /// waits for everyone): at least 3 and at least twice the plan's average degree.
    /// </summary>
    private static IReadOnlyList<Bottleneck> Bottlenecks(CheckedPlan plan)
    {
        var graph = plan.Graph;
        if (graph.Count == 0)
        {
            return [];
        }
        var edges = graph.Dependencies.Sum(d => (long)d.Length);
        var threshold = Math.Max(3, (int)Math.Ceiling(2.0 * edges / graph.Count));
        var found = new List<Bottleneck>();
        for (var i = 0; i < graph.Count; i++)
        {
            var dependents = graph.Dependents[i].Length;
            var dependencies = graph.Dependencies[i].Length;
            if (dependents < threshold && dependencies < threshold)
            {
                continue;
            }
            var reasons = new List<string>();
            if (dependents >= threshold)
            {
                reasons.Add($"fan-out: {dependents} workstreams wait for it");
            }
            if (dependencies >= threshold)
            {
                reasons.Add($"fan-in: it waits for {dependencies} workstreams");
            }
            found.Add(new Bottleneck(graph.Ids[i], dependents, dependencies, string.Join("; ", reasons)));
        }
        return found
            .OrderByDescending(b => Math.Max(b.Dependents, b.Dependencies))
            .ThenByDescending(b => b.Dependents + b.Dependencies)
            .ThenBy(b => b.WorkstreamId, StringComparer.Ordinal)
            .Take(BottleneckLimit)
            .ToArray();
    }
}
