namespace Uet.Persistence.Sagas;

/// <summary>
/// The instance the messages of one batch share: the first loads (or creates) it, the rest apply to the same object,
/// and the batch saves it once at the end.
/// </summary>
internal sealed class SagaBatch<TSaga>
    where TSaga : class
{
    public TSaga? Instance { get; set; }

    public bool Deleted { get; set; }

    /// <summary>The row the batch locked together with its inbox insert.</summary>
    public HeldSagaLock? Lock { get; set; }
}

/// <summary>Another message of the same batch failed, so nothing of the batch was committed; this one is retried alone.</summary>
public sealed class SagaBatchAbortedException(Guid sagaId, Exception cause)
    : Exception($"Saga {sagaId}: another message of the same transaction failed ({cause.Message}); this one is retried.", cause);
