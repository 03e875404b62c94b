using Microsoft.EntityFrameworkCore;

namespace Uet.Persistence.Sagas;

/// <summary>
/// A saga whose state spans more rows than its own (one row per item, say), so that a message that changes one
/// item writes one row instead of the whole state. The repository calls these around its own load and save.
/// </summary>
public interface ISagaChildRows
{
    /// <summary>Reads the child rows after the saga row was loaded from the database (not when served from the cache).</summary>
    Task LoadChildRowsAsync(DbContext db, CancellationToken cancellationToken);

    /// <summary>Before saving: add, update or remove (on <paramref name="db"/>) exactly the child rows that changed.</summary>
    void TrackChildRowChanges(DbContext db);
}
