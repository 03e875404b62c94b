using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Scheduler.Model;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

public sealed class SagaControlTests : SagaTestBase
{
    [Fact]
    public async Task Cancel_stops_workers_reverts_and_ends_cancelled()
    {
        var run = new RunDriver(Host, "cancel");
        await run.StartAsync(Plan(Ws("done", compensation: ["undo"]), Ws("busy")), Options("cancel"));
        await run.CompleteAsync("done");
        await run.Dispatched("busy");
        await run.StartedAsync("busy");

        await Host.Publish(new CancelRun(run.RunId, "operator"));
        var cancel = await run.Messages.WaitForOne<CancelWorkstream>(m => m.RunId == run.RunId);
        Assert.Equal("busy", cancel.WorkstreamId);
        var revert = await run.Outcome<RevertIntegration>();
        Assert.Equal(["done"], revert.Compensations.Select(c => c.WorkstreamId));
        Assert.Equal(RunPhases.Cancelling, (await run.State()).CurrentState);

        // A second cancel while cancelling changes nothing.
        var version = (await run.State()).Version;
        await Host.Publish(new CancelRun(run.RunId, "again"));
        Assert.Equal(version, (await run.State()).Version);

        await Host.Publish(new IntegrationReverted(run.RunId, "refs/uet/archive/cancel/1", RunDriver.BaseCommit, [], DateTimeOffset.UtcNow));
        var cancelled = await run.Outcome<RunCancelled>();
        Assert.Equal("cancelled: operator", cancelled.Reason);
        Assert.Equal(RunPhases.Cancelled, (await run.State()).CurrentState);
    }

    [Fact]
    public async Task Cancel_before_the_plan_is_accepted_ends_at_once()
    {
        var run = new RunDriver(Host, "cancel-early");
        await run.SubmitAsync(Options("cancel-early"));
        await Host.Publish(new CancelRun(run.RunId, "changed my mind"));
        await run.Outcome<RunCancelled>();
        await run.AcceptAsync(Plan(Ws("a")), Options("cancel-early"));
        Assert.Equal(RunPhases.Cancelled, (await run.State()).CurrentState);
        Assert.Empty(run.Messages.All<PrepareIntegration>(m => m.RunId == run.RunId));
    }

    [Fact]
    public async Task Run_budget_halt_cancels_running_work_and_resume_redispatches_it_with_a_new_attempt()
    {
        var run = new RunDriver(Host, "halt");
        await run.StartAsync(Plan(Ws("done"), Ws("busy"), Ws("waiting", ["busy"])), Options("halt"));
        await run.CompleteAsync("done");
        await run.Dispatched("busy");
        await run.StartedAsync("busy");

        await Host.Publish(new BudgetExceeded(run.RunId, null, 12.5m, 10m, 125m, BudgetMode.Halt, DateTimeOffset.UtcNow));
        var halted = await run.Outcome<RunHalted>();
        Assert.Contains("budget exceeded", halted.Reason);
        var cancel = await run.Messages.WaitForOne<CancelWorkstream>(m => m.RunId == run.RunId);
        Assert.Equal(("busy", 1), (cancel.WorkstreamId, cancel.Attempt));
        var state = await run.State();
        Assert.Equal(RunPhases.Halted, state.CurrentState);
        Assert.Equal(WorkstreamStates.Cancelled, state.Workstreams["busy"].State);
        Assert.Empty(run.Messages.All<RevertIntegration>(m => m.RunId == run.RunId)); // halting keeps the branch

        await Host.Publish(new ResumeRun(run.RunId, 50m, DateTimeOffset.UtcNow));
        var retry = await run.Dispatched("busy", 2);
        Assert.Equal(RunDriver.HeadAfter("done", 1), retry.BaseCommit);
        state = await run.State();
        Assert.Equal(RunPhases.Running, state.CurrentState);
        Assert.Equal(50m, state.Options!.BudgetUsd);

        // The attempt cancelled by the halt reports late: stale.
        await run.SucceededAsync("busy", 1);
        Assert.True((await run.State()).Workstreams["busy"].IsDispatched);

        await run.StartedAsync("busy", 2);
        await run.SucceededAsync("busy", 2);
        await run.IntegrationRequested("busy", 2);
        await run.IntegratedAsync("busy", 2);
        await run.CompleteAsync("waiting");
        await run.Outcome<RunCompleted>();
        Assert.Single(run.AllDispatches(), d => d.WorkstreamId == "done");
    }

    [Fact]
    public async Task Warn_and_continue_budgets_do_not_stop_the_run()
    {
        var run = new RunDriver(Host, "warn");
        await run.StartAsync(Plan(Ws("a")), Options("warn"));
        await run.Dispatched("a");
        await Host.Publish(new BudgetExceeded(run.RunId, null, 12m, 10m, 120m, BudgetMode.Warn, DateTimeOffset.UtcNow));
        await Host.Publish(new BudgetExceeded(run.RunId, "a", 12m, 10m, 120m, BudgetMode.Continue, DateTimeOffset.UtcNow));
        // Recorded for the CLI to show (SagaBudgetTests), nothing more.
        var state = await run.State();
        Assert.Equal(RunPhases.Running, state.CurrentState);
        Assert.True(state.Workstreams["a"].IsDispatched);
        Assert.Empty(run.Messages.All<CancelWorkstream>(m => m.RunId == run.RunId));
    }

