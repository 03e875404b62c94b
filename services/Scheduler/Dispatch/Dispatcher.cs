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

        List<string>? promote = null;
        var active = new HashSet<string>(StringComparer.Ordinal);
        var busyWorkers = 0;
        var exclusiveActive = false;
        var candidates = 0;
        foreach (var (id, progress) in workstreams)
        {
            if (progress.IsActive)
            {
                active.Add(id);
                busyWorkers += progress.HoldsWorker ? 1 : 0;
                exclusiveActive |= !plan.Spec(id).ParallelOk;
            }
            else if (IsWaitingReady(progress))
            {
                candidates++;
            }
            else if (progress.State == WorkstreamStates.Pending && DependenciesDone(plan, id, workstreams))
            {
                (promote ??= []).Add(id);
                candidates++;
            }
        }

        IReadOnlyList<string> promoted = promote ?? [];
        if (exclusiveActive || busyWorkers >= maxWorkers || candidates == 0)
        {
            return new DispatchDecision(promoted, []);
        }

        // A wide run can have thousands of candidates while a slot or two is free: keep only the best few by rank
        // (a bounded heap, no list of all of them on every message), and all of them only if conflicts passed over
        // every one of the few.
        var free = maxWorkers - busyWorkers;
        var few = Math.Min(candidates, Math.Max(4 * free, 16));
        var start = Pick(plan, Best(plan, workstreams, promoted, few), active, free, out var exhausted);
        if (exhausted && few < candidates)
        {
            start = Pick(plan, Best(plan, workstreams, promoted, candidates), active, free, out _);
        }
        return new DispatchDecision(promoted, start);
    }

    private static bool IsWaitingReady(WorkstreamProgress progress) =>
        progress.State == WorkstreamStates.Ready && progress.DispatchedAt is null;

    /// <summary>Up to <paramref name="count"/> candidates with the lowest ranks, in rank order.</summary>
    private static List<string> Best(PlanIndex plan, IReadOnlyDictionary<string, WorkstreamProgress> workstreams, IReadOnlyList<string> promoted, int count)
    {
        // A max-heap by rank: its top is the worst of the best so far, replaced by anything ranked better.
        var heap = new PriorityQueue<string, int>(count, Comparer<int>.Create(static (a, b) => b.CompareTo(a)));
        void Offer(string id)
        {
            var rank = plan.RankOf(id);
            if (heap.Count < count)
            {
                heap.Enqueue(id, rank);
            }
            else if (heap.TryPeek(out _, out var worst) && rank < worst)
            {
                heap.DequeueEnqueue(id, rank);
            }
        }

        foreach (var (id, progress) in workstreams)
        {
            if (IsWaitingReady(progress))
            {
                Offer(id);
            }
        }
        foreach (var id in promoted)
        {
            Offer(id);
        }

        var best = new List<string>(heap.Count);
        while (heap.TryDequeue(out var id, out _))
        {
            best.Add(id);
        }
        best.Reverse();
        return best;
    }

    /// <summary>
    /// Walks <paramref name="ordered"/> and starts what fits; <paramref name="exhausted"/>: it ran out of candidates
    /// with slots still free (so a longer list might start more).
    /// </summary>
    private static List<string> Pick(PlanIndex plan, List<string> ordered, HashSet<string> activeBefore, int free, out bool exhausted)
    {
        var active = new HashSet<string>(activeBefore, StringComparer.Ordinal);
        var start = new List<string>();
        exhausted = false;
        foreach (var id in ordered)
        {
            if (start.Count >= free)
            {
                return start;
            }
            if (!plan.Spec(id).ParallelOk)
            {
                if (active.Count == 0)
                {
                    start.Add(id);
                }
                // Either it now runs alone, or it is next in line and waits for the others to drain:
                // starting lower-ranked work around it could postpone it forever.
                return start;
            }
            if (ConflictsWithActive(plan, id, active))
            {
                continue;
            }
            start.Add(id);
            active.Add(id);
        }
        exhausted = start.Count < free;
        return start;
    }

    /// <summary>The dispatch order: longest remaining path, then foreground before background, then id (ordinal).</summary>
    public static int Compare(PlanIndex plan, string a, string b) => plan.Compare(a, b);

    private static bool DependenciesDone(PlanIndex plan, string id, IReadOnlyDictionary<string, WorkstreamProgress> workstreams)
    {
        // Indexed: a foreach over the interface would allocate an enumerator for every pending workstream on every
        // decision (about 25 MB in a 1,000-workstream run).
        var dependencies = plan.Spec(id).DependsOn;
        for (var i = 0; i < dependencies.Count; i++)
        {
            if (!workstreams.TryGetValue(dependencies[i], out var progress) || progress.State != WorkstreamStates.Done)
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
