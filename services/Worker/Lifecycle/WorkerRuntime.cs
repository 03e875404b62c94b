using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Hosting.Telemetry;
using Uet.Worker.Execution;

namespace Uet.Worker.Lifecycle;

/// <summary>
/// Takes ExecuteWorkstream messages onto slots. An attempt may run for hours, longer than a broker lets a message
/// stay unacknowledged, so the consumer returns once WorkstreamStarted is out and the attempt runs on in the
/// background (DESIGN §4); heartbeats then keep the Scheduler's lease. While draining, no new attempt starts:
/// the consumer waits until the bus stops and the message goes back to the queue.
/// </summary>
public sealed class WorkerRuntime(
    WorkstreamExecutor executor,
    AttemptRegistry registry,
    WorkerSlots slots,
    WorkerStatusReporter status,
    IWorkerEvents events,
    WorkerOptions options,
    TimeProvider time,
    ILogger<WorkerRuntime> logger)
{
    private readonly ConcurrentDictionary<AttemptKey, Task> _work = new();
    private readonly Lock _drainLock = new();
    private bool _draining;

    public bool IsDraining
    {
        get
        {
            lock (_drainLock)
            {
                return _draining;
            }
        }
    }

    public async Task AcceptAsync(ExecuteWorkstream message, CancellationToken consumeCt)
    {
        var key = AttemptKey.Of(message);
        // The attempt runs on after this returns (Task.Run below): the scope and Activity.Current, the consume span of
        // this message, flow with the execution context into it, so its logs and spans stay in the run's scope and trace.
        using var scope = logger.BeginRunScope(message.RunId, message.RunName, message.WorkstreamId, message.Attempt);
        if (_work.ContainsKey(key))
        {
            logger.LogInformation("Ignoring a redelivery of {Attempt}: it is running here", key);
            return;
        }

        var superseded = registry.CancelSuperseded(key);
        if (superseded > 0)
        {
            logger.LogInformation("{Attempt} supersedes {Count} older attempt(s) running here; they are cancelled", key, superseded);
        }

        await WaitWhileDrainingAsync(consumeCt);
        var (slot, busy) = await slots.AcquireAsync(consumeCt);
        RunningAttempt? attempt = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_drainLock)
        {
            if (!_draining && _work.TryAdd(key, done.Task))
            {
                attempt = registry.TryRegister(key);
                if (attempt is null)
                {
                    _work.TryRemove(key, out _);
                }
            }
        }

        if (attempt is null)
        {
            slots.Release(slot);
            await WaitWhileDrainingAsync(consumeCt);
            return;
        }

        DateTimeOffset startedAt;
        try
        {
            if (attempt.Token.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                await events.PublishAsync(new WorkstreamFailed(key.RunId, key.WorkstreamId, key.Attempt, options.WorkerId, FailureKind.Cancelled, $"cancelled before it started: {attempt.CancelReason}", [], now, now), consumeCt);
                Finish(attempt, slot, done);
                return;
            }

            startedAt = await executor.StartAsync(message, consumeCt);
            await status.SlotsChangedAsync(busy, key.RunId, key.WorkstreamId);
        }
        catch
        {
            Finish(attempt, slot, done);
            throw;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await executor.RunAsync(message, slot, startedAt, attempt.Token, () => attempt.CancelReason);
            }
            catch (Exception ex)
            {
                // RunAsync publishes its own failures; this is a failure to publish, which the lease covers.
                logger.LogError(ex, "{Attempt} ended without publishing its result", key);
            }
            finally
            {
                var stillBusy = Finish(attempt, slot, done);
                await status.SlotsChangedAsync(stillBusy, key.RunId, key.WorkstreamId);
            }
        });
    }

    /// <summary>
    /// Stops taking work and waits for running attempts. If <paramref name="ct"/> fires first (the host's shutdown
    /// timeout), running attempts are cancelled, their processes killed and their failures published.
    /// </summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        List<Task> running;
        lock (_drainLock)
        {
            _draining = true;
            running = _work.Values.ToList();
        }

        if (running.Count > 0)
        {
            await status.DrainingAsync();
            logger.LogInformation("Draining: waiting for {Count} running attempt(s)", running.Count);
            try
            {
                await Task.WhenAll(running).WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                registry.CancelAll("the worker is shutting down");
                await Task.WhenAll(running);
            }
        }

        await status.TerminatedAsync();
    }

    private int Finish(RunningAttempt attempt, int slot, TaskCompletionSource done)
    {
        registry.Complete(attempt);
        _work.TryRemove(attempt.Key, out _);
        var busy = slots.Release(slot);
        done.TrySetResult();
        return busy;
    }

    private async Task WaitWhileDrainingAsync(CancellationToken ct)
    {
        if (IsDraining)
        {
            // Hold the message unacknowledged until the bus stops; the broker then gives it to another replica.
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
        }
    }
}
