using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Scheduler.Model;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

public sealed class SagaRetryTests : SagaTestBase
{
    [Fact]
    public async Task A_failed_attempt_is_retried_with_the_next_attempt_and_stale_results_are_ignored()
    {
        var run = new RunDriver(Host, "retry");
        await run.StartAsync(Plan(Ws("a", maxAttempts: 3), Ws("b", ["a"])), Options("retry"));

        await run.Dispatched("a", 1);
        await run.StartedAsync("a", 1);
        await run.FailedAsync("a", 1, FailureKind.GateFailed, "GATE_UNIT failed");
        var second = await run.Dispatched("a", 2);
        Assert.Equal(RunDriver.BaseCommit, second.BaseCommit);
        var state = await run.State();
        Assert.Equal(1, state.Workstreams["a"].Failures);
        Assert.Equal(FailureKind.GateFailed, state.Workstreams["a"].FailureKind);
        var retryChange = Assert.Single(run.Messages.All<WorkstreamStateChanged>(m => m.RunId == run.RunId && m.WorkstreamId == "a" && m.Detail!.StartsWith("retry", StringComparison.Ordinal)));
        Assert.Equal("retry 2 of 3 after: GateFailed: GATE_UNIT failed", retryChange.Detail);

        // Attempt 1's worker reports late, then the failure is redelivered: neither may count.
        var version = state.Version;
        await run.SucceededAsync("a", 1);
        await run.FailedAsync("a", 1);
        await run.StartedAsync("a", 1);
        state = await run.State();
        Assert.Equal(version, state.Version);
        Assert.True(state.Workstreams["a"].IsDispatched);
        Assert.Equal(2, state.Workstreams["a"].Attempt);
        Assert.Empty(run.Messages.All<IntegrateWorkstream>(m => m.RunId == run.RunId));

        await run.StartedAsync("a", 2);
        await run.FailedAsync("a", 2, FailureKind.Timeout, "tool timed out");
        await run.CompleteAsync("a", 3);
        await run.CompleteAsync("b", 1);
        await run.Outcome<RunCompleted>();

        Assert.Equal([1, 2, 3], run.AllDispatches().Where(d => d.WorkstreamId == "a").Select(d => d.Attempt));
        state = await run.State();
        Assert.Equal(3, state.Workstreams["a"].Attempt);
        Assert.Equal(2, state.Workstreams["a"].Failures);
    }

    [Fact]
    public async Task Attempts_run_out_at_max_attempts_from_the_plan_unless_the_workstream_overrides_it()
    {
        var run = new RunDriver(Host, "exhausted");
        var settings = new PlanSettings { MaxAttempts = 2, FailurePolicy = FailurePolicy.KeepGoing };
        await run.StartAsync(Plan(settings, Ws("plan-default"), Ws("own", maxAttempts: 1)), Options("exhausted"));

        await run.Dispatched("own", 1);
        await run.FailedAsync("own", 1);
        await run.Dispatched("plan-default", 1);
        await run.FailedAsync("plan-default", 1);
        await run.Dispatched("plan-default", 2);
        await run.FailedAsync("plan-default", 2);

        var failed = await run.Outcome<RunFailed>();
        Assert.Equal(["own", "plan-default"], failed.FailedWorkstreams);
        Assert.Single(run.AllDispatches(), d => d.WorkstreamId == "own");
        Assert.Equal(2, run.AllDispatches().Count(d => d.WorkstreamId == "plan-default"));
    }

    [Fact]
    public async Task Cancelled_and_budget_failures_are_not_retried()
    {
        var run = new RunDriver(Host, "final-kinds");
        var settings = new PlanSettings { FailurePolicy = FailurePolicy.KeepGoing };
        await run.StartAsync(Plan(settings, Ws("cancelled", maxAttempts: 5), Ws("budget", maxAttempts: 5)), Options("final-kinds"));
        await run.Dispatched("cancelled");
        await run.Dispatched("budget");
        await run.FailedAsync("cancelled", 1, FailureKind.Cancelled, "cancelled by operator");
        await run.FailedAsync("budget", 1, FailureKind.BudgetExceeded, "over budget");
        var failed = await run.Outcome<RunFailed>();
        Assert.Equal(["budget", "cancelled"], failed.FailedWorkstreams);
        Assert.Equal(2, run.AllDispatches().Count);
    }

