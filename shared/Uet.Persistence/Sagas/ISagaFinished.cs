namespace Uet.Persistence.Sagas;

/// <summary>
/// A saga instance that can tell it is finished (a run that completed): the repository then does not keep it in memory
/// after its commit. A finished saga is rarely touched again, and a large one (a run of thousands of workstreams) would
/// otherwise stay cached until newer ones pushed it out; a late message simply loads it again.
/// </summary>
public interface ISagaFinished
{
    bool Finished { get; }
}
