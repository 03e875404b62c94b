using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Metrics.Analysis;
using Uet.Metrics.Reports;
using Uet.Metrics.Tests.Infrastructure;

namespace Uet.Metrics.Tests;

public sealed class RunMetricsCalculatorTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Fact]
    public void Known_run_gives_the_figures_worked_out_by_hand()
    {
        var m = RunMetricsCalculator.Calculate(KnownRun.Events().Events);

        Assert.Equal((KnownRun.RunId, "known", "known-plan", "Completed", true), (m.RunId, m.RunName, m.PlanName, m.State, m.Finished));
        Assert.Equal(EventSequence.At(1), m.StartedAt);
        Assert.Equal(EventSequence.At(47), m.EndedAt);
        Assert.Equal((2, 4), (m.MaxWorkers, m.WorkstreamCount));
        Assert.Equal(46 * S, m.Makespan);
        Assert.Equal(41 * S, m.WorkTime);
        Assert.Equal(41.0 / 46, m.AchievedSpeedup!.Value, 12);
        Assert.Equal(1.6, m.TheoreticalSpeedup);
        Assert.Equal(4 / 3.0, m.SpeedupByWaves!.Value, 12);
        Assert.Equal(41.0 / 46 / 1.6, m.ParallelismEfficiency!.Value, 12);
        Assert.Equal(41.0 / 92, m.WorkerUtilisation!.Value, 12);
        Assert.Equal(new DurationStats(6, 1 * S, 3 * S, 3 * S), m.QueueWait);
        Assert.Equal(new DurationStats(3, 2 * S, 3 * S, 3 * S), m.DispatchLatency);
        Assert.Equal((2, 0, 1, 0), (m.Retries, m.LeaseExpiries, m.MergeConflicts, m.IntegrationGateFailures));
        Assert.Equal([new GateStats(GateTypes.Lint, 1, 1), new GateStats(GateTypes.Unit, 5, 4)], m.Gates);
        Assert.Equal(0.8, m.Gates[1].PassRate);
        Assert.Equal(["a", "b", "d"], m.CriticalPath);
    }

    [Fact]
    public void Known_run_per_workstream()
    {
        var m = RunMetricsCalculator.Calculate(KnownRun.Events().Events);

        Assert.Equal(["a", "b", "c", "d"], m.Workstreams.Select(w => w.Id));
        Assert.All(m.Workstreams, w => Assert.Equal("DONE", w.State));
        Assert.Equal([1, 1, 3, 1], m.Workstreams.Select(w => w.Attempts));
        Assert.Equal([10 * S, 10 * S, 16 * S, 5 * S], m.Workstreams.Select(w => w.Duration));
        Assert.Equal([1 * S, 1 * S, 5 * S, 3 * S], m.Workstreams.Select(w => w.QueueWait));
        Assert.Equal([true, true, false, true], m.Workstreams.Select(w => w.OnCriticalPath));
        Assert.Equal([0.006m, 0.010m, 0m, 0m], m.Workstreams.Select(w => w.CostUsd));
        Assert.Equal([0.01m, null, null, null], m.Workstreams.Select(w => w.BudgetUsd));
        Assert.Equal([(1, 1), (2, 2), (2, 3), (0, 0)], m.Workstreams.Select(w => (w.GatesPassed, w.GatesEvaluated)));
        Assert.Equal(["b", "c"], m.Workstreams.Single(w => w.Id == "d").DependsOn);
        Assert.Equal(EventSequence.At(37), m.Workstreams.Single(w => w.Id == "c").IntegratedAt);

        var c = m.Workstreams.Single(w => w.Id == "c").Spans;
        Assert.Equal(
            [
                new AttemptSpan(1, EventSequence.At(16), EventSequence.At(20), AttemptOutcomes.Failed),
                new AttemptSpan(2, EventSequence.At(22), EventSequence.At(30), AttemptOutcomes.Conflict),
                new AttemptSpan(3, EventSequence.At(32), EventSequence.At(36), AttemptOutcomes.Integrated),
            ],
            c);
    }

    [Fact]
    public void Known_run_cost_and_budget()
    {
        var m = RunMetricsCalculator.Calculate(KnownRun.Events().Events);

        Assert.Equal(new CostSummary(0.016m, 3, 1, m.Cost.ByModel), m.Cost);
        Assert.Equal(
            [
                new ModelCost("claude-sonnet-4", 0.006m, 1000, 0, 200, 1, 0),
                new ModelCost("gpt-5", 0.010m, 2000, 0, 500, 1, 0),
                new ModelCost("mystery", 0m, 100, 0, 10, 1, 1),
            ],
            m.Cost.ByModel);
        Assert.Equal(("warning", 0.02m, BudgetMode.Warn, 0.8m, 0.016m, 80.00m), (m.Budget.Status, m.Budget.BudgetUsd, m.Budget.Mode, m.Budget.WarningThreshold, m.Budget.SpentUsd, m.Budget.Percent));
        Assert.Equal([new BudgetEvent("warning", null, 0.016m, 0.02m, 80m, EventSequence.At(38))], m.Budget.Events);
    }

    [Fact]
    public void Order_of_the_input_does_not_matter_only_times_and_sequence_do()
    {
        var events = KnownRun.Events().Events;
        var shuffled = events.OrderBy(e => (e.Sequence * 7919) % 101).ToList();
        Assert.NotEqual(events.Select(e => e.Sequence), shuffled.Select(e => e.Sequence));

        Assert.Equal(
            JsonReportRenderer.Render(new RunReport(RunMetricsCalculator.Calculate(events))),
            JsonReportRenderer.Render(new RunReport(RunMetricsCalculator.Calculate(shuffled))));
    }

    [Fact]
    public void A_run_still_going_measures_up_to_its_last_event_and_shows_the_attempt_running()
    {
        var s = new EventSequence(Guid.NewGuid());
        s.Add(0, KnownRun.Accepted(s.RunId)).Add(0, new RunStarted(s.RunId, "live", 4, EventSequence.At(0)))
            .Dispatch(1, "a", 1).Start(2, "a", 1)
            .Usage(6, "a", 1, 1, "gpt-5", 10, 10, 0.001m);

        var m = RunMetricsCalculator.Calculate(s.Events);

        Assert.Equal(("Running", false), (m.State, m.Finished));
        Assert.Equal(6 * S, m.Makespan);
        var span = Assert.Single(m.Workstreams.Single(w => w.Id == "a").Spans);
        Assert.Equal(new AttemptSpan(1, EventSequence.At(2), EventSequence.At(6), AttemptOutcomes.Running), span);
        Assert.Equal(4 * S, m.WorkTime);
        Assert.Equal("PENDING", m.Workstreams.Single(w => w.Id == "d").State);
        Assert.Empty(m.Workstreams.Single(w => w.Id == "d").Spans);
    }

    [Fact]
    public void Halted_then_resumed_with_a_higher_budget_ends_when_it_completes_and_the_lost_attempt_ends_at_its_supersession()
    {
        var s = new EventSequence(Guid.NewGuid());
        s.Add(0, KnownRun.Accepted(s.RunId)).Add(0, new RunStarted(s.RunId, "halt", 4, EventSequence.At(0)))
            .Dispatch(1, "a", 1).Start(1, "a", 1)
            .Add(5, new BudgetExceeded(s.RunId, null, 0.03m, 0.02m, 150m, BudgetMode.Halt, EventSequence.At(5)))
            .Add(5, new RunHalted(s.RunId, "halt", "budget exceeded: 0.03 of 0.02 USD", EventSequence.At(5)));

        var halted = RunMetricsCalculator.Calculate(s.Events);
        Assert.Equal(("Halted", true, "exceeded"), (halted.State, halted.Finished, halted.Budget.Status));
        Assert.Equal("budget exceeded: 0.03 of 0.02 USD", halted.Reason);
        Assert.Equal(AttemptOutcomes.Lost, Assert.Single(halted.Workstreams[0].Spans).Outcome);

        s.Add(20, new ResumeRun(s.RunId, 1m, EventSequence.At(20)))
            .State(20, "a", 1, "READY", "resumed; attempt superseded")
            .Dispatch(20, "a", 2, promote: false).Start(21, "a", 2).Succeed(21, 23, "a", 2).Integrate(24, "a", 2)
            .Add(30, new RunCompleted(s.RunId, "halt", "b", "h", EventSequence.At(30)));

        var resumed = RunMetricsCalculator.Calculate(s.Events);
        Assert.Equal(("Completed", true, 30 * S), (resumed.State, resumed.Finished, resumed.Makespan));
        Assert.Equal((1m, "ok"), (resumed.Budget.BudgetUsd, resumed.Budget.Status));
        Assert.Equal(
            [
                new AttemptSpan(1, EventSequence.At(1), EventSequence.At(20), AttemptOutcomes.Lost),
                new AttemptSpan(2, EventSequence.At(21), EventSequence.At(23), AttemptOutcomes.Integrated),
            ],
            resumed.Workstreams[0].Spans);
        Assert.Equal(1, resumed.Retries);
        // Ready 1 → started 1, then requeued at 20 → started 21.
        Assert.Equal(new DurationStats(2, TimeSpan.Zero, 1 * S, 1 * S), resumed.QueueWait);
    }

    [Fact]
    public void An_expired_lease_counts_once_per_attempt_and_ends_the_silent_attempt_where_it_was_dispatched_again()
    {
        var s = new EventSequence(Guid.NewGuid());
        s.Add(0, KnownRun.Accepted(s.RunId)).Add(0, new RunStarted(s.RunId, "lease", 4, EventSequence.At(0)))
            .Dispatch(1, "a", 1).Start(2, "a", 1)
            .Add(40, new LeaseExpired(s.RunId, "a", 1, "w1", EventSequence.At(10), EventSequence.At(40)))
            .Add(41, new LeaseExpired(s.RunId, "a", 1, "w1", EventSequence.At(10), EventSequence.At(41)))
            .State(41, "a", 1, "READY", "dispatched again after: lease expired: no heartbeat from worker w1")
            .Dispatch(41, "a", 2, promote: false).Start(42, "a", 2).Succeed(42, 50, "a", 2).Integrate(51, "a", 2);

        var m = RunMetricsCalculator.Calculate(s.Events);

        Assert.Equal((1, 1), (m.LeaseExpiries, m.Retries));
        Assert.Equal(
            [
                new AttemptSpan(1, EventSequence.At(2), EventSequence.At(41), AttemptOutcomes.Lost),
                new AttemptSpan(2, EventSequence.At(42), EventSequence.At(50), AttemptOutcomes.Integrated),
            ],
            m.Workstreams[0].Spans);
    }

    [Fact]
    public void A_rejected_plan_is_a_finished_run_with_nothing_measured()
    {
        var runId = Guid.NewGuid();
        var options = new RunOptions { RunName = "bad", RepoPath = "/repo" };
        var m = RunMetricsCalculator.Calculate(
        [
            new RunEvent(1, EventSequence.At(0), new SubmitPlan(runId, "bad-plan", [], options, EventSequence.At(0))),
            new RunEvent(2, EventSequence.At(1), new PlanRejected(runId, "bad-plan", options, [new PlanDiagnostic(DiagnosticSeverity.Error, "UET001", "cycle a -> a", "break it")], [], EventSequence.At(1))),
        ]);

        Assert.Equal(("bad", "bad-plan", "Rejected", true), (m.RunName, m.PlanName, m.State, m.Finished));
        Assert.Equal("plan rejected: 1 error(s): cycle a -> a", m.Reason);
        Assert.Empty(m.Workstreams);
        Assert.Null(m.AchievedSpeedup);
        Assert.Equal(0, m.QueueWait.Samples);
        Assert.Equal("none", m.Budget.Status);
    }

    [Theory]
    [InlineData(new[] { 5.0 }, 5.0, 5.0)]
    [InlineData(new[] { 1.0, 2.0 }, 1.0, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.0, 4.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0 }, 11.0, 20.0)]
    public void Percentiles_are_nearest_rank(double[] seconds, double p50, double p95)
    {
        var stats = DurationStats.Of(seconds.Select(TimeSpan.FromSeconds));

        Assert.Equal((seconds.Length, TimeSpan.FromSeconds(p50), TimeSpan.FromSeconds(p95), TimeSpan.FromSeconds(seconds.Max())), (stats.Samples, stats.P50, stats.P95, stats.Max));
    }
}
