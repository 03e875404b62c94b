using Uet.Contracts.Plans;
using Uet.Scheduler.Dispatch;
using Uet.Scheduler.Model;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

public sealed class DispatcherTests
{
    private static Dictionary<string, WorkstreamProgress> Progress(PlanDocument plan, params (string Id, WorkstreamProgress Progress)[] overrides)
    {
        var progress = plan.Workstreams.ToDictionary(w => w.Id, _ => new WorkstreamProgress(), StringComparer.Ordinal);
        foreach (var (id, p) in overrides)
        {
            progress[id] = p;
        }
        return progress;
    }

    private static WorkstreamProgress InState(string state) => new() { State = state, Attempt = 1 };

    private static readonly WorkstreamProgress Dispatched = new() { State = WorkstreamStates.Ready, Attempt = 1, DispatchedAt = DateTimeOffset.UnixEpoch };

    [Fact]
    public void Only_workstreams_whose_dependencies_are_all_done_are_promoted_and_started()
    {
        var plan = Diamond();
        var index = PlanIndex.Build(plan);

        var first = Dispatcher.Decide(index, Progress(plan), 4);
        Assert.Equal(["a"], first.Promote);
        Assert.Equal(["a"], first.Start);

        var bDone = Dispatcher.Decide(index, Progress(plan, ("a", InState(WorkstreamStates.Done)), ("b", InState(WorkstreamStates.Done))), 4);
        Assert.Equal(["c"], bDone.Start); // d still needs c

        var integrating = Dispatcher.Decide(index, Progress(plan, ("a", InState(WorkstreamStates.Integrating))), 4);
        Assert.Empty(integrating.Promote); // integrating is not integrated
        Assert.Empty(integrating.Start);
    }

    [Fact]
    public void A_workstream_never_starts_beside_an_active_one_with_an_overlapping_scope()
    {
        var plan = Plan(
            Ws("engine", scope: ["core/engine/"]),
            Ws("engine-file", scope: ["core/engine/x.py"]),
            Ws("other", scope: ["docs/"]));
        var index = PlanIndex.Build(plan);

        foreach (var active in new[] { Dispatched, InState(WorkstreamStates.Running), InState(WorkstreamStates.Succeeded), InState(WorkstreamStates.Integrating) })
        {
            var decision = Dispatcher.Decide(index, Progress(plan, ("engine", active)), 8);
            Assert.Equal(["other"], decision.Start);
        }

        // Both ready at once: the first in order starts, the overlapping one waits.
        var together = Dispatcher.Decide(index, Progress(plan), 8);
        Assert.Equal(["engine", "other"], together.Start);
    }

    [Fact]
    public void Same_conflict_group_excludes_even_without_overlap()
    {
        var plan = Plan(
            Ws("m1", scope: ["db/one/"], conflictGroup: "migrations"),
            Ws("m2", scope: ["db/two/"], conflictGroup: "migrations"),
            Ws("x", scope: ["x/"]));
        var decision = Dispatcher.Decide(PlanIndex.Build(plan), Progress(plan, ("m1", InState(WorkstreamStates.Running))), 8);
        Assert.Equal(["x"], decision.Start);
    }

    [Fact]
    public void Parallel_ok_false_runs_alone_and_waits_for_the_others_to_drain()
    {
        var plan = Plan(
            Ws("solo", parallelOk: false, minutes: 10),
            Ws("p", minutes: 1),
            Ws("q", minutes: 1));
        var index = PlanIndex.Build(plan);

        Assert.Equal(["solo"], Dispatcher.Decide(index, Progress(plan), 8).Start);
        Assert.Empty(Dispatcher.Decide(index, Progress(plan, ("solo", InState(WorkstreamStates.Running))), 8).Start);
        Assert.Empty(Dispatcher.Decide(index, Progress(plan, ("solo", InState(WorkstreamStates.Integrating))), 8).Start);

        // solo is next in line but p runs: nothing else starts around it, so it cannot be postponed forever.
        Assert.Empty(Dispatcher.Decide(index, Progress(plan, ("p", InState(WorkstreamStates.Running))), 8).Start);
        Assert.Equal(["solo"], Dispatcher.Decide(index, Progress(plan, ("p", InState(WorkstreamStates.Done))), 8).Start);
    }

