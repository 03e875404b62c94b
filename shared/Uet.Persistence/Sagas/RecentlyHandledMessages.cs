using System.Collections.Concurrent;

namespace Uet.Persistence.Sagas;

/// <summary>
/// The ids of the last messages this process committed for a saga type (bounded, oldest forgotten first). An optimistic
/// batch (one that checks its inbox as it writes) fails whole when one of its messages was handled before; a redelivery
/// this process handled itself is seen here first, so its batch locks and checks the inbox before applying instead.
/// </summary>
/// <typeparam name="TSaga">The saga type whose messages these are (one set per saga type).</typeparam>
public sealed class RecentlyHandledMessages<TSaga>
    where TSaga : class
{
    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<Guid, byte> _ids = new();
    private readonly ConcurrentQueue<Guid> _order = new();

    public bool Contains(Guid messageId) => _ids.ContainsKey(messageId);

    public void Add(Guid messageId)
    {
        if (!_ids.TryAdd(messageId, 0))
        {
            return;
        }
        _order.Enqueue(messageId);
        while (_ids.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _ids.TryRemove(oldest, out _);
        }
    }
}
