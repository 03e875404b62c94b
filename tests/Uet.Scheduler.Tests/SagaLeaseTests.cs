using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Uet.Contracts;
using Uet.Scheduler.Leases;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

public sealed class SagaLeaseTests : SagaTestBase
{
    [Fact]
    public async Task A_lost_lease_dispatches_the_next_attempt_stops_the_old_one_and_costs_no_failure()
    {
        var run = new RunDriver(Host, "lease");
        await run.StartAsync(Plan(Ws("a"), Ws("b", ["a"])), Options("lease"));
        await run.Dispatched("a", 1);
        await run.StartedAsync("a", 1);
        var heartbeat = (await run.State()).Workstreams["a"].LastHeartbeat!.Value;

        await Host.Publish(new LeaseExpired(run.RunId, "a", 1, "worker-1", heartbeat, DateTimeOffset.UtcNow));

        var second = await run.Dispatched("a", 2);
        Assert.Equal(RunDriver.BaseCommit, second.BaseCommit);
        var cancel = await run.Messages.WaitForOne<CancelWorkstream>(m => m.RunId == run.RunId && m.WorkstreamId == "a");
        Assert.Equal(1, cancel.Attempt);
        Assert.StartsWith("lease expired: no heartbeat from worker worker-1", cancel.Reason, StringComparison.Ordinal);
        var state = await run.State();
        Assert.Equal(0, state.Workstreams["a"].Failures);
        Assert.Equal(1, state.Workstreams["a"].LeaseExpiries);

        // The old attempt's worker was only cut off and reports late: ignored.
        await run.SucceededAsync("a", 1);
        Assert.Empty(run.Messages.All<IntegrateWorkstream>(m => m.RunId == run.RunId));

        await run.StartedAsync("a", 2);
        await run.SucceededAsync("a", 2);
        await run.IntegrationRequested("a", 2);
        await run.IntegratedAsync("a", 2);
        await run.CompleteAsync("b", 1);
        await run.Outcome<RunCompleted>();
    }

    [Fact]
    public async Task A_lease_report_older_than_the_last_heartbeat_is_ignored()
    {
        var run = new RunDriver(Host, "fresh");
        await run.StartAsync(Plan(Ws("a")), Options("fresh"));
        await run.Dispatched("a", 1);
        await run.StartedAsync("a", 1);
        var heartbeat = (await run.State()).Workstreams["a"].LastHeartbeat!.Value;
        await Host.Publish(new WorkstreamHeartbeat(run.RunId, "a", 1, "worker-1", heartbeat.AddSeconds(10)));

        // The watchdog read the row before that heartbeat arrived.
        await Host.Publish(new LeaseExpired(run.RunId, "a", 1, "worker-1", heartbeat, DateTimeOffset.UtcNow));

        var state = await run.State();
        Assert.Equal(1, state.Workstreams["a"].Attempt);
        Assert.Equal(0, state.Workstreams["a"].LeaseExpiries);
        Assert.Empty(run.Messages.All<CancelWorkstream>(m => m.RunId == run.RunId));
    }

    [Fact]
    public async Task Past_the_allowed_lost_leases_the_workstream_fails_as_an_infrastructure_failure()
    {
        await Host.DisposeAsync();
        Host = await SchedulerTestHost.StartAsync(Database.Options, o => o.MaxLeaseExpiries = 1);
        var run = new RunDriver(Host, "lost");
        await run.StartAsync(Plan(Ws("a")), Options("lost"));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await run.Dispatched("a", attempt);
            await run.StartedAsync("a", attempt);
            var heartbeat = (await run.State()).Workstreams["a"].LastHeartbeat!.Value;
            await Host.Publish(new LeaseExpired(run.RunId, "a", attempt, "worker-1", heartbeat, DateTimeOffset.UtcNow));
        }

        var failed = await run.Outcome<RevertIntegration>();
        Assert.Equal(run.RunId, failed.RunId);
        var state = await run.State();
        Assert.Equal("FAILED", state.Workstreams["a"].State);
        Assert.Equal(FailureKind.Infrastructure, state.Workstreams["a"].FailureKind);
        Assert.Contains("lease expired: no heartbeat from worker worker-1", state.Workstreams["a"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_watchdog_finds_expired_leases_in_the_database_and_reports_them()
    {
        await Host.DisposeAsync();
        // The test runs the check itself: the background one must not find the expired lease first.
        Host = await SchedulerTestHost.StartAsync(Database.Options, o =>
        {
            o.LeaseDuration = TimeSpan.Zero;
            o.LeaseCheckInterval = TimeSpan.FromHours(1);
        });
        var run = new RunDriver(Host, "watchdog");
        await run.StartAsync(Plan(Ws("a"), Ws("b")), Options("watchdog", maxWorkers: 1));
        var first = (await run.Messages.WaitForOne<ExecuteWorkstream>(m => m.RunId == run.RunId)).WorkstreamId;
        await run.StartedAsync(first, 1);

        var watchdog = Host.Services.GetServices<IHostedService>().OfType<LeaseWatchdog>().Single();
        Assert.Equal(1, await watchdog.CheckAsync(CancellationToken.None));

        await run.Dispatched(first, 2);
        var state = await run.State();
        Assert.Equal(1, state.Workstreams[first].LeaseExpiries);
    }
}