    [Fact]
    public void Lower_ranked_exclusive_workstream_lets_higher_ranked_ones_run_first()
    {
        var plan = Plan(
            Ws("solo", parallelOk: false, minutes: 1),
            Ws("long", minutes: 5),
            Ws("longer", minutes: 6));
        var decision = Dispatcher.Decide(PlanIndex.Build(plan), Progress(plan), 8);
        Assert.Equal(["longer", "long"], decision.Start);
    }

    [Fact]
    public void At_most_max_workers_hold_a_worker_and_integrating_ones_do_not_count()
    {
        var plan = Plan(Ws("a"), Ws("b"), Ws("c"), Ws("d"), Ws("e"));
        var index = PlanIndex.Build(plan);

        Assert.Equal(["a", "b"], Dispatcher.Decide(index, Progress(plan), 2).Start);
        Assert.Equal(["b"], Dispatcher.Decide(index, Progress(plan, ("a", Dispatched)), 2).Start);
        Assert.Empty(Dispatcher.Decide(index, Progress(plan, ("a", Dispatched), ("b", InState(WorkstreamStates.Running))), 2).Start);
        Assert.Equal(
            ["c", "d"],
            Dispatcher.Decide(index, Progress(plan, ("a", InState(WorkstreamStates.Integrating)), ("b", InState(WorkstreamStates.Succeeded))), 2).Start);
        Assert.Equal(["a"], Dispatcher.Decide(index, Progress(plan), 0).Start); // at least one worker
    }

    [Fact]
    public void Order_is_longest_remaining_path_then_foreground_then_id()
    {
        var plan = Plan(
            Ws("z-long", minutes: 1),
            Ws("tail", ["z-long"], minutes: 5),
            Ws("b-bg", priority: "background", minutes: 3),
            Ws("a-bg", priority: "background", minutes: 3),
            Ws("c-fg", minutes: 3),
            Ws("short", minutes: 1));
        var decision = Dispatcher.Decide(PlanIndex.Build(plan), Progress(plan), 8);
        Assert.Equal(["z-long", "c-fg", "a-bg", "b-bg", "short"], decision.Start);
    }

    [Fact]
    public void Ready_but_undispatched_workstreams_are_candidates_again()
    {
        var plan = Plan(Ws("a"), Ws("b"));
        var retry = new WorkstreamProgress { State = WorkstreamStates.Ready, Attempt = 1, Failures = 1 };
        var decision = Dispatcher.Decide(PlanIndex.Build(plan), Progress(plan, ("a", retry), ("b", InState(WorkstreamStates.Failed))), 4);
        Assert.Empty(decision.Promote);
        Assert.Equal(["a"], decision.Start);
    }

    [Fact]
    public void In_a_wide_run_the_best_ranked_start_even_when_everything_ranked_above_them_conflicts()
    {
        // 40 long migrations in one conflict group (one of them running), then 30 short independent ones: the
        // dispatcher looks at the best few candidates first, and must look further when all of those conflict.
        var migrations = Enumerable.Range(0, 40).Select(i => Ws($"m{i:00}", scope: [$"db/{i}/"], conflictGroup: "migrations", minutes: 10));
        var docs = Enumerable.Range(0, 30).Select(i => Ws($"d{i:00}", scope: [$"docs/{i}/"], minutes: 1));
        var plan = Plan([.. migrations, .. docs]);
        var index = PlanIndex.Build(plan);

        var decision = Dispatcher.Decide(index, Progress(plan, ("m00", InState(WorkstreamStates.Running))), 3);
        Assert.Equal(["d00", "d01"], decision.Start);

        // Nothing running: the best migration and then the best of the rest, never two migrations together.
        Assert.Equal(["m00", "d00", "d01"], Dispatcher.Decide(index, Progress(plan), 3).Start);
        Assert.Equal(70, Dispatcher.Decide(index, Progress(plan), 3).Promote.Count);
    }
}
