using System.Collections.Concurrent;

namespace Uet.Persistence.Outbox;

/// <summary>
/// Outbox rows this process wrote and has not yet seen confirmed by the broker, and those it has (waiting to be
/// deleted in a batch). Memory only: after a crash the rows themselves are the truth, and the delivery service
/// republishes what is left.
/// </summary>
public sealed class OutboxTracker
{
    private static readonly long ForgetAfterTicks = TimeSpan.FromMinutes(5).Ticks;

    // Id -> when it was written (UTC ticks). An id whose transaction rolled back, or whose publish failed, is never
    // confirmed; it is forgotten after a while (the delivery service republishes the row, if there is one, anyway).
    private readonly ConcurrentDictionary<Guid, long> _pending = new();
    private readonly ConcurrentQueue<Guid> _delivered = new();

    public void Written(IEnumerable<Guid> ids, DateTimeOffset at)
    {
        foreach (var id in ids)
        {
            _pending.TryAdd(id, at.UtcTicks);
        }
    }

    /// <summary>The broker confirmed a message; true when it was one of ours.</summary>
    public bool Confirmed(Guid id)
    {
        if (!_pending.TryRemove(id, out _))
        {
            return false;
        }

        _delivered.Enqueue(id);
        return true;
    }

    public List<Guid> TakeDelivered(int max, DateTimeOffset now)
    {
        var ids = new List<Guid>();
        while (ids.Count < max && _delivered.TryDequeue(out var id))
        {
            ids.Add(id);
        }

        if (_pending.Count > 10_000)
        {
            foreach (var (id, at) in _pending)
            {
                if (now.UtcTicks - at > ForgetAfterTicks)
                {
                    _pending.TryRemove(id, out _);
                }
            }
        }

        return ids;
    }
}
