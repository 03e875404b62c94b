using System.Diagnostics;
using System.Text.Json;

using MassTransit;
using MassTransit.Testing;

using Microsoft.Extensions.DependencyInjection;

using OpenTelemetry.Metrics;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Cost;
using Uet.Cost.Persistence;
using Uet.Hosting.Telemetry;
using Uet.Integration;
using Uet.Persistence;
using Uet.Planner;
using Uet.Scheduler;
using Uet.Scheduler.Persistence;
using Uet.Worker;

namespace Uet.Telemetry.Tests;

/// <summary>
/// One small run through the real services on the test harness: Planner, Scheduler (saga on SQLite), Worker,
/// Integration and Cost, on a real repository. ws-a (kind impl) runs an acceptance test and two gates, one of them a
/// failing non-blocking lint; ws-b (kind test) depends on it. Each prints one usage line of fake-model.
/// The run is submitted inside a <c>uet run</c> span, as <c>uet run</c> does.
/// </summary>
public sealed class SmallRun : IAsyncLifetime
{
    public const string RunName = "otel-run";

    /// <summary>The usage line each workstream prints: 1000 input and 500 output tokens of fake-model (1 and 2 USD per million).</summary>
    public const string UsageLine = """echo '{"type":"usage","model":"fake-model","input_tokens":1000,"output_tokens":500}'""";

    private TestRepo _repo = null!;

    public Guid RunId { get; } = Naming.RunIdFor(RunName);

    internal TelemetryHost Host { get; private set; } = null!;

    public ActivityTraceId TraceId { get; private set; }

    public ActivitySpanId RootSpanId { get; private set; }

    public RunCompleted Completed { get; private set; } = null!;

    public string RepoPath => _repo.Path;

    public async Task InitializeAsync()
    {
        _repo = await TestRepo.CreateAsync();
        var worker = new WorkerOptions { WorkerId = "otel-worker", Slots = 2, DataDir = _repo.StateDir };
        Host = await TelemetryHost.StartAsync(
            services => services
                .AddSchedulerPersistence(PersistenceOptions.ForStateDirectory(_repo.StateDir, "scheduler"))
                .AddCostPersistence(PersistenceOptions.ForStateDirectory(_repo.StateDir, "cost"))
                .AddWorkerServices(worker),
            bus =>
            {
                bus.AddPlanner();
                bus.AddScheduler();
                bus.AddWorker(worker);
                bus.AddIntegration(o => o.ScratchRoot = Path.Combine(_repo.Root, "scratch"));
                bus.AddCost();
            },
            async provider =>
            {
                await SchedulerDatabase.MigrateAsync(provider);
                await CostDatabase.MigrateAsync(provider);
            });

        var options = new RunOptions { RunName = RunName, RepoPath = _repo.Path, BaseRef = "main", StateDir = _repo.StateDir };
        using (var run = UetDiagnostics.StartRun(RunName, RunId))
        {
            Assert.NotNull(run);
            TraceId = run.TraceId;
            RootSpanId = run.SpanId;
            await Host.Harness.Bus.Publish(new SubmitPlan(RunId, "otel-plan", PlanFiles(), options, DateTimeOffset.UtcNow));
        }

        var end = (await Host.PublishedAsync(m => m is RunCompleted c && c.RunId == RunId || m is RunFailed f && f.RunId == RunId)).Single();
        Completed = end as RunCompleted ?? throw new InvalidOperationException($"The run failed: {((RunFailed)end).Reason}");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repo.Dispose();
    }

    /// <summary>The Uet spans of this run named <paramref name="name"/>, once <paramref name="count"/> of them ended.</summary>
    internal Task<List<Activity>> RunSpansAsync(string name, int count) =>
        Host.SpansAsync(s => s.Source.Name == UetDiagnostics.Name && s.DisplayName == name && s.Tag(UetDiagnostics.RunIdTag) == RunId.ToString("D"), count, name);

    internal List<MetricSnapshot> Metrics() => Host.FlushMetrics();

    private static List<PlanFile> PlanFiles()
    {
        object[] bundles =
        [
            new Dictionary<string, object?>
            {
                ["id"] = "ws-a",
                ["kind"] = "impl",
                ["tool"] = "shell",
                ["files_scope"] = new[] { "src/a.txt" },
                ["files_create"] = new[] { "src/a.txt" },
                ["tasks"] = new[] { "echo a > src/a.txt", UsageLine },
                ["acceptance_tests"] = new[] { "test -f src/a.txt" },
                ["test_gates"] = new object[]
                {
                    new { type = "GATE_UNIT", command = "grep -q a src/a.txt" },
                    new { type = "GATE_LINT", command = "exit 3", required = false, blocking = false },
                },
            },
            new Dictionary<string, object?>
            {
                ["id"] = "ws-b",
                ["kind"] = "test",
                ["tool"] = "shell",
                ["depends_on"] = new[] { "ws-a" },
                ["files_scope"] = new[] { "src/b.txt" },
                ["files_create"] = new[] { "src/b.txt" },
                ["tasks"] = new[] { "cat src/a.txt > src/b.txt", UsageLine },
            },
        ];
        return [new PlanFile("workstreams.json", JsonSerializer.Serialize(bundles))];
    }
}
