using MassTransit;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Scheduler.Model;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

public sealed class SagaFailureTests : SagaTestBase
{
    [Fact]
    public async Task Fail_fast_cancels_running_work_and_reverts_with_compensations_in_reverse_integration_order()
    {
        var run = new RunDriver(Host, "fail-fast");
        var plan = Plan(
            Ws("first", compensation: ["undo first"]),
            Ws("second", compensation: ["undo second", "then this"]),
            Ws("doomed"),
            Ws("running"),
            Ws("later", ["first", "second", "doomed"]));
        await run.StartAsync(plan, Options("fail-fast", maxWorkers: 4));

        // second integrates before first: compensation must follow the branch's order, not the ids.
        await run.CompleteAsync("second");
        await run.CompleteAsync("first");
        await run.Dispatched("running");
        await run.StartedAsync("running");
        await run.Dispatched("doomed");
        await run.FailedAsync("doomed", 1, FailureKind.AcceptanceTestFailed, "pytest failed");

        var cancel = await run.Messages.WaitForOne<CancelWorkstream>(m => m.RunId == run.RunId);
        Assert.Equal(("running", 1), (cancel.WorkstreamId, cancel.Attempt));
        var revert = await run.Outcome<RevertIntegration>();
        Assert.Equal(RunDriver.BaseCommit, revert.BaseCommit);
        Assert.Equal("uet/fail-fast/integration", revert.IntegrationBranch);
        Assert.Equal(["first", "second"], revert.Compensations.Select(c => c.WorkstreamId));
        Assert.Equal(["undo first"], revert.Compensations[0].Actions);
        Assert.Equal(["undo second", "then this"], revert.Compensations[1].Actions);

        var state = await run.State();
        Assert.Equal(RunPhases.Compensating, state.CurrentState);
        Assert.Equal(WorkstreamStates.Failed, state.Workstreams["doomed"].State);
        Assert.Equal(WorkstreamStates.Cancelled, state.Workstreams["running"].State);
        Assert.Equal(WorkstreamStates.Pending, state.Workstreams["later"].State);

        // The cancelled worker's late success changes nothing.
        await run.SucceededAsync("running");
        Assert.Equal(state.Version, (await run.State()).Version);

        await Host.Publish(new IntegrationReverted(run.RunId, "refs/uet/archive/fail-fast/1", RunDriver.BaseCommit, [], DateTimeOffset.UtcNow));
        var failed = await run.Outcome<RunFailed>();
        Assert.Equal(["doomed"], failed.FailedWorkstreams);
        Assert.Contains("workstream doomed failed: AcceptanceTestFailed: pytest failed", failed.Reason);

        state = await run.State();
        Assert.Equal(RunPhases.Failed, state.CurrentState);
        Assert.True(state.IntegrationReverted);
        Assert.Equal(RunDriver.BaseCommit, state.IntegrationHead);
        Assert.Equal("refs/uet/archive/fail-fast/1", state.ArchiveRef);
        Assert.DoesNotContain(run.AllDispatches(), d => d.WorkstreamId == "later");
    }

    [Fact]
    public async Task Fail_fast_waits_for_a_merge_in_flight_before_reverting()
    {
        var run = new RunDriver(Host, "in-flight");
        await run.StartAsync(Plan(Ws("merging", compensation: ["rm merging"]), Ws("doomed")), Options("in-flight"));
        await run.Dispatched("merging");
        await run.Dispatched("doomed");
        await run.SucceededAsync("merging");
        await run.IntegrationRequested("merging");
        await run.FailedAsync("doomed");

        Assert.Equal(RunPhases.Failing, (await run.State()).CurrentState);
        Assert.Empty(run.Messages.All<RevertIntegration>(m => m.RunId == run.RunId));

        await run.IntegratedAsync("merging");
        var revert = await run.Outcome<RevertIntegration>();
        Assert.Equal(["merging"], revert.Compensations.Select(c => c.WorkstreamId));
        Assert.Equal(RunPhases.Compensating, (await run.State()).CurrentState);
    }

