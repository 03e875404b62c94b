using Microsoft.Extensions.Time.Testing;

using Uet.Contracts;
using Uet.Worker.Execution;
using Uet.Worker.Lifecycle;

namespace Uet.Worker.Tests;

/// <summary>Idle/busy flips closer together than <see cref="WorkerOptions.StatusDebounce"/> reach the bus once, as the latest state.</summary>
public sealed class StatusDebounceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Recorder _events = new();
    private readonly WorkerStatusReporter _status;

    public StatusDebounceTests() =>
        _status = new WorkerStatusReporter(_events, new WorkerOptions { WorkerId = "w", Slots = 2, StatusDebounce = TimeSpan.FromSeconds(1) }, _time);

    [Fact]
    public async Task Flips_within_the_debounce_are_published_once_later_as_the_state_then()
    {
        await _status.SpawningAsync();
        await _status.ReadyAsync();
        await _status.SlotsChangedAsync(1, Guid.NewGuid(), "ws-a");
        await _status.SlotsChangedAsync(0, null, null);
        await _status.SlotsChangedAsync(1, Guid.NewGuid(), "ws-b");
        Assert.Equal([WorkerState.Spawning, WorkerState.Idle], _events.States);

        _time.Advance(TimeSpan.FromSeconds(1));
        await PollAsync(() => _events.States.Count == 3);

        Assert.Equal([WorkerState.Spawning, WorkerState.Idle, WorkerState.Busy], _events.States);
        Assert.Equal("ws-b", _events.Last.WorkstreamId);
        Assert.Equal(WorkerState.Busy, _status.State);
    }

    [Fact]
    public async Task A_flip_after_a_quiet_spell_and_every_lifecycle_change_go_out_at_once()
    {
        await _status.SpawningAsync();
        await _status.ReadyAsync();
        _time.Advance(TimeSpan.FromSeconds(2));

        await _status.SlotsChangedAsync(1, Guid.NewGuid(), "ws-a");
        await _status.DrainingAsync();
        await _status.TerminatedAsync();

        Assert.Equal([WorkerState.Spawning, WorkerState.Idle, WorkerState.Busy, WorkerState.Draining, WorkerState.Terminated], _events.States);
    }

    private static async Task PollAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the delayed status was not published within 10 s");
            await Task.Delay(5);
        }
    }

    private sealed class Recorder : IWorkerEvents
    {
        private readonly List<WorkerStatusChanged> _published = [];

        public List<WorkerState> States
        {
            get
            {
                lock (_published)
                {
                    return _published.Select(p => p.State).ToList();
                }
            }
        }

        public WorkerStatusChanged Last
        {
            get
            {
                lock (_published)
                {
                    return _published[^1];
                }
            }
        }

        public Task PublishAsync<T>(T message, CancellationToken ct = default)
            where T : class
        {
            if (message is WorkerStatusChanged status)
            {
                lock (_published)
                {
                    _published.Add(status);
                }
            }
            return Task.CompletedTask;
        }
    }
}
