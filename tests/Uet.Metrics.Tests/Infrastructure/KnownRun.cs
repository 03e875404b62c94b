using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Metrics.Analysis;

namespace Uet.Metrics.Tests.Infrastructure;

/// <summary>Events of a run written in the order and at the times given (seconds after <see cref="T0"/>).</summary>
public sealed class EventSequence(Guid runId)
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<RunEvent> _events = [];

    public Guid RunId { get; } = runId;

    public IReadOnlyList<RunEvent> Events => _events;

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>Adds a message stored at <paramref name="seconds"/> (its own timestamp should say the same).</summary>
    public EventSequence Add(double seconds, object message)
    {
        _events.Add(new RunEvent(_events.Count + 1, At(seconds), message));
        return this;
    }

    public EventSequence State(double seconds, string ws, int attempt, string state, string? detail = null) =>
        Add(seconds, new WorkstreamStateChanged(RunId, ws, attempt, state, detail, At(seconds)));

    /// <summary>Promotion and dispatch of attempt <paramref name="attempt"/>, as the saga publishes them.</summary>
    public EventSequence Dispatch(double seconds, string ws, int attempt, bool promote = true)
    {
        if (promote)
        {
            State(seconds, ws, attempt - 1, "READY", "dependencies done");
        }
        State(seconds, ws, attempt, "READY", $"dispatched attempt {attempt}");
        return Add(seconds, new ExecuteWorkstream
        {
            RunId = RunId,
            RunName = "known",
            WorkstreamId = ws,
            Attempt = attempt,
            Spec = new WorkstreamSpec { Id = ws },
            Tool = new ToolProfile { Name = "fake-agent" },
            RepoPath = "/repo",
            BaseCommit = "base",
            Branch = Naming.WorkstreamBranch("known", ws),
            DispatchedAt = At(seconds),
        });
    }

    public EventSequence Start(double seconds, string ws, int attempt) =>
        Add(seconds, new WorkstreamStarted(RunId, ws, attempt, "w1", At(seconds)))
            .State(seconds, ws, attempt, "RUNNING", "worker w1");

    public EventSequence Succeed(double started, double finished, string ws, int attempt) =>
        Add(finished, new WorkstreamSucceeded(RunId, ws, attempt, "w1", "branch", "commit-" + ws + attempt, [], [], At(started), At(finished)))
            .State(finished, ws, attempt, "SUCCEEDED", "commit")
            .State(finished, ws, attempt, "INTEGRATING", "merging");

    public EventSequence Fail(double started, double finished, string ws, int attempt, FailureKind kind, string reason) =>
        Add(finished, new WorkstreamFailed(RunId, ws, attempt, "w1", kind, reason, [], At(started), At(finished)));

    public EventSequence Integrate(double seconds, string ws, int attempt) =>
        Add(seconds, new WorkstreamIntegrated(RunId, ws, attempt, "head", false, At(seconds)))
            .State(seconds, ws, attempt, "DONE", "head");

    public EventSequence Gate(double seconds, string ws, int attempt, string type, bool passed) =>
        Add(seconds, new GateEvaluated(RunId, ws, attempt, type, "make " + type.ToLowerInvariant(), passed, true, true, passed ? 0 : 1, TimeSpan.FromSeconds(1), ""));

    public EventSequence Usage(double seconds, string ws, int attempt, int sequence, string model, long input, long output, decimal? cost, bool priced = true) =>
        Add(seconds, new UsageReported(RunId, ws, attempt, sequence, model, input, output, 0, null, At(seconds)))
            .Add(seconds, new CostRecorded(RunId, ws, attempt, sequence, model, cost ?? 0m, priced, 0m, 0m, At(seconds)));
}

/// <summary>
/// The run the metrics tests know by heart. Plan: a; b and c after a; d after b and c; max 2 workers, 3 attempts,
/// budget $0.02 (warn, 80%). Critical path a → b → d, bound 1.6x. Times in seconds after T0:
/// <code>
/// a: ready 2, started 3, succeeded 13 (10 s), integrated 14
/// b: ready 14, started 15, succeeded 25 (10 s), integrated 26
/// c: ready 14, #1 started 16, gate failed 20 (4 s); requeued 20, #2 started 22, succeeded 30 (8 s),
///    merge conflict 31; requeued 31, #3 started 32, succeeded 36 (4 s), integrated 37
/// d: ready 37, started 40, succeeded 45 (5 s), integrated 46
/// run: started 1, completed 47
/// </code>
/// So: makespan 46 s, work 41 s, achieved 41/46, efficiency (41/46)/1.6, utilisation 41/92; queue waits 1,1,2,2,1,3
/// (p50 1, p95 3); dispatch latencies b 1, c 2, d 3 (p50 2, p95 3); 2 retries; 1 merge conflict; GATE_UNIT 4 of 5,
/// GATE_LINT 1 of 1; cost $0.006 (claude-sonnet-4) + $0.010 (gpt-5) + unpriced mystery = $0.016, 80% of the budget.
/// Duplicates (a second Started for b#1, a second GATE_UNIT for c#1, a second CostRecorded for a) change nothing.
/// </summary>
public static class KnownRun
{
    public static readonly Guid RunId = Naming.RunIdFor("known");

