using Uet.Contracts.Plans;
using Uet.Domain.Validation;

namespace Uet.Domain.Analysis;

/// <summary>
/// Simulates dispatch in lock-step waves: a workstream joins a wave once all its dependencies are in earlier
/// waves, at most <c>max_workers</c> per wave, never with a conflicting workstream, and alone when
/// <c>parallel_ok</c> is false. Among the ready ones the scheduler's order applies: longest remaining
/// critical path, then foreground before background, then id.
/// </summary>
internal static class WavePlanner
{
    public static List<int[]> Plan(CheckedPlan plan, double[] remaining, int maxWorkers)
    {
        var graph = plan.Graph;
        var conflicts = plan.Conflicts!;
        var workstreams = plan.Workstreams;
        var waiting = new int[graph.Count];
        var ready = new PriorityQueue<int, (double Remaining, int Background, int Index)>(graph.Count, Comparer<(double, int, int)>.Create(
            (x, y) =>
            {
                var c = y.Item1.CompareTo(x.Item1);
                if (c == 0) c = x.Item2.CompareTo(y.Item2);
                return c != 0 ? c : x.Item3.CompareTo(y.Item3);
            }));
        void MakeReady(int i) => ready.Enqueue(i, (remaining[i], workstreams[i].Priority == "background" ? 1 : 0, i));

        for (var i = 0; i < graph.Count; i++)
        {
            waiting[i] = graph.Dependencies[i].Length;
            if (waiting[i] == 0)
            {
                MakeReady(i);
            }
        }

        var waves = new List<int[]>();
        var inWave = new bool[graph.Count];
        var wave = new List<int>();
        var deferred = new List<int>();
        var placed = 0;
        while (placed < graph.Count)
        {
            wave.Clear();
            deferred.Clear();
            while (ready.Count > 0 && wave.Count < maxWorkers)
            {
                var candidate = ready.Dequeue();
                if (!workstreams[candidate].ParallelOk)
                {
                    if (wave.Count == 0)
                    {
                        wave.Add(candidate);
                        break;
                    }
                    deferred.Add(candidate);
                    continue;
                }
                if (ConflictsWithWave(conflicts.NeighboursAt(candidate), inWave))
                {
                    deferred.Add(candidate);
                    continue;
                }
                wave.Add(candidate);
                inWave[candidate] = true;
            }
            if (wave.Count == 0)
            {
                throw new InvalidOperationException("No workstream could be placed; the plan was not validated.");
            }
            foreach (var d in deferred)
            {
                MakeReady(d);
            }
            var done = wave.ToArray();
            Array.Sort(done);
            waves.Add(done);
            placed += done.Length;
            foreach (var w in done)
            {
                inWave[w] = false;
                foreach (var dependent in graph.Dependents[w])
                {
                    if (--waiting[dependent] == 0)
                    {
                        MakeReady(dependent);
                    }
                }
            }
        }
        return waves;
    }

    private static bool ConflictsWithWave(ReadOnlySpan<int> neighbours, bool[] inWave)
    {
        foreach (var n in neighbours)
        {
            if (inWave[n])
            {
                return true;
            }
        }
        return false;
    }
}
