using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Uet.Contracts;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

/// <summary>The worker in a real generic host, as the embedded mode hosts it, on the in-memory test harness.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private TestRepo _repo = null!;
    private IHost _host = null!;
    private BusRecorder _bus = null!;
    private WorkerOptions _options = null!;

    public async Task InitializeAsync()
    {
        _repo = await TestRepo.CreateAsync();
        // Every idle/busy flip published, so the test sees each one, and no periodic re-announcement among them.
        _options = new WorkerOptions
        {
            WorkerId = "host-worker",
            Slots = 2,
            DataDir = Path.Combine(_repo.Root, "data"),
            StatusDebounce = TimeSpan.Zero,
            StatusInterval = TimeSpan.FromHours(1),
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMassTransitTestHarness(x => x.AddWorker(_options));
        builder.Services.AddWorkerServices(_options);
        _host = builder.Build();
        _bus = BusRecorder.ConnectTo(_host.Services.GetRequiredService<IBus>());
        await _host.StartAsync();
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        _repo.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_worker_reports_spawning_idle_busy_idle_then_terminated_on_stop()
    {
        await _bus.WaitForPublishedAsync<WorkerStatusChanged>(s => s.State == WorkerState.Idle);
        var message = Execute(_repo, Spec("ws-life", ["echo x > src/x.txt"]));

        await _host.Services.GetRequiredService<IBus>().Publish(message);
        await _bus.WaitForPublishedAsync<WorkstreamSucceeded>(_ => true);
        await Poll.UntilAsync(() => _bus.Published<WorkerStatusChanged>().Count(s => s.State == WorkerState.Idle) == 2, "the worker to be idle again");
        await _host.StopAsync();

        var states = _bus.Published<WorkerStatusChanged>();
        Assert.Equal([WorkerState.Spawning, WorkerState.Idle, WorkerState.Busy, WorkerState.Idle, WorkerState.Terminated], states.Select(s => s.State));
        Assert.Equal([0, 0, 1, 0, 0], states.Select(s => s.BusySlots));
        Assert.All(states, s => Assert.Equal(("host-worker", 2), (s.WorkerId, s.Slots)));
        Assert.Equal((RunId, "ws-life"), (states[2].RunId, states[2].WorkstreamId));
        Assert.Equal([_repo.Path], await _repo.WorktreesAsync());
    }

    [Fact]
    public async Task Stopping_while_an_attempt_runs_drains_it_before_terminating()
    {
        var fifo = Fifo.Create(_repo.Root, "drain");
        await _host.Services.GetRequiredService<IBus>().Publish(Execute(_repo, Spec("ws-drain", [fifo.WaitTask, "echo done > src/done.txt"])));
        await _bus.WaitForPublishedAsync<WorkstreamStarted>(_ => true);

        var stopping = _host.StopAsync();
        await _bus.WaitForPublishedAsync<WorkerStatusChanged>(s => s.State == WorkerState.Draining);
        Assert.False(stopping.IsCompleted);
        Assert.Empty(_bus.Published<WorkstreamSucceeded>());
        await fifo.Release();
        await stopping;

        var events = _bus.AllPublished;
        var succeeded = events.OfType<WorkstreamSucceeded>().Single();
        Assert.Equal("done\n", await _repo.ShowAsync(succeeded.Commit, "src/done.txt"));
        var terminated = events.OfType<WorkerStatusChanged>().Last();
        Assert.Equal(WorkerState.Terminated, terminated.State);
        Assert.True(IndexOf(events, succeeded) < IndexOf(events, terminated));
        Assert.Equal([_repo.Path], await _repo.WorktreesAsync());
    }

    [Fact]
    public async Task Execute_goes_to_the_shared_worker_queue_and_cancel_to_a_queue_of_this_replica()
    {
        var bus = _host.Services.GetRequiredService<IBus>();
        var fifo = Fifo.Create(_repo.Root, "queued");
        var message = Execute(_repo, Spec("ws-queue", [fifo.WaitTask]));

        await (await bus.GetSendEndpoint(new Uri("queue:worker"))).Send(message);
        await _bus.WaitForPublishedAsync<WorkstreamStarted>(s => s.WorkstreamId == "ws-queue");
        await (await bus.GetSendEndpoint(new Uri("queue:worker-control-host-worker"))).Send(new CancelWorkstream(message.RunId, "ws-queue", 1, "sent to this replica"));

        var failed = await _bus.WaitForPublishedAsync<WorkstreamFailed>(f => f.WorkstreamId == "ws-queue");
        Assert.Equal(FailureKind.Cancelled, failed.Kind);
        Assert.Contains("sent to this replica", failed.Reason);
    }

    private static int IndexOf(IReadOnlyList<object> events, object item) => events.ToList().FindIndex(e => ReferenceEquals(e, item));
}