    [Fact]
    public async Task A_merge_conflict_is_retried_on_the_new_integration_head()
    {
        var run = new RunDriver(Host, "conflict");
        await run.StartAsync(Plan(Ws("a"), Ws("b", maxAttempts: 2)), Options("conflict"));
        await run.Dispatched("a");
        await run.Dispatched("b");
        await run.StartedAsync("b");
        await run.SucceededAsync("b");
        await run.CompleteAsync("a");

        await run.IntegrationRequested("b");
        await run.ConflictAsync("b");
        var retry = await run.Dispatched("b", 2);
        Assert.Equal(RunDriver.HeadAfter("a", 1), retry.BaseCommit);
        var state = await run.State();
        Assert.Equal(FailureKind.MergeConflict, state.Workstreams["b"].FailureKind);
        Assert.Contains("src/b/x.txt", state.Workstreams["b"].Error);

        // The conflict report is redelivered: attempt 2 is untouched.
        await run.ConflictAsync("b");
        Assert.True((await run.State()).Workstreams["b"].IsDispatched);

        await run.StartedAsync("b", 2);
        await run.SucceededAsync("b", 2);
        await run.IntegrationRequested("b", 2);
        await run.IntegratedAsync("b", 2);
        var completed = await run.Outcome<RunCompleted>();
        Assert.Equal(RunDriver.HeadAfter("b", 2), completed.IntegrationHead);
    }

    [Fact]
    public async Task Duplicate_results_change_nothing()
    {
        var run = new RunDriver(Host, "duplicates");
        await run.StartAsync(Plan(Ws("a"), Ws("b", ["a"])), Options("duplicates"));
        await run.Dispatched("a");
        await run.StartedAsync("a");
        var afterStart = await run.State();
        await run.StartedAsync("a");
        Assert.Equal(afterStart.Version, (await run.State()).Version);

        await run.SucceededAsync("a");
        await run.IntegrationRequested("a");
        var afterSuccess = await run.State();
        await run.SucceededAsync("a");
        Assert.Equal(afterSuccess.Version, (await run.State()).Version);

        await run.IntegratedAsync("a");
        await run.Dispatched("b");
        var afterIntegrated = await run.State();
        await run.IntegratedAsync("a", already: true);
        await run.Host.Publish(new IntegrationPrepared(run.RunId, "uet/duplicates/integration", "other", "other"));
        var now = await run.State();
        Assert.Equal(afterIntegrated.Version, now.Version);
        Assert.Equal(1, now.IntegrationCount);
        Assert.Equal(RunDriver.HeadAfter("a", 1), now.IntegrationHead);

        await run.CompleteAsync("b");
        await run.Outcome<RunCompleted>();
        Assert.Single(run.Messages.All<IntegrateWorkstream>(m => m.RunId == run.RunId && m.WorkstreamId == "a"));
        Assert.Single(run.AllDispatches(), d => d.WorkstreamId == "b");
    }

    [Fact]
    public async Task Heartbeats_update_the_running_attempt_only()
    {
        var run = new RunDriver(Host, "heartbeat");
        await run.StartAsync(Plan(Ws("a", maxAttempts: 2)), Options("heartbeat"));
        await run.Dispatched("a");
        var beat = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // A heartbeat that overtook WorkstreamStarted still means the attempt runs.
        await run.Host.Publish(new WorkstreamHeartbeat(run.RunId, "a", 1, "worker-9", beat));
        var state = await run.State();
        Assert.Equal(WorkstreamStates.Running, state.Workstreams["a"].State);
        Assert.Equal(beat, state.Workstreams["a"].LastHeartbeat);
        Assert.Equal("worker-9", state.Workstreams["a"].WorkerId);

        await run.Host.Publish(new WorkstreamHeartbeat(run.RunId, "a", 1, "worker-9", beat.AddMinutes(1)));
        Assert.Equal(beat.AddMinutes(1), (await run.State()).Workstreams["a"].LastHeartbeat);

        await run.Host.Publish(new WorkstreamHeartbeat(run.RunId, "a", 7, "worker-x", beat.AddMinutes(2)));
        Assert.Equal(beat.AddMinutes(1), (await run.State()).Workstreams["a"].LastHeartbeat);
        Assert.Equal(RunPhases.Running, (await run.State()).CurrentState);
    }
}
