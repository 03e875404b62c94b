using Uet.Contracts;
using Uet.Worker.Execution;

namespace Uet.Worker.Lifecycle;

/// <summary>
/// The replica's lifecycle <c>SPAWNING → IDLE ⇄ BUSY → DRAINING → TERMINATED</c>, published as WorkerStatusChanged.
/// Changes are published one at a time, in the order they happen.
/// </summary>
public sealed class WorkerStatusReporter(IWorkerEvents events, WorkerOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastPublished = long.MinValue;
    private bool _flushScheduled;
    private int _busy;
    private Guid? _runId;
    private string? _workstreamId;

    public WorkerState State { get; private set; } = WorkerState.Spawning;

    public Task SpawningAsync(CancellationToken ct = default) => ChangeAsync(_ => WorkerState.Spawning, null, null, ct);

    /// <summary>The bus delivers to this replica: Idle, or Busy if work arrived while it was still starting.</summary>
    public Task ReadyAsync(CancellationToken ct = default) =>
        ChangeAsync(state => state == WorkerState.Spawning ? BusyOrIdle() : null, null, null, ct);

    /// <summary>
    /// A slot took or finished an attempt. Only a change of state (Idle ⇄ Busy) is published, at most once per
    /// <see cref="WorkerOptions.StatusDebounce"/>: a busy replica
    /// with several slots changes its count for every attempt, and a message (and a registry write) per attempt costs
    /// more than it tells. The count and the current workstream go out with the next change or announcement.
    /// </summary>
    public Task SlotsChangedAsync(int busy, Guid? runId, string? workstreamId) =>
        ChangeAsync(
            state =>
            {
                _busy = busy;
                if (busy > 0)
                {
                    (_runId, _workstreamId) = (runId ?? _runId, workstreamId ?? _workstreamId);
                }
                return state switch
                {
                    WorkerState.Idle or WorkerState.Busy when BusyOrIdle() != state => BusyOrIdle(),
                    _ => null,
                };
            },
            runId,
            workstreamId,
            CancellationToken.None,
            coalesce: true);

    public Task DrainingAsync() => ChangeAsync(state => state == WorkerState.Terminated ? null : WorkerState.Draining, null, null, CancellationToken.None);

    public Task TerminatedAsync() => ChangeAsync(state => state == WorkerState.Terminated ? null : WorkerState.Terminated, null, null, CancellationToken.None);

    /// <summary>Says again what is true now, so a registry of live workers can tell a silent replica from an idle one.</summary>
    public Task AnnounceAsync(CancellationToken ct) =>
        ChangeAsync(state => state is WorkerState.Idle or WorkerState.Busy or WorkerState.Draining ? state : null, _runId, _workstreamId, ct);

    private WorkerState BusyOrIdle() => _busy > 0 ? WorkerState.Busy : WorkerState.Idle;

    /// <summary>
    /// <paramref name="next"/> returns the new state to publish, or null to publish nothing. A <paramref name="coalesce"/>d
    /// change within <see cref="WorkerOptions.StatusDebounce"/> of the last publish goes out later, as the state then.
    /// </summary>
    private async Task ChangeAsync(Func<WorkerState, WorkerState?> next, Guid? runId, string? workstreamId, CancellationToken ct, bool coalesce = false)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (next(State) is not { } state)
            {
                return;
            }

            State = state;
            (_runId, _workstreamId) = state == WorkerState.Busy ? (runId ?? _runId, workstreamId ?? _workstreamId) : (null, null);
            if (coalesce && options.StatusDebounce > TimeSpan.Zero && _lastPublished != long.MinValue
                && time.GetElapsedTime(_lastPublished) < options.StatusDebounce)
            {
                if (!_flushScheduled)
                {
                    _flushScheduled = true;
                    _ = FlushLaterAsync();
                }
                return;
            }
            await PublishAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(options.StatusDebounce, time);
        await _gate.WaitAsync();
        try
        {
            _flushScheduled = false;
            // Draining and Terminated were published when they happened; only an idle/busy flip can be owed.
            if (State is WorkerState.Idle or WorkerState.Busy)
            {
                await PublishAsync(CancellationToken.None);
            }
        }
        catch (Exception)
        {
            // The next change or announcement says it again.
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task PublishAsync(CancellationToken ct)
    {
        _lastPublished = time.GetTimestamp();
        return events.PublishAsync(
            new WorkerStatusChanged(options.WorkerId, State, _runId, _workstreamId, options.Slots, _busy, Environment.MachineName, time.GetUtcNow()),
            ct);
    }
}
