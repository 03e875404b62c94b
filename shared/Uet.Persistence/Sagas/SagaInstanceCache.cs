using System.Collections.Concurrent;

using MassTransit;

namespace Uet.Persistence.Sagas;

/// <summary>
/// Saga instances as this process last committed them, by CorrelationId and Version. A message whose locked row
/// still has that Version takes the instance instead of reading and materialising the row again (a run with
/// thousands of workstreams is handled thousands of times). An instance is checked out while a message uses it
/// and checked in only after its transaction committed, so no two messages ever share one, and a failure simply
/// leaves the entry out.
/// </summary>
public sealed class SagaInstanceCache<TSaga>
    where TSaga : class, ISagaVersion
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _clock;

    public SagaInstanceCache(int capacity = 64) => Capacity = Math.Max(1, capacity);

    public int Capacity { get; }

    public int Count => _entries.Count;

    /// <summary>Takes the cached instance if it is exactly the committed <paramref name="version"/>; otherwise drops any stale one.</summary>
    public TSaga? CheckOut(Guid correlationId, int version)
    {
        if (!_entries.TryRemove(correlationId, out var entry))
        {
            return null;
        }
        return entry.Version == version && entry.Instance.Version == version ? entry.Instance : null;
    }

    /// <summary>Keeps an instance whose state is committed.</summary>
    public void CheckIn(TSaga instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _entries[instance.CorrelationId] = new Entry(instance, instance.Version, Interlocked.Increment(ref _clock));
        if (_entries.Count > Capacity)
        {
            var oldest = _entries.OrderBy(e => e.Value.Stamp).Take(_entries.Count - Capacity).Select(e => e.Key).ToList();
            foreach (var id in oldest)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    public void Forget(Guid correlationId) => _entries.TryRemove(correlationId, out _);

    private sealed record Entry(TSaga Instance, int Version, long Stamp);
}