    [Fact]
    public async Task Workstream_budget_halt_fails_that_workstream_without_retry()
    {
        var run = new RunDriver(Host, "ws-budget");
        var settings = new PlanSettings { FailurePolicy = FailurePolicy.KeepGoing };
        await run.StartAsync(Plan(settings, Ws("spender", maxAttempts: 3), Ws("frugal")), Options("ws-budget"));
        await run.Dispatched("spender");
        await run.StartedAsync("spender");
        await Host.Publish(new BudgetExceeded(run.RunId, "spender", 3m, 2m, 150m, BudgetMode.Halt, DateTimeOffset.UtcNow));

        var cancel = await run.Messages.WaitForOne<CancelWorkstream>(m => m.RunId == run.RunId);
        Assert.Equal("spender", cancel.WorkstreamId);
        var state = await run.State();
        Assert.Equal(WorkstreamStates.Failed, state.Workstreams["spender"].State);
        Assert.Equal(FailureKind.BudgetExceeded, state.Workstreams["spender"].FailureKind);
        Assert.Single(run.AllDispatches(), d => d.WorkstreamId == "spender");

        await run.CompleteAsync("frugal");
        var failed = await run.Outcome<RunFailed>();
        Assert.Equal(["spender"], failed.FailedWorkstreams);
    }

    [Fact]
    public async Task Resume_after_fail_fast_reintegrates_in_the_original_order_then_runs_the_rest()
    {
        var run = new RunDriver(Host, "resume-failed");
        var plan = Plan(Ws("one"), Ws("two"), Ws("flaky"), Ws("last", ["one", "two", "flaky"]));
        await run.StartAsync(plan, Options("resume-failed", maxWorkers: 4));
        await run.CompleteAsync("two");
        await run.CompleteAsync("one");
        await run.Dispatched("flaky");
        await run.FailedAsync("flaky");
        await run.Outcome<RevertIntegration>();
        await Host.Publish(new IntegrationReverted(run.RunId, "refs/uet/archive/x", RunDriver.BaseCommit, [], DateTimeOffset.UtcNow));
        await run.Outcome<RunFailed>();

        await Host.Publish(new ResumeRun(run.RunId, null, DateTimeOffset.UtcNow));
        var reintegrations = await run.Messages.WaitFor<IntegrateWorkstream>(m => m.RunId == run.RunId, count: 4);
        Assert.Equal(["two", "one"], reintegrations.Skip(2).Select(m => m.WorkstreamId)); // same order as before the revert
        Assert.Equal(RunDriver.CommitOf("two", 1), reintegrations[2].Commit);
        var flaky = await run.Dispatched("flaky", 2);
        Assert.Equal(RunDriver.BaseCommit, flaky.BaseCommit);

        var state = await run.State();
        Assert.Equal(RunPhases.Running, state.CurrentState);
        Assert.False(state.IntegrationReverted);
        Assert.Equal(0, state.Workstreams["flaky"].Failures);
        Assert.Equal(WorkstreamStates.Integrating, state.Workstreams["one"].State);

        await run.IntegratedAsync("two");
        await run.IntegratedAsync("one");
        await run.StartedAsync("flaky", 2);
        await run.SucceededAsync("flaky", 2);
        await run.IntegrationRequested("flaky", 2);
        await run.IntegratedAsync("flaky", 2);
        await run.CompleteAsync("last");
        var completed = await run.Outcome<RunCompleted>();
        Assert.Equal(RunDriver.HeadAfter("last", 1), completed.IntegrationHead);

        state = await run.State();
        Assert.Equal(1, state.Workstreams["two"].IntegratedOrder);
        Assert.Equal(2, state.Workstreams["one"].IntegratedOrder);
        Assert.Equal(4, state.Workstreams["last"].IntegratedOrder);
        Assert.Single(run.AllDispatches(), d => d.WorkstreamId == "one"); // what succeeded is kept, not re-run
    }

    [Fact]
    public async Task Resume_of_a_completed_run_only_repeats_the_outcome()
    {
        var run = new RunDriver(Host, "resume-done");
        await run.StartAsync(Plan(Ws("a")), Options("resume-done"));
        await run.CompleteAsync("a");
        await run.Outcome<RunCompleted>();
        await Host.Publish(new ResumeRun(run.RunId, null, DateTimeOffset.UtcNow));
        await run.Messages.WaitFor<RunCompleted>(m => m.RunId == run.RunId, count: 2);
        Assert.Single(run.AllDispatches());
        Assert.Equal(RunPhases.Completed, (await run.State()).CurrentState);
    }
}