    [Fact]
    public async Task Keep_going_skips_what_depends_on_the_failure_and_finishes_the_rest()
    {
        var run = new RunDriver(Host, "keep-going");
        var plan = Plan(
            Ws("broken"),
            Ws("child", ["broken"]),
            Ws("grandchild", ["child"]),
            Ws("independent"),
            Ws("after-independent", ["independent"]));
        await run.StartAsync(plan, Options("keep-going", policy: FailurePolicy.KeepGoing));

        await run.Dispatched("broken");
        await run.FailedAsync("broken", 1, FailureKind.ScopeViolation, "changed files outside scope");
        var state = await run.State();
        Assert.Equal(WorkstreamStates.Skipped, state.Workstreams["child"].State);
        Assert.Equal(WorkstreamStates.Skipped, state.Workstreams["grandchild"].State);
        Assert.Equal("dependency broken failed", state.Workstreams["grandchild"].Error);
        Assert.Equal(RunPhases.Running, state.CurrentState);

        await run.CompleteAsync("independent");
        await run.CompleteAsync("after-independent");
        var failed = await run.Outcome<RunFailed>();
        Assert.Equal(["broken"], failed.FailedWorkstreams);

        state = await run.State();
        Assert.Equal(RunPhases.Failed, state.CurrentState);
        Assert.Equal(WorkstreamStates.Done, state.Workstreams["after-independent"].State);
        Assert.Equal(RunDriver.HeadAfter("after-independent", 1), state.IntegrationHead); // the branch keeps what succeeded
        Assert.Empty(run.Messages.All<RevertIntegration>(m => m.RunId == run.RunId));
        Assert.Empty(run.Messages.All<CancelWorkstream>(m => m.RunId == run.RunId));
    }

    [Fact]
    public async Task Integration_gate_failure_counts_as_a_failed_attempt()
    {
        var run = new RunDriver(Host, "gate");
        var settings = new PlanSettings { IntegrationGates = [new TestGateSpec(GateTypes.Integration, Command: "make it")] };
        await run.StartAsync(Plan(settings, Ws("a")), Options("gate"));
        await run.Dispatched("a");
        await run.SucceededAsync("a");
        var integrate = await run.IntegrationRequested("a");
        Assert.Equal("make it", Assert.Single(integrate.IntegrationGates).Command);

        await Host.Publish(new IntegrationGateFailed(run.RunId, "a", 1, GateTypes.Integration, "make it", "1 failed", DateTimeOffset.UtcNow));
        var state = await run.State();
        Assert.Equal(WorkstreamStates.Failed, state.Workstreams["a"].State);
        Assert.Equal(FailureKind.IntegrationGateFailed, state.Workstreams["a"].FailureKind);
        // Nothing was integrated: the revert has nothing to compensate but still resets the branch.
        var revert = await run.Outcome<RevertIntegration>();
        Assert.Empty(revert.Compensations);
    }

    [Fact]
    public async Task Integration_that_faults_instead_of_answering_fails_the_attempt_and_the_revert_fault_ends_the_run()
    {
        var run = new RunDriver(Host, "fault");
        await run.StartAsync(Plan(Ws("a")), Options("fault"));
        await run.Dispatched("a");
        await run.SucceededAsync("a");
        var integrate = await run.IntegrationRequested("a");

        var faultId = NewId.NextGuid();
        await Host.Harness.Bus.Publish<Fault<IntegrateWorkstream>>(
            FaultOf(integrate, new InvalidOperationException("commit abc is not in the repository")),
            c => c.MessageId = faultId);
        await Host.Consumed<Fault<IntegrateWorkstream>>(faultId);
        var state = await run.State();
        Assert.Equal(WorkstreamStates.Failed, state.Workstreams["a"].State);
        Assert.Equal(FailureKind.Infrastructure, state.Workstreams["a"].FailureKind);
        Assert.Contains("commit abc is not in the repository", state.Workstreams["a"].Error);

        var revert = await run.Outcome<RevertIntegration>();
        var revertFaultId = NewId.NextGuid();
        await Host.Harness.Bus.Publish<Fault<RevertIntegration>>(
            FaultOf(revert, new InvalidOperationException("cannot lock ref")),
            c => c.MessageId = revertFaultId);
        var failed = await run.Outcome<RunFailed>();
        Assert.Contains("reverting the integration branch failed: cannot lock ref", failed.Reason);
    }

    [Fact]
    public async Task Integration_branch_that_cannot_be_prepared_fails_the_run()
    {
        var run = new RunDriver(Host, "no-branch");
        await run.AcceptAsync(Plan(Ws("a")), Options("no-branch"));
        await Host.Publish(new IntegrationPreparationFailed(run.RunId, "base ref 'nope' not found"));
        var failed = await run.Outcome<RunFailed>();
        Assert.Contains("base ref 'nope' not found", failed.Reason);
        Assert.Empty(run.AllDispatches());
    }

    /// <summary>What MassTransit publishes when a consumer throws after its retries.</summary>
    private static Fault<T> FaultOf<T>(T message, Exception exception)
        where T : class =>
        new MassTransit.Events.FaultEvent<T>(message, NewId.NextGuid(), MassTransit.Metadata.HostMetadataCache.Host, exception, [MessageUrn.ForTypeString<T>()]);
}
