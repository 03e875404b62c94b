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
        var active = new HashSet<string>(StringComparer.Ordinal);
        var busyWorkers = 0;
        var exclusiveActive = false;
        var anyCandidate = false;
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
                anyCandidate = true;
            }
            else if (progress.State == WorkstreamStates.Pending && DependenciesDone(plan, id, workstreams))
            {
                promote.Add(id);
                anyCandidate = true;
            }
        }

        if (exclusiveActive || busyWorkers >= maxWorkers || !anyCandidate)
        {
            return new DispatchDecision(promote, []);
        }

        var promoted = promote.Count == 0 ? null : new HashSet<string>(promote, StringComparer.Ordinal);
        var start = new List<string>();
        foreach (var id in plan.DispatchOrder)
        {
            if (busyWorkers >= maxWorkers)
            {
                break;
            }
            if (!IsCandidate(id, workstreams, promoted))
            {
                continue;
            }
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

    private static bool IsCandidate(string id, IReadOnlyDictionary<string, WorkstreamProgress> workstreams, HashSet<string>? promoted) =>
        workstreams.TryGetValue(id, out var progress)
        && ((progress.State == WorkstreamStates.Ready && progress.DispatchedAt is null) || (promoted?.Contains(id) ?? false));

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
