namespace Uet.Persistence.Sagas;

/// <summary>
/// A saga row the transaction locked together with its inbox insert (one round trip for both), and the Version that
/// lock read; or, for an optimistic batch, the Version of the cached instance, which the batch's write checks. The first load of that saga takes it instead of locking the row again. When there was no row, a load
/// locks again: another transaction may have created the row since (this one's insert-or-nothing then found it).
/// </summary>
internal sealed class HeldSagaLock(Guid sagaId, int? version)
{
    private bool _taken;

    public bool TryTake(Guid correlationId, out int lockedVersion)
    {
        lockedVersion = version ?? 0;
        if (_taken || correlationId != sagaId || version is null)
        {
            return false;
        }
        _taken = true;
        return true;
    }
}
