using System.Collections.Concurrent;

using Uet.Contracts.Plans;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;

namespace Uet.Scheduler.Dispatch;

/// <summary>
/// Plan indexes by run, for the life of the process. The saga row keeps the plan as JSON; after a restart
/// the first message of a run parses it and builds the index again.
/// </summary>
public sealed class PlanCache
{
    private readonly ConcurrentDictionary<Guid, PlanIndex> _indexes = new();

    public PlanIndex Put(Guid runId, PlanDocument plan)
    {
        var index = PlanIndex.Build(plan);
        _indexes[runId] = index;
        return index;
    }

    public PlanIndex Get(RunState run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _indexes.GetOrAdd(run.CorrelationId, static (_, r) => PlanIndex.Build(ParsePlan(r)), run);
    }

    public bool Contains(Guid runId) => _indexes.ContainsKey(runId);

    /// <summary>Frees a finished run's index; a resume rebuilds it.</summary>
    public void Forget(Guid runId) => _indexes.TryRemove(runId, out _);

    private static PlanDocument ParsePlan(RunState run) =>
        run.PlanJson is { } json
            ? SchedulerJson.Deserialize<PlanDocument>(json)
            : throw new InvalidOperationException($"Run {run.RunName} ({run.CorrelationId}) has no accepted plan yet.");
}
