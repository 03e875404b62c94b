using System.Collections.Concurrent;

namespace Uet.Worker.Execution;

/// <summary>
/// The attempts running on this worker, each with the token that kills its processes. A cancel that arrives before
/// its attempt starts is remembered, so the attempt never starts.
/// </summary>
public sealed class AttemptRegistry
{
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<AttemptKey, RunningAttempt> _running = new();
    private readonly ConcurrentDictionary<AttemptKey, string> _cancelledEarly = new();

    public IReadOnlyCollection<AttemptKey> Running => _running.Keys.ToList();

    /// <summary>Registers a starting attempt; null when it is already running here (a redelivered message).</summary>
    public RunningAttempt? TryRegister(AttemptKey key)
    {
        var attempt = new RunningAttempt(key);
        if (!_running.TryAdd(key, attempt))
        {
            attempt.Dispose();
            return null;
        }

        if (_cancelledEarly.TryRemove(key, out var reason))
        {
            attempt.Cancel(reason);
        }

        return attempt;
    }

    public void Complete(RunningAttempt attempt)
    {
        _running.TryRemove(new KeyValuePair<AttemptKey, RunningAttempt>(attempt.Key, attempt));
        attempt.Dispose();
    }

    /// <summary>Cancels the attempt if it runs here; otherwise remembers the cancel in case it is still on its way.</summary>
    public bool Cancel(AttemptKey key, string reason)
    {
        if (_running.TryGetValue(key, out var attempt))
        {
            attempt.Cancel(reason);
            return true;
        }

        if (_cancelledEarly.Count >= MaxRemembered)
        {
            _cancelledEarly.Clear();
        }

        _cancelledEarly[key] = reason;
        return false;
    }

    public bool WasCancelledEarly(AttemptKey key) => _cancelledEarly.ContainsKey(key);

    /// <summary>A newer attempt of the same workstream fences off older ones: they stop.</summary>
    public int CancelSuperseded(AttemptKey newer)
    {
        var cancelled = 0;
        foreach (var (key, attempt) in _running)
        {
            if (key.RunId == newer.RunId && key.WorkstreamId == newer.WorkstreamId && key.Attempt < newer.Attempt)
            {
                attempt.Cancel($"superseded by attempt {newer.Attempt}");
                cancelled++;
            }
        }

        return cancelled;
    }

    public void CancelAll(string reason)
    {
        foreach (var attempt in _running.Values)
        {
            attempt.Cancel(reason);
        }
    }
}

/// <summary>One running attempt: the cancellation that kills its process group, and why it was cancelled.</summary>
public sealed class RunningAttempt(AttemptKey key) : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    public AttemptKey Key { get; } = key;

    public CancellationToken Token => _cts.Token;

    public string? CancelReason { get; private set; }

    public void Cancel(string reason)
    {
        CancelReason ??= reason;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished in the meantime.
        }
    }

    public void Dispose() => _cts.Dispose();
}
