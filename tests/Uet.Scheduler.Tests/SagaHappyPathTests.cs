using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Persistence.Sagas;
using Uet.Scheduler.Model;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

namespace Uet.Scheduler.Tests;

public sealed class SagaHappyPathTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _database = new();
    private SchedulerTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SchedulerTestHost.StartAsync(_database.Options);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task A_finished_run_is_not_kept_in_memory_and_a_late_message_loads_it_again()
    {
        var cache = _host.Services.GetRequiredService<SagaInstanceCache<RunState>>();
        var run = new RunDriver(_host, "finished");
        await run.StartAsync(TestPlans.Plan(TestPlans.Ws("a")), TestPlans.Options(run.RunName));
        await run.Dispatched("a");
        Assert.NotNull(cache.OptimisticVersion(run.RunId));

        await run.StartedAsync("a");
        await run.SucceededAsync("a");
        await run.IntegrationRequested("a");
        await run.IntegratedAsync("a");
        await run.Outcome<RunCompleted>();
        Assert.Null(cache.OptimisticVersion(run.RunId));

        // Spending reported after the end still counts: the run is read from the database for it.
        await _host.Publish(new CostRecorded(run.RunId, "a", 1, 1, "m", 0.25m, true, 0.25m, 0.25m, DateTimeOffset.UtcNow));
        var state = await run.State();
        Assert.Equal((RunPhases.Completed, 0.25m), (state.CurrentState, state.SpentUsd));
        Assert.Null(cache.OptimisticVersion(run.RunId));
    }

    [Fact]
    public async Task Diamond_runs_each_workstream_once_as_soon_as_its_dependencies_are_integrated()
    {
        var settings = new PlanSettings { GateCommands = new Dictionary<string, string> { ["GATE_UNIT"] = "make test" } };
        var run = new RunDriver(_host, "diamond");
        await run.SubmitAsync(TestPlans.Options("diamond", maxWorkers: 2));
        Assert.Equal(RunPhases.Validating, (await run.State()).CurrentState);

        await run.AcceptAsync(TestPlans.Diamond(settings), TestPlans.Options("diamond", maxWorkers: 2));
        var started = await run.Messages.WaitForOne<RunStarted>(m => m.RunId == run.RunId);
        Assert.Equal(4, started.Workstreams);
        var prepare = await run.Messages.WaitForOne<PrepareIntegration>(m => m.RunId == run.RunId);
        Assert.Equal("uet/diamond/integration", prepare.IntegrationBranch);
        Assert.Equal("/repo/diamond", prepare.RepoPath);
        Assert.Equal("HEAD", prepare.BaseRef);
        Assert.Equal(RunPhases.Running, (await run.State()).CurrentState);
        Assert.Empty(run.AllDispatches()); // nothing starts before the integration branch exists

        await run.PrepareAsync();
        var a = await run.Dispatched("a");
        Assert.Equal(RunDriver.BaseCommit, a.BaseCommit);
        Assert.Equal("uet/diamond/a", a.Branch);
        Assert.Equal("shell", a.Tool.Name);
        Assert.Equal("/repo/diamond", a.RepoPath);
        Assert.Equal("/state/diamond", a.StateDir);
        Assert.Equal("make test", a.GateCommands["GATE_UNIT"]);
        Assert.Single(run.AllDispatches()); // b and c wait for a

        await run.StartedAsync("a");
        Assert.Equal(WorkstreamStates.Running, (await run.State()).Workstreams["a"].State);
        await run.SucceededAsync("a");
        var integrate = await run.IntegrationRequested("a");
        Assert.Equal(RunDriver.CommitOf("a", 1), integrate.Commit);
        Assert.Equal("uet/diamond/integration", integrate.IntegrationBranch);
        Assert.Equal(WorkstreamStates.Integrating, (await run.State()).Workstreams["a"].State);
        Assert.Single(run.AllDispatches()); // succeeded is not enough: b and c need a integrated

        await run.IntegratedAsync("a");
        var b = await run.Dispatched("b");
        var c = await run.Dispatched("c");
        Assert.Equal(RunDriver.HeadAfter("a", 1), b.BaseCommit);
        Assert.Equal(RunDriver.HeadAfter("a", 1), c.BaseCommit);

        await run.CompleteAsync("b");
        Assert.Equal(3, run.AllDispatches().Count); // d still waits for c
        await run.CompleteAsync("c");
        var d = await run.Dispatched("d");
        Assert.Equal(RunDriver.HeadAfter("c", 1), d.BaseCommit);
        await run.CompleteAsync("d");

        var completed = await run.Outcome<RunCompleted>();
        Assert.Equal(RunDriver.HeadAfter("d", 1), completed.IntegrationHead);
        Assert.Equal("uet/diamond/integration", completed.IntegrationBranch);

        var state = await run.State();
        Assert.Equal(RunPhases.Completed, state.CurrentState);
        Assert.All(state.Workstreams.Values, w => Assert.Equal(WorkstreamStates.Done, w.State));
        Assert.Equal(1, state.Workstreams["a"].IntegratedOrder);
        Assert.Equal(2, state.Workstreams["b"].IntegratedOrder);
        Assert.Equal(3, state.Workstreams["c"].IntegratedOrder);
        Assert.Equal(4, state.Workstreams["d"].IntegratedOrder);
        Assert.NotNull(state.FinishedAt);
        Assert.Equal(4, run.AllDispatches().Count);

        var changes = run.Messages.All<WorkstreamStateChanged>(m => m.RunId == run.RunId && m.WorkstreamId == "d").Select(m => m.State).ToList();
        Assert.Equal(
            [WorkstreamStates.Ready, WorkstreamStates.Ready, WorkstreamStates.Running, WorkstreamStates.Succeeded, WorkstreamStates.Integrating, WorkstreamStates.Done],
            changes);
    }

    [Fact]
    public async Task Rejected_plan_keeps_its_row_with_the_reason()
    {
        var run = new RunDriver(_host, "rejected");
        var options = TestPlans.Options("rejected");
        await run.SubmitAsync(options);
        await _host.Publish(new PlanRejected(
            run.RunId,
            "test-plan",
            options,
            [new PlanDiagnostic(DiagnosticSeverity.Error, "UET004", "cycle a -> b -> a", "remove one dependency", File: "a.json")],
            [],
            DateTimeOffset.UtcNow));

        var state = await run.State();
        Assert.Equal(RunPhases.Rejected, state.CurrentState);
        Assert.Contains("UET004 a.json: cycle a -> b -> a", state.Reason);
        Assert.NotNull(state.FinishedAt);

        // A late acceptance cannot revive it.
        await run.AcceptAsync(TestPlans.Diamond(), options);
        Assert.Equal(RunPhases.Rejected, (await run.State()).CurrentState);
        Assert.Empty(run.Messages.All<PrepareIntegration>(m => m.RunId == run.RunId));
    }

    [Fact]
    public async Task Plan_settings_and_options_set_workers_policy_and_attempts()
    {
        var settings = new PlanSettings { MaxWorkers = 3, FailurePolicy = FailurePolicy.KeepGoing, MaxAttempts = 2, BaseRef = "main" };
        var run = new RunDriver(_host, "settings");
        await run.AcceptAsync(TestPlans.Plan(settings, TestPlans.Ws("a")), TestPlans.Options("settings", maxWorkers: 7));
        var state = await run.State();
        Assert.Equal(7, state.MaxWorkers);
        Assert.Equal(FailurePolicy.KeepGoing, state.FailurePolicy);
        Assert.Equal(2, state.MaxAttempts);
        Assert.Equal(RunPhases.Running, state.CurrentState); // accepted without a SubmitPlan seen first
        var prepare = await run.Messages.WaitForOne<PrepareIntegration>(m => m.RunId == run.RunId);
        Assert.Equal("main", prepare.BaseRef);
    }

    [Fact]
    public async Task Empty_plan_completes_once_the_branch_exists()
    {
        var run = new RunDriver(_host, "empty");
        await run.StartAsync(TestPlans.Plan(), TestPlans.Options("empty"));
        var completed = await run.Outcome<RunCompleted>();
        Assert.Equal(RunDriver.BaseCommit, completed.IntegrationHead);
    }
}
