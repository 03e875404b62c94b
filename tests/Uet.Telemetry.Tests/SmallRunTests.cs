using System.Diagnostics;

using Uet.Contracts;
using Uet.Hosting.Telemetry;

namespace Uet.Telemetry.Tests;

/// <summary>What one real run leaves in traces, meters and logs (<see cref="SmallRun"/>).</summary>
public sealed class SmallRunTests(SmallRun run) : IClassFixture<SmallRun>
{
    [Fact]
    public async Task Tool_gate_and_merge_spans_name_the_run_and_workstream_and_share_the_trace_of_the_submit()
    {
        var tools = await run.RunSpansAsync(UetDiagnostics.ToolSpan, 2);
        var gates = await run.RunSpansAsync(UetDiagnostics.GateSpan, 3);
        var merges = await run.RunSpansAsync(UetDiagnostics.MergeSpan, 2);

        Assert.Equal(["ws-a", "ws-b"], tools.Select(s => s.Tag(UetDiagnostics.WorkstreamIdTag)).Order(StringComparer.Ordinal));
        Assert.Equal(["ws-a", "ws-b"], merges.Select(s => s.Tag(UetDiagnostics.WorkstreamIdTag)).Order(StringComparer.Ordinal));
        Assert.All(tools.Concat(gates).Concat(merges), span =>
        {
            Assert.Equal(run.TraceId, span.TraceId);
            Assert.Equal(SmallRun.RunName, span.Tag(UetDiagnostics.RunNameTag));
            Assert.Equal("1", span.Tag(UetDiagnostics.AttemptTag));
        });
        Assert.All(tools, s => Assert.Equal("shell", s.Tag(UetDiagnostics.ToolTag)));
        Assert.All(merges, s => Assert.Equal("integrated", s.Tag(UetDiagnostics.OutcomeTag)));
        Assert.Equal(
            ["ACCEPTANCE True", "GATE_LINT False", "GATE_UNIT True"],
            gates.Select(g => $"{g.Tag(UetDiagnostics.GateTypeTag)} {g.Tag(UetDiagnostics.PassedTag)}").Order(StringComparer.Ordinal));
        Assert.All(gates, g => Assert.Equal("ws-a", g.Tag(UetDiagnostics.WorkstreamIdTag)));
    }

    [Fact]
    public async Task The_attempt_running_after_the_ack_stays_a_child_of_the_ExecuteWorkstream_it_consumed()
    {
        var attempts = await run.RunSpansAsync(UetDiagnostics.AttemptSpan, 2);
        var tools = await run.RunSpansAsync(UetDiagnostics.ToolSpan, 2);
        var spans = run.Host.Spans.Snapshot().ToDictionary(s => s.SpanId);

        foreach (var attempt in attempts)
        {
            // The worker acknowledges ExecuteWorkstream before the attempt ends, so the attempt ends after its parent.
            var parent = spans[attempt.ParentSpanId];
            Assert.Equal("MassTransit", parent.Source.Name);
            Assert.Contains(":ExecuteWorkstream", parent.Tag("messaging.masstransit.message_types"), StringComparison.Ordinal);
            Assert.Equal(run.TraceId, attempt.TraceId);
            Assert.True(attempt.StartTimeUtc + attempt.Duration >= parent.StartTimeUtc + parent.Duration);
        }

        Assert.All(tools, tool => Assert.Contains(attempts, a => a.SpanId == tool.ParentSpanId));
    }

    [Fact]
    public async Task MassTransit_spans_of_the_run_messages_across_services_are_in_the_one_trace()
    {
        await run.RunSpansAsync(UetDiagnostics.AttemptSpan, 2);
        string[] runMessages = ["SubmitPlan", "PlanAccepted", "ExecuteWorkstream", "WorkstreamStarted", "WorkstreamSucceeded", "IntegrateWorkstream", "WorkstreamIntegrated", "UsageReported", "CostRecorded", "RunCompleted"];
        var messaging = run.Host.Spans.Snapshot()
            .Where(s => s.Source.Name == "MassTransit" && s.Tag("messaging.masstransit.message_types") is { } types
                && runMessages.Any(m => types.Contains(":" + m, StringComparison.Ordinal)))
            .ToList();

        Assert.All(runMessages, m => Assert.Contains(messaging, s => s.Tag("messaging.masstransit.message_types")!.Contains(":" + m, StringComparison.Ordinal)));
        Assert.All(messaging, s => Assert.Equal(run.TraceId, s.TraceId));
        var submit = Assert.Single(messaging, s => s.ParentSpanId == run.RootSpanId);
        Assert.Equal(ActivityKind.Producer, submit.Kind);
    }

