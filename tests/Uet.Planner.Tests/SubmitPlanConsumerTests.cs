using MassTransit;
using MassTransit.Testing;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Planner.Tests;

public sealed class SubmitPlanConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddMassTransitTestHarness(bus => bus.AddPlanner())
            .BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_valid_plan_is_accepted_with_its_analysis()
    {
        var runId = NewId.NextGuid();
        var options = Options(maxWorkers: 4);

        await _harness.Bus.Publish(new SubmitPlan(runId, "small", PlanFiles.Valid(), options, Now));

        Assert.True(await _harness.Published.Any<PlanAccepted>(m => m.Context.Message.RunId == runId));
        Assert.False(_harness.Published.Select<PlanRejected>().Any());
        var accepted = _harness.Published.Select<PlanAccepted>().Single().Context.Message;

        Assert.Equal(options, accepted.Options);
        Assert.Equal(Now, accepted.AcceptedAt);
        Assert.Equal(["ws-api", "ws-cli", "ws-core"], accepted.Plan.Workstreams.Select(w => w.Id));
        Assert.Equal(3, accepted.Analysis.WorkstreamCount);
        Assert.Equal(4, accepted.Analysis.MaxWorkers);
        Assert.Equal(2, accepted.Analysis.Waves.Count);
        Assert.Equal(["ws-core"], accepted.Analysis.Waves[0]);
        Assert.Equal(["ws-api", "ws-cli"], accepted.Analysis.Waves[1]);
        Assert.Equal(2, accepted.Analysis.CriticalPath.Count);
        Assert.Equal("ws-core", accepted.Analysis.CriticalPath[0]);
        Assert.Equal(2, accepted.Analysis.MaxParallelism);
        Assert.Equal(4.5m, accepted.Analysis.TotalBudgetUsd);
        Assert.All(accepted.Warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
    }

    [Fact]
    public async Task Max_workers_from_the_options_shape_the_waves()
    {
        var runId = NewId.NextGuid();

        await _harness.Bus.Publish(new SubmitPlan(runId, "small", PlanFiles.Valid(), Options(maxWorkers: 1), Now));

        Assert.True(await _harness.Published.Any<PlanAccepted>(m => m.Context.Message.RunId == runId));
        var analysis = _harness.Published.Select<PlanAccepted>().Single().Context.Message.Analysis;
        Assert.Equal(1, analysis.MaxWorkers);
        Assert.Equal(3, analysis.Waves.Count);
        Assert.All(analysis.Waves, wave => Assert.Single(wave));
    }

    [Fact]
    public async Task An_invalid_plan_is_rejected_with_every_error()
    {
        var runId = NewId.NextGuid();
        var options = Options(maxWorkers: null);

        await _harness.Bus.Publish(new SubmitPlan(runId, "broken", PlanFiles.Invalid(), options, Now));

        Assert.True(await _harness.Published.Any<PlanRejected>(m => m.Context.Message.RunId == runId));
        Assert.False(_harness.Published.Select<PlanAccepted>().Any());
        var rejected = _harness.Published.Select<PlanRejected>().Single().Context.Message;

        Assert.Equal("broken", rejected.PlanName);
        Assert.Equal(options, rejected.Options);
        Assert.Equal(Now, rejected.RejectedAt);
        Assert.All(rejected.Errors, e => Assert.Equal(DiagnosticSeverity.Error, e.Severity));
        Assert.All(rejected.Warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
        Assert.All(rejected.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Fix)));

        Assert.Contains(rejected.Errors, e => e is { Code: "UET007", File: "a.json", WorkstreamId: "ws-a", Field: "depends_on" } && e.Message.Contains("ws-missing"));
        Assert.Contains(rejected.Errors, e => e is { Code: "UET005", File: "b.json", Field: "id" } && e.Message.Contains("WS_Bad"));
        Assert.Contains(rejected.Errors, e => e is { Code: "UET003", File: "c.json", WorkstreamId: "ws-c", Field: "files_scope" });
        Assert.Contains(rejected.Errors, e => e is { Code: "UET001", File: "broken.json", Line: not null, Column: not null });
        Assert.All(rejected.Errors, e => Assert.Contains(e.Code, new[] { "UET001", "UET003", "UET005", "UET007" }));
    }

    [Fact]
    public async Task A_repo_path_that_does_not_exist_here_is_ignored_not_fatal()
    {
        var runId = NewId.NextGuid();
        var options = Options(maxWorkers: 2) with { RepoPath = Path.Combine(Path.GetTempPath(), "uet-no-such-repo-" + runId.ToString("N")) };

        await _harness.Bus.Publish(new SubmitPlan(runId, "small", PlanFiles.Valid(), options, Now));

        Assert.True(await _harness.Published.Any<PlanAccepted>(m => m.Context.Message.RunId == runId));
        Assert.Equal(options.RepoPath, _harness.Published.Select<PlanAccepted>().Single().Context.Message.Options.RepoPath);
    }

    [Fact]
    public async Task Max_workers_below_one_is_rejected_not_faulted()
    {
        var runId = NewId.NextGuid();

        await _harness.Bus.Publish(new SubmitPlan(runId, "small", PlanFiles.Valid(), Options(maxWorkers: 0), Now));

        Assert.True(await _harness.Published.Any<PlanRejected>(m => m.Context.Message.RunId == runId));
        Assert.True(await _harness.Consumed.Any<SubmitPlan>(m => m.Context.Message.RunId == runId && m.Exception is null));
        var error = Assert.Single(_harness.Published.Select<PlanRejected>().Single().Context.Message.Errors);
        Assert.Equal("max_workers", error.Field);
        Assert.Equal("UET015", error.Code);
    }

    private static RunOptions Options(int? maxWorkers) => new()
    {
        RunName = "test-run",
        RepoPath = Path.GetTempPath(),
        MaxWorkers = maxWorkers,
    };
}
