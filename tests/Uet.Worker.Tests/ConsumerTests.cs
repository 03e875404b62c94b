using MassTransit;
using MassTransit.Testing;

using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Worker.Tools;
using Uet.Worker.Workspaces;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

/// <summary>The worker on MassTransit's test harness: messages in, events out.</summary>
public sealed class ConsumerTests : IAsyncLifetime
{
    private TestRepo _repo = null!;
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;
    private WorkerOptions _options = null!;
    private BusRecorder _bus = null!;

    public async Task InitializeAsync()
    {
        _repo = await TestRepo.CreateAsync();
        _options = new WorkerOptions { WorkerId = "bus-worker", Slots = 2, DataDir = Path.Combine(_repo.Root, "data") };
        _provider = new ServiceCollection()
            .AddLogging()
            .AddWorkerServices(_options)
            .AddMassTransitTestHarness(x => x.AddWorker(_options))
            .BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _bus = BusRecorder.ConnectTo(_harness.Bus);
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _provider.GetRequiredService<WorkspacePool>().RemoveAllAsync();
        await _provider.DisposeAsync();
        _repo.Dispose();
    }

    [Fact]
    public async Task An_ExecuteWorkstream_message_is_consumed_and_Started_then_Succeeded_are_published()
    {
        var message = Execute(_repo, Spec("ws-bus", ["write src/bus.txt: via the bus", "append src/bus.txt: again"]), FakeAgentProfile());

        await _harness.Bus.Publish(message);

        var succeeded = await PublishedAsync<WorkstreamSucceeded>(m => m.WorkstreamId == "ws-bus");
        var started = await PublishedAsync<WorkstreamStarted>(m => m.WorkstreamId == "ws-bus");
        Assert.Equal("bus-worker", started.WorkerId);
        Assert.Equal("via the bus\nagain\n", await _repo.ShowAsync(succeeded.Commit, "src/bus.txt"));
        Assert.Equal(succeeded.Commit, await _repo.Git.RevParseAsync("uet/run1/ws-bus"));
        Assert.Equal([1, 2], _bus.Published<UsageReported>().Where(u => u.WorkstreamId == "ws-bus").Select(u => u.Sequence).Order());
    }

    [Fact]
    public async Task A_CancelWorkstream_message_kills_the_running_attempt()
    {
        var pidFile = Path.Combine(_repo.Root, "child.pid");
        var message = Execute(_repo, Spec("ws-cancel", [$"sleep 300 & echo $! > '{pidFile}.tmp'; mv '{pidFile}.tmp' '{pidFile}'; wait"]));
        await _harness.Bus.Publish(message);
        await Poll.UntilAsync(() => File.Exists(pidFile), "the tool to start");

        await _harness.Bus.Publish(new CancelWorkstream(message.RunId, "ws-cancel", 1, "user asked"));

        var failed = await PublishedAsync<WorkstreamFailed>(m => m.WorkstreamId == "ws-cancel");
        Assert.Equal(FailureKind.Cancelled, failed.Kind);
        Assert.Contains("user asked", failed.Reason);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        await Poll.UntilAsync(() => ProcessGroup.HasExited(pid), $"process {pid} to be killed", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_newer_attempt_supersedes_the_older_one_running_here()
    {
        var fifo = Fifo.Create(_repo.Root, "never");
        var first = Execute(_repo, Spec("ws-retry", [fifo.WaitTask]), attempt: 1);
        await _harness.Bus.Publish(first);
        await PublishedAsync<WorkstreamStarted>(m => m.WorkstreamId == "ws-retry" && m.Attempt == 1);

        await _harness.Bus.Publish(Execute(_repo, Spec("ws-retry", ["echo 2 > src/two.txt"]), attempt: 2));

        var failed = await PublishedAsync<WorkstreamFailed>(m => m.WorkstreamId == "ws-retry" && m.Attempt == 1);
        Assert.Equal(FailureKind.Cancelled, failed.Kind);
        Assert.Contains("superseded by attempt 2", failed.Reason);
        var succeeded = await PublishedAsync<WorkstreamSucceeded>(m => m.WorkstreamId == "ws-retry");
        Assert.Equal(2, succeeded.Attempt);
    }

    [Fact]
    public async Task A_redelivered_message_for_an_attempt_running_here_is_ignored()
    {
        var fifo = Fifo.Create(_repo.Root, "hold");
        var message = Execute(_repo, Spec("ws-dup", [fifo.WaitTask]));
        await _harness.Bus.Publish(message);
        await PublishedAsync<WorkstreamStarted>(m => m.WorkstreamId == "ws-dup");

        await _harness.Bus.Publish(message);
        await Poll.UntilAsync(() => _bus.Consumed<ExecuteWorkstream>().Count(m => m.WorkstreamId == "ws-dup") == 2, "the redelivery to be consumed");
        await fifo.Release();

        await PublishedAsync<WorkstreamSucceeded>(m => m.WorkstreamId == "ws-dup");
        Assert.Single(_bus.Published<WorkstreamStarted>(), m => m.WorkstreamId == "ws-dup");
    }

    [Fact]
    public async Task A_cancel_that_arrives_before_its_attempt_stops_it_from_starting()
    {
        var message = Execute(_repo, Spec("ws-early", ["echo x > src/x.txt"]));
        await _harness.Bus.Publish(new CancelWorkstream(message.RunId, "ws-early", 1, "run cancelled"));
        await Poll.UntilAsync(() => _bus.Consumed<CancelWorkstream>().Count > 0, "the cancel to be consumed");

        await _harness.Bus.Publish(message);

        var failed = await PublishedAsync<WorkstreamFailed>(m => m.WorkstreamId == "ws-early");
        Assert.Equal(FailureKind.Cancelled, failed.Kind);
        Assert.Contains("before it started", failed.Reason);
        Assert.DoesNotContain(_bus.Published<WorkstreamStarted>(), m => m.WorkstreamId == "ws-early");
    }

    [Fact]
    public async Task When_a_run_ends_its_worktrees_are_removed()
    {
        var message = Execute(_repo, Spec("ws-end", ["true"]));
        await _harness.Bus.Publish(message);
        await PublishedAsync<WorkstreamSucceeded>(m => m.WorkstreamId == "ws-end");
        Assert.Equal(2, (await _repo.WorktreesAsync()).Count);

        await _harness.Bus.Publish(new RunCompleted(message.RunId, "run1", "uet/run1/integration", _repo.BaseCommit, DateTimeOffset.UtcNow));

        await Poll.UntilAsync(() => _repo.WorktreesAsync().GetAwaiter().GetResult().Count == 1, "the run's worktree to be removed");
    }

    private Task<T> PublishedAsync<T>(Func<T, bool> match)
        where T : class => _bus.WaitForPublishedAsync(match);
}
