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
    private readonly ConcurrentDictionary<Guid, int> _contended = new();
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

    /// <summary>
    /// The Version of the committed instance held for <paramref name="correlationId"/>, when a batch may apply its
    /// messages to it before taking the row's lock (and check the Version as it writes); null when there is none, or
    /// when a recent such batch lost (another process wrote the row, or a message was a redelivery).
    /// </summary>
    public int? OptimisticVersion(Guid correlationId)
    {
        if (_contended.TryGetValue(correlationId, out var left))
        {
            if (left <= 1)
            {
                _contended.TryRemove(correlationId, out _);
            }
            else
            {
                _contended[correlationId] = left - 1;
            }
            return null;
        }
        return _entries.TryGetValue(correlationId, out var entry) ? entry.Version : null;
    }

    /// <summary>
    /// An optimistic batch for <paramref name="correlationId"/> lost: the next <see cref="ContendedBatches"/> lock first.
    /// Two processes taking turns on one saga would otherwise lose every other time, each loss costing a retry.
    /// </summary>
    public void MarkContended(Guid correlationId)
    {
        _entries.TryRemove(correlationId, out _);
        if (_contended.Count >= Capacity)
        {
            _contended.Clear();
        }
        _contended[correlationId] = ContendedBatches;
    }

    /// <summary>Batches that lock first after an optimistic one lost.</summary>
    public const int ContendedBatches = 64;

    private sealed record Entry(TSaga Instance, int Version, long Stamp);
}
