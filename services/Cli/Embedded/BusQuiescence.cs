using MassTransit;

namespace Uet.Cli.Embedded;

/// <summary>
/// Tells when the in-memory bus has gone quiet. The in-memory transport is not durable: a message still queued when the
/// host stops is gone, so an embedded run waits for quiet before stopping, or the event store and the cost ledger
/// would miss the last events of the run (every event is published before the run's end is visible, but the
/// endpoints that store them may still be working through their queues).
/// </summary>
internal sealed class BusQuiescence(TimeProvider time) : IReceiveObserver
{
    private int _inFlight;
    private long _lastActivity = time.GetTimestamp();

    /// <summary>
    /// Waits until no message has been in flight for <paramref name="quiet"/>, or the deadline passes (then false).
    /// A published message reaches its in-memory queue's receiver within microseconds, so a quiet period far longer
    /// than that means nothing is left to deliver.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan quiet, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var giveUp = time.GetTimestamp() + (long)(deadline.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            if (Volatile.Read(ref _inFlight) == 0 && time.GetElapsedTime(Volatile.Read(ref _lastActivity)) >= quiet)
            {
                return true;
            }
            if (time.GetTimestamp() >= giveUp)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }
    }

    public Task PreReceive(ReceiveContext context)
    {
        Interlocked.Increment(ref _inFlight);
        Touch();
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context) => Done();

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Done();

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    private Task Done()
    {
        Touch();
        Interlocked.Decrement(ref _inFlight);
        return Task.CompletedTask;
    }

    private void Touch() => Volatile.Write(ref _lastActivity, time.GetTimestamp());
}