    public static PlanAccepted Accepted(Guid runId) => new(
        runId,
        new PlanDocument(
            "known-plan",
            new PlanSettings { MaxWorkers = 2, MaxAttempts = 3, Budget = new BudgetSpec(0.02m, BudgetMode.Warn, 0.8m) },
            [
                new WorkstreamSpec { Id = "a", MaxCostUsd = 0.01m },
                new WorkstreamSpec { Id = "b", DependsOn = ["a"] },
                new WorkstreamSpec { Id = "c", DependsOn = ["a"] },
                new WorkstreamSpec { Id = "d", DependsOn = ["b", "c"] },
            ]),
        new PlanAnalysis { WorkstreamCount = 4, MaxWorkers = 2, CriticalPath = ["a", "b", "d"], SpeedupBound = 1.6, SpeedupByWaves = 4 / 3.0 },
        new RunOptions { RunName = "known", RepoPath = "/repo" },
        [],
        EventSequence.At(1));

    public static EventSequence Events(Guid? runId = null)
    {
        var id = runId ?? RunId;
        var s = new EventSequence(id);
        s.Add(0, new SubmitPlan(id, "known-plan", [], new RunOptions { RunName = "known", RepoPath = "/repo" }, EventSequence.At(0)))
            .Add(1, Accepted(id))
            .Add(1, new RunStarted(id, "known", 4, EventSequence.At(1)))
            .Add(1.5, new WorkerStatusChanged("w1", WorkerState.Idle, null, null, 2, 0, "host", EventSequence.At(1.5)));

        s.Dispatch(2, "a", 1).Start(3, "a", 1)
            .Usage(5, "a", 1, 1, "claude-sonnet-4", 1000, 200, 0.006m)
            .Add(5, new CostRecorded(id, "a", 1, 1, "claude-sonnet-4", 0.006m, true, 0.006m, 0.006m, EventSequence.At(5)))
            .Gate(12, "a", 1, GateTypes.Unit, true)
            .Succeed(3, 13, "a", 1)
            .Integrate(14, "a", 1);

        s.Dispatch(14, "b", 1).Dispatch(14, "c", 1)
            .Start(15, "b", 1)
            .Add(15.5, new WorkstreamStarted(id, "b", 1, "w1", EventSequence.At(15.5)))
            .Start(16, "c", 1)
            .Usage(18, "b", 1, 1, "gpt-5", 2000, 500, 0.010m)
            .Usage(19, "b", 1, 2, "mystery", 100, 10, null, priced: false)
            .Gate(19, "c", 1, GateTypes.Unit, false)
            .Gate(19.5, "c", 1, GateTypes.Unit, false)
            .Fail(16, 20, "c", 1, FailureKind.GateFailed, "GATE_UNIT failed")
            .State(20, "c", 1, "READY", "retry 2 of 3 after: GateFailed")
            .Dispatch(20, "c", 2, promote: false)
            .Start(22, "c", 2)
            .Gate(24, "b", 1, GateTypes.Unit, true)
            .Gate(24, "b", 1, GateTypes.Lint, true)
            .Succeed(15, 25, "b", 1)
            .Integrate(26, "b", 1)
            .Gate(29, "c", 2, GateTypes.Unit, true)
            .Succeed(22, 30, "c", 2)
            .Add(31, new MergeConflictDetected(id, "c", 2, ["x.txt"], "head", EventSequence.At(31)))
            .State(31, "c", 2, "READY", "retry 3 of 3 after: MergeConflict")
            .Dispatch(31, "c", 3, promote: false)
            .Start(32, "c", 3)
            .Gate(35, "c", 3, GateTypes.Unit, true)
            .Succeed(32, 36, "c", 3)
            .Integrate(37, "c", 3);

        s.Dispatch(37, "d", 1)
            .Add(38, new BudgetWarning(id, null, 0.016m, 0.02m, 80m, EventSequence.At(38)))
            .Start(40, "d", 1)
            .Succeed(40, 45, "d", 1)
            .Integrate(46, "d", 1)
            .Add(47, new RunCompleted(id, "known", "uet/known/integration", "head", EventSequence.At(47)));
        return s;
    }
}