    [Fact]
    public async Task The_meters_count_what_the_run_did()
    {
        await run.RunSpansAsync(UetDiagnostics.AttemptSpan, 2);
        await run.Host.PublishedAsync(m => m is CostRecorded c && c.RunId == run.RunId, count: 2);

        var m = run.Metrics();

        Assert.Equal(1, MetricReading.Total(m, "uet.workstreams.started", (UetDiagnostics.WorkstreamKindTag, "impl"), (UetDiagnostics.ToolTag, "shell")));
        Assert.Equal(1, MetricReading.Total(m, "uet.workstreams.started", (UetDiagnostics.WorkstreamKindTag, "test"), (UetDiagnostics.ToolTag, "shell")));
        Assert.Equal(2, MetricReading.Total(m, "uet.workstreams.succeeded"));
        Assert.Equal(0, MetricReading.Total(m, "uet.workstreams.failed"));
        Assert.Equal(2, MetricReading.Total(m, "uet.attempt.duration", (UetDiagnostics.OutcomeTag, "succeeded")));
        Assert.Equal(2, MetricReading.Total(m, "uet.queue.wait"));
        Assert.Equal(1, MetricReading.Total(m, "uet.gates", (UetDiagnostics.GateTypeTag, "ACCEPTANCE"), (UetDiagnostics.PassedTag, true)));
        Assert.Equal(1, MetricReading.Total(m, "uet.gates", (UetDiagnostics.GateTypeTag, "GATE_UNIT"), (UetDiagnostics.PassedTag, true)));
        Assert.Equal(1, MetricReading.Total(m, "uet.gates", (UetDiagnostics.GateTypeTag, "GATE_LINT"), (UetDiagnostics.PassedTag, false)));
        Assert.Equal(2, MetricReading.Total(m, "uet.merges", (UetDiagnostics.OutcomeTag, "integrated")));
        Assert.Equal(0, MetricReading.Total(m, "uet.merge.conflicts"));
        Assert.Equal(0, MetricReading.Total(m, "uet.lease.expiries"));
        // Two reports of 1000 input tokens at 1 USD and 500 output tokens at 2 USD per million: 0.002 USD each.
        Assert.Equal(0.004, MetricReading.Total(m, "uet.cost.usd", (UetDiagnostics.ModelTag, "fake-model")), 9);
        Assert.Equal(2000, MetricReading.Total(m, "uet.tokens", (UetDiagnostics.ModelTag, "fake-model"), (UetDiagnostics.TokenTypeTag, "input")));
        Assert.Equal(1000, MetricReading.Total(m, "uet.tokens", (UetDiagnostics.ModelTag, "fake-model"), (UetDiagnostics.TokenTypeTag, "output")));
    }

    [Fact]
    public async Task Log_lines_of_an_attempt_and_of_a_merge_carry_the_run_and_workstream()
    {
        await run.RunSpansAsync(UetDiagnostics.MergeSpan, 2);

        // Written inside the attempt, on the task that runs after the consumer returned.
        var worktree = await Poll.UntilAsync(
            () => run.Host.Logs.Snapshot().FirstOrDefault(l => l.Category.EndsWith(".WorkspacePool", StringComparison.Ordinal) && l.Message.StartsWith("Created worktree", StringComparison.Ordinal)),
            () => "the worker's log line about the worktree it created");
        var merged = Assert.Single(run.Host.Logs.Snapshot(), l => l.Message.StartsWith("Integrated ws-a", StringComparison.Ordinal));

        foreach (var line in new[] { worktree, merged })
        {
            Assert.Equal(run.RunId, line.Scope["RunId"]);
            Assert.Equal(SmallRun.RunName, line.Scope["RunName"]);
            Assert.Equal(1, line.Scope["Attempt"]);
        }

        Assert.Equal("ws-a", merged.Scope["WorkstreamId"]);
        Assert.Contains(worktree.Scope["WorkstreamId"], new object[] { "ws-a", "ws-b" });
    }
}
