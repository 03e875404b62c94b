using System.Reflection;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Metrics.Store;
using Uet.Metrics.Tests.Infrastructure;

namespace Uet.Metrics.Tests;

public sealed class EventCatalogTests
{
    /// <summary>One of each stored type, with its lists and optional parts filled, to check the JSON round trip.</summary>
    private static readonly object[] Samples = Build();

    [Fact]
    public void Every_contract_message_is_either_stored_or_excluded_with_a_reason()
    {
        // A message is a contract record that names its run (every message carries RunId, DESIGN §2).
        var messages = typeof(RunStarted).Assembly.GetTypes()
            .Where(t => t.Namespace == "Uet.Contracts" && t.IsClass && t.IsPublic && t.GetProperty("RunId") is not null)
            .ToList();
        Assert.True(messages.Count > 25, $"found only {messages.Count} message types: is the RunId rule still right?");

        foreach (var type in messages)
        {
            var stored = EventCatalog.Stored.Any(s => s.ClrType == type);
            var excluded = EventCatalog.NotStored.ContainsKey(type);
            Assert.True(stored ^ excluded, $"{type.Name}: add it to EventCatalog.Stored (with its key) or to NotStored (with the reason)");
        }
        Assert.Equal(messages.Count, EventCatalog.Stored.Count + EventCatalog.NotStored.Count);
        Assert.Contains(typeof(WorkstreamHeartbeat), EventCatalog.NotStored.Keys);
    }

    [Fact]
    public void Types_are_found_by_name_in_any_case()
    {
        Assert.Same(EventCatalog.For(typeof(WorkstreamStarted)), EventCatalog.Find("workstreamstarted"));
        Assert.Null(EventCatalog.Find("WorkstreamHeartbeat"));
        Assert.Null(EventCatalog.Find("NoSuchEvent"));
        Assert.Equal(EventCatalog.Stored.Count, EventCatalog.Stored.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_stored_type_reads_back_from_its_json_as_it_was_written()
    {
        Assert.Equal(EventCatalog.Stored.Select(s => s.ClrType).Order(TypeOrder.Instance), Samples.Select(s => s.GetType()).Order(TypeOrder.Instance));
        foreach (var sample in Samples)
        {
            var type = EventCatalog.For(sample.GetType());
            var json = MetricsJson.Serialize(sample);
            var back = EventCatalog.Deserialize(type.Name, json);

            Assert.IsType(sample.GetType(), back);
            Assert.Equal(json, MetricsJson.Serialize(back));
            Assert.Equal(type.Key(sample), type.Key(back));
        }
    }

    [Fact]
    public void Keys_name_the_run_workstream_attempt_and_the_events_own_time()
    {
        var run = Guid.NewGuid();
        Assert.Equal(new EventKey(run, "ws", 2, EventSequence.At(4)), EventCatalog.For(typeof(WorkstreamSucceeded)).Key(new WorkstreamSucceeded(run, "ws", 2, "w", "b", "c", [], [], EventSequence.At(1), EventSequence.At(4))));
        Assert.Equal(new EventKey(run, "ws", 1, null), EventCatalog.For(typeof(GateEvaluated)).Key(new GateEvaluated(run, "ws", 1, "T", "c", true, true, true, 0, TimeSpan.Zero, "")));
        Assert.Equal(new EventKey(run, null, null, EventSequence.At(2)), EventCatalog.For(typeof(BudgetWarning)).Key(new BudgetWarning(run, null, 1, 2, 50, EventSequence.At(2))));
    }

    private static object[] Build()
    {
        var run = Guid.NewGuid();
        var at = EventSequence.At(7);
        var options = new RunOptions { RunName = "r", RepoPath = "/repo", MaxWorkers = 3, BudgetUsd = 5m, BudgetMode = BudgetMode.Warn, FailurePolicy = FailurePolicy.KeepGoing };
        var spec = new WorkstreamSpec { Id = "ws", DependsOn = ["x"], TestGates = [new TestGateSpec(GateTypes.Unit, Command: "make test")], MaxCostUsd = 1.5m };
        return
        [
            new SubmitPlan(run, "p", [new PlanFile("a.json", "[]")], options, at),
            KnownRun.Accepted(run),
            new PlanRejected(run, "p", options, [new PlanDiagnostic(DiagnosticSeverity.Error, "UET001", "m", "f", "a.json", "ws", "id", 1, 2)], [], at),
            new RunStarted(run, "r", 3, at),
            new RunCompleted(run, "r", "b", "h", at),
            new RunFailed(run, "r", "why", ["ws"], at),
            new RunCancelled(run, "r", "why", at),
            new RunHalted(run, "r", "why", at),
            new CancelRun(run, "why"),
            new ResumeRun(run, 20m, at),
            new WorkstreamStateChanged(run, "ws", 1, "RUNNING", "worker w", at),
            new ExecuteWorkstream
            {
                RunId = run, RunName = "r", WorkstreamId = "ws", Attempt = 1, Spec = spec, Tool = new ToolProfile { Name = "shell", Kind = ToolKind.Shell },
                RepoPath = "/repo", BaseCommit = "c", Branch = "uet/r/ws", GateCommands = new Dictionary<string, string> { ["GATE_UNIT"] = "make" }, DispatchedAt = at,
            },
            new CancelWorkstream(run, "ws", 1, "why"),
            new WorkstreamStarted(run, "ws", 1, "w", at),
            new WorkstreamSucceeded(run, "ws", 1, "w", "b", "c", ["f"], ["warn"], at, at),
            new WorkstreamFailed(run, "ws", 1, "w", FailureKind.Timeout, "slow", ["f"], at, at),
            new GateEvaluated(run, "ws", 1, "GATE_UNIT", "make", true, true, false, 0, TimeSpan.FromMilliseconds(1500), "ok"),
            new WorkerStatusChanged("w", WorkerState.Busy, run, "ws", 2, 1, "host", at),
            new LeaseExpired(run, "ws", 1, "w", at, at),
            new PrepareIntegration(run, "r", "/repo", "HEAD", "uet/r/integration", false),
            new IntegrationPrepared(run, "uet/r/integration", "base", "head"),
            new IntegrationPreparationFailed(run, "why"),
            new IntegrateWorkstream { RunId = run, RunName = "r", WorkstreamId = "ws", Attempt = 1, RepoPath = "/repo", IntegrationBranch = "i", Branch = "b", Commit = "c", IntegrationGates = [new TestGateSpec("GATE_INTEGRATION")] },
            new WorkstreamIntegrated(run, "ws", 1, "head", true, at),
            new MergeConflictDetected(run, "ws", 1, ["f"], "head", at),
            new IntegrationGateFailed(run, "ws", 1, "GATE_INTEGRATION", "make it", "tail", at),
            new RevertIntegration(run, "r", "/repo", "i", "base", [new CompensationStep("ws", ["undo"])], false, "/state"),
            new IntegrationReverted(run, "refs/uet/archive/r/1", "base", ["undo failed"], at),
            new UsageReported(run, "ws", 1, 1, "gpt-5", 10, 20, 5, 0.01m, at),
            new CostRecorded(run, "ws", 1, 1, "gpt-5", 0.0123456789m, true, 1m, 0.5m, at),
            new BudgetWarning(run, "ws", 0.8m, 1m, 80m, at),
            new BudgetExceeded(run, null, 1.2m, 1m, 120m, BudgetMode.Halt, at),
        ];
    }

    private sealed class TypeOrder : IComparer<Type>
    {
        public static readonly TypeOrder Instance = new();

        public int Compare(Type? x, Type? y) => string.CompareOrdinal(x?.FullName, y?.FullName);
    }
}
