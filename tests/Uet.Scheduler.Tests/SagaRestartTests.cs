using Uet.Contracts;
using Uet.Scheduler.Model;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

/// <summary>The process dies (the host is disposed mid-run) and a new one on the same database resumes the run.</summary>
public sealed class SagaRestartTests : SagaTestBase
{
    private async Task Restart(RunDriver run)
    {
        await Host.DisposeAsync();
        Host = await SchedulerTestHost.StartAsync(Database.Options);
        run.Host = Host;
    }

    [Fact]
    public async Task Resume_after_a_crash_supersedes_lost_attempts_and_keeps_what_is_done()
    {
        var run = new RunDriver(Host, "crash");
        await run.StartAsync(Plan(Ws("done"), Ws("lost"), Ws("merging"), Ws("next", ["lost"])), Options("crash", maxWorkers: 4));
        await run.CompleteAsync("done");
        await run.Dispatched("lost");
        await run.StartedAsync("lost");
        await run.Dispatched("merging");
        await run.SucceededAsync("merging");
        await run.IntegrationRequested("merging");

        await Restart(run); // the worker and the integration in flight died with the process

        await Host.Publish(new ResumeRun(run.RunId, null, DateTimeOffset.UtcNow));
        var superseded = await run.Messages.WaitForOne<CancelWorkstream>(m => m.RunId == run.RunId);
        Assert.Equal(("lost", 1), (superseded.WorkstreamId, superseded.Attempt));
        var lost = await run.Dispatched("lost", 2);
        Assert.Equal(RunDriver.HeadAfter("done", 1), lost.BaseCommit);
        var merge = await run.IntegrationRequested("merging"); // integration is idempotent: asked again, same attempt
        Assert.Equal(RunDriver.CommitOf("merging", 1), merge.Commit);

        // The old worker was not dead after all; its result is stale now.
        await run.SucceededAsync("lost", 1);
        Assert.True((await run.State()).Workstreams["lost"].IsDispatched);

        await run.IntegratedAsync("merging");
        await run.StartedAsync("lost", 2);
        await run.SucceededAsync("lost", 2);
        await run.IntegrationRequested("lost", 2);
        await run.IntegratedAsync("lost", 2);
        await run.CompleteAsync("next");
        await run.Outcome<RunCompleted>();

        var state = await run.State();
        Assert.Equal(RunPhases.Completed, state.CurrentState);
        Assert.Equal(4, state.IntegrationCount);
        Assert.DoesNotContain(run.AllDispatches(), d => d.WorkstreamId is "done" or "merging"); // not re-run after the restart
    }

    [Fact]
    public async Task A_new_process_carries_on_from_the_committed_state_without_a_resume()
    {
        var run = new RunDriver(Host, "carry-on");
        await run.StartAsync(Plan(Ws("a"), Ws("b", ["a"])), Options("carry-on"));
        await run.Dispatched("a");
        await run.StartedAsync("a");

        await Restart(run); // with a durable broker the worker's result simply arrives at the new process

        await run.SucceededAsync("a");
        await run.IntegrationRequested("a");
        await run.IntegratedAsync("a");
        var b = await run.Dispatched("b");
        Assert.Equal(RunDriver.HeadAfter("a", 1), b.BaseCommit);
        Assert.Equal("shell", b.Tool.Name); // the plan index was rebuilt from the stored plan
    }

    [Fact]
    public async Task Resume_asks_for_the_integration_branch_again_when_it_never_arrived()
    {
        var run = new RunDriver(Host, "no-prepare");
        await run.AcceptAsync(Plan(Ws("a")), Options("no-prepare"));
        await run.Messages.WaitForOne<PrepareIntegration>(m => m.RunId == run.RunId);

        await Restart(run);

        await Host.Publish(new ResumeRun(run.RunId, null, DateTimeOffset.UtcNow));
        await run.PrepareAsync();
        await run.CompleteAsync("a");
        await run.Outcome<RunCompleted>();
    }
}
