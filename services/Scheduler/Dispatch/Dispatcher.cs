using Uet.Scheduler.Model;

namespace Uet.Scheduler.Dispatch;

/// <summary>What one dispatch pass decided: workstreams whose dependencies are all DONE, and which to start, in order.</summary>
public sealed record DispatchDecision(IReadOnlyList<string> Promote, IReadOnlyList<string> Start)
{
    public static readonly DispatchDecision None = new([], []);
}

/// <summary>
/// The dispatch rule of DESIGN.md §3, as a pure function of the plan and the workstreams' progress.
/// A workstream starts when all its dependencies are DONE, fewer than max_workers attempts hold a worker,
/// nothing active conflicts with it (overlapping scope or same conflict_group), and parallel_ok is respected.
/// Candidates go longest remaining critical path first, then priority (foreground first), then id.
/// </summary>
public static class Dispatcher
{
    public static DispatchDecision Decide(PlanIndex plan, IReadOnlyDictionary<string, WorkstreamProgress> workstreams, int maxWorkers)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workstreams);
        maxWorkers = Math.Max(1, maxWorkers);

        var promote = new List<string>();
        // Ready and promoted workstreams not yet dispatched. A wide plan can have hundreds of them while only a slot or
        // two is free, so they go into a heap by rank (built in linear time) and only as many come out as can start.
        var candidates = new List<(string Id, int Rank)>();
        var active = new HashSet<string>(StringComparer.Ordinal);
        var busyWorkers = 0;
        var exclusiveActive = false;
        foreach (var (id, progress) in workstreams)
        {
            if (progress.IsActive)
            {
                active.Add(id);
                busyWorkers += progress.HoldsWorker ? 1 : 0;
                exclusiveActive |= !plan.Spec(id).ParallelOk;
            }
            else if (progress.State == WorkstreamStates.Ready)
            {
                if (progress.DispatchedAt is null)
                {
                    candidates.Add((id, plan.RankOf(id)));
                }
            }
            else if (progress.State == WorkstreamStates.Pending && DependenciesDone(plan, id, workstreams))
            {
                promote.Add(id);
                candidates.Add((id, plan.RankOf(id)));
            }
        }

        if (exclusiveActive || busyWorkers >= maxWorkers || candidates.Count == 0)
        {
            return new DispatchDecision(promote, []);
        }

        var queue = new PriorityQueue<string, int>(candidates);
        var start = new List<string>();
        while (busyWorkers < maxWorkers && queue.TryDequeue(out var id, out _))
        {
            if (!plan.Spec(id).ParallelOk)
            {
                if (active.Count == 0)
                {
                    start.Add(id);
                }
                // Either it now runs alone, or it is next in line and waits for the others to drain:
                // starting lower-ranked work around it could postpone it forever.
                break;
            }
            if (ConflictsWithActive(plan, id, active))
            {
                continue;
            }
            start.Add(id);
            active.Add(id);
            busyWorkers++;
        }
        return new DispatchDecision(promote, start);
    }

    /// <summary>The dispatch order: longest remaining path, then foreground before background, then id (ordinal).</summary>
    public static int Compare(PlanIndex plan, string a, string b) => plan.Compare(a, b);

    private static bool DependenciesDone(PlanIndex plan, string id, IReadOnlyDictionary<string, WorkstreamProgress> workstreams)
    {
        foreach (var dependency in plan.Spec(id).DependsOn)
        {
            if (!workstreams.TryGetValue(dependency, out var progress) || progress.State != WorkstreamStates.Done)
            {
                return false;
            }
        }
        return true;
    }

    private static bool ConflictsWithActive(PlanIndex plan, string id, HashSet<string> active)
    {
        if (active.Count == 0)
        {
            return false;
        }
        var conflicts = plan.Conflicts.ConflictsOf(id);
        if (conflicts.Count <= active.Count)
        {
            foreach (var other in conflicts)
            {
                if (active.Contains(other))
                {
                    return true;
                }
            }
            return false;
        }
        foreach (var other in active)
        {
            if (conflicts.Contains(other))
            {
                return true;
            }
        }
        return false;
    }
}
