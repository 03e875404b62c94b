using MassTransit;

using Uet.Contracts;
using Uet.Hosting.Telemetry;
using Uet.Integration;

namespace Uet.Telemetry.Tests;

/// <summary>The Integration service alone on the harness: a merge that conflicts is traced and counted as one.</summary>
public sealed class MergeConflictTests : IAsyncLifetime
{
    private const string RunName = "otel-conflict";
    private readonly Guid _runId = Naming.RunIdFor(RunName);
    private TestRepo _repo = null!;
    private TelemetryHost _host = null!;

    public async Task InitializeAsync()
    {
        _repo = await TestRepo.CreateAsync();
        _host = await TelemetryHost.StartAsync(
            _ => { },
            bus => bus.AddIntegration(o => o.ScratchRoot = Path.Combine(_repo.Root, "scratch")));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _repo.Dispose();
    }

    [Fact]
    public async Task A_conflicting_merge_has_a_conflict_span_in_the_run_trace_and_is_counted()
    {
        var one = await _repo.CommitSharedAsync("one\n", "ws-one");
        var two = await _repo.CommitSharedAsync("two\n", "ws-two");
        var branch = Naming.IntegrationBranch(RunName);
        var endpoint = await _host.Harness.Bus.GetSendEndpoint(new Uri("queue:" + IntegrationConsumerDefinition.EndpointNameValue));

        System.Diagnostics.ActivityTraceId traceId;
        using (var run = UetDiagnostics.StartRun(RunName, _runId))
        {
            traceId = run!.TraceId;
            await endpoint.Send(new PrepareIntegration(_runId, RunName, _repo.Path, "main", branch, DryRun: false));
            await _host.PublishedAsync(m => m is IntegrationPrepared p && p.RunId == _runId);
            await endpoint.Send(Integrate("ws-one", one));
            await _host.PublishedAsync(m => m is WorkstreamIntegrated i && i.RunId == _runId);
            await endpoint.Send(Integrate("ws-two", two));
            await _host.PublishedAsync(m => m is MergeConflictDetected c && c.RunId == _runId);
        }

        var merges = await _host.SpansAsync(s => s.DisplayName == UetDiagnostics.MergeSpan, 2, "merges");
        var conflict = Assert.Single(merges, s => s.Tag(UetDiagnostics.WorkstreamIdTag) == "ws-two");
        Assert.Equal("conflict", conflict.Tag(UetDiagnostics.OutcomeTag));
        Assert.Equal("integrated", Assert.Single(merges, s => s.Tag(UetDiagnostics.WorkstreamIdTag) == "ws-one").Tag(UetDiagnostics.OutcomeTag));
        Assert.All(merges, s => Assert.Equal(traceId, s.TraceId));

        var metrics = _host.FlushMetrics();
        Assert.Equal(1, MetricReading.Total(metrics, "uet.merge.conflicts"));
        Assert.Equal(1, MetricReading.Total(metrics, "uet.merges", (UetDiagnostics.OutcomeTag, "conflict")));
        Assert.Equal(1, MetricReading.Total(metrics, "uet.merges", (UetDiagnostics.OutcomeTag, "integrated")));
    }

    private IntegrateWorkstream Integrate(string workstreamId, string commit) => new()
    {
        RunId = _runId,
        RunName = RunName,
        WorkstreamId = workstreamId,
        Attempt = 1,
        RepoPath = _repo.Path,
        IntegrationBranch = Naming.IntegrationBranch(RunName),
        Branch = Naming.WorkstreamBranch(RunName, workstreamId),
        Commit = commit,
    };
}
