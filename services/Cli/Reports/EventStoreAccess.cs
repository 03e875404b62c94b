using Uet.Cli.Embedded;
using Uet.Contracts;
using Uet.Metrics.Store;
using Uet.Persistence;

namespace Uet.Cli.Reports;

/// <summary>
/// The embedded mode's event store: <c>&lt;state-dir&gt;/metrics.db</c>, a file of its own so that recording every event
/// never queues behind the run sagas' writes on SQLite's single write lock. Read without a bus, from any terminal.
/// </summary>
internal static class EventStoreAccess
{
    public const string DatabaseName = "metrics";

    public static PersistenceOptions Persistence(StateDirectory state) => PersistenceOptions.ForStateDirectory(state.Root, DatabaseName);

    public static string DatabasePath(StateDirectory state) => Path.Combine(state.Root, DatabaseName + ".db");

    /// <summary>The store's queries, or a usage error that says where the store was looked for.</summary>
    public static EventQueries RequireQueries(StateDirectory state)
    {
        if (!File.Exists(DatabasePath(state)))
        {
            throw new CliException($"No event store in {state.Root} ({DatabaseName}.db is missing): `uet run` records a run's events there; pass --state-dir if the runs are elsewhere.");
        }
        return new EventQueries(new MetricsDbContextFactory(Persistence(state)));
    }

    /// <summary>A run named on the command line: its name (<c>uet runs</c>), or its RunId.</summary>
    public static Guid RunIdOf(string nameOrId) => Guid.TryParse(nameOrId, out var id) ? id : Naming.RunIdFor(nameOrId);
}
