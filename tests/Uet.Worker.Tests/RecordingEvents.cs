using System.Collections.Concurrent;

using Uet.Worker.Execution;

namespace Uet.Worker.Tests;

/// <summary>The worker's event port backed by a list, so tests see exactly what would be published, in order.</summary>
internal sealed class RecordingEvents : IWorkerEvents
{
    private readonly ConcurrentQueue<object> _events = new();

    public IReadOnlyList<object> All => _events.ToList();

    public Task PublishAsync<T>(T message, CancellationToken ct = default)
        where T : class
    {
        _events.Enqueue(message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<T> Of<T>() => _events.OfType<T>().ToList();

    public Task<T> WaitForAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
        where T : class =>
        Poll.UntilAsync(() => _events.OfType<T>().FirstOrDefault(e => predicate?.Invoke(e) ?? true), $"an event {typeof(T).Name}", timeout);
}
