namespace Uet.Persistence.Sagas;

/// <summary>
/// Which saga instance each message type goes to, known before the saga pipeline runs, so that messages for the
/// same instance that arrive together can share one transaction (<see cref="SagaCommitGroups"/>), and a message
/// can lock its instance's row in the same command as its inbox insert. A message type with no key here is handled
/// alone, and locks its row when the saga loads it.
/// </summary>
public sealed class SagaGroupKeys<TSaga>
    where TSaga : class
{
    private readonly Dictionary<Type, Func<object, Guid>> _keys = [];
    private readonly Lazy<SagaCommitGroups> _groups;

    public SagaGroupKeys() => _groups = new Lazy<SagaCommitGroups>(() => new SagaCommitGroups(MaxBatch));

    /// <summary>Most messages one transaction takes.</summary>
    public int MaxBatch { get; init; } = 128;

    /// <summary>False: every message is handled alone; the keys only let it lock its row with its inbox insert.</summary>
    public bool GroupCommit { get; init; } = true;

    /// <summary>
    /// The queues of this saga's instances. Held here because this object is a singleton, while MassTransit may
    /// create the repository (and its factory) per scope.
    /// </summary>
    public SagaCommitGroups Groups => _groups.Value;

    public SagaGroupKeys<TSaga> Add<TMessage>(Func<TMessage, Guid> key)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(key);
        _keys[typeof(TMessage)] = m => key((TMessage)m);
        return this;
    }

    public bool TryGet<TMessage>(TMessage message, out Guid key)
        where TMessage : class
    {
        if (_keys.TryGetValue(typeof(TMessage), out var get))
        {
            key = get(message);
            return true;
        }
        key = default;
        return false;
    }
}
