using Microsoft.EntityFrameworkCore;

using Uet.Cli.Embedded;
using Uet.Cli.Runs;
using Uet.Contracts;
using Uet.Metrics.Store;
using Uet.Persistence;

namespace Uet.Cli.Reports;

/// <summary>
/// Where the event store is: in the embedded mode <c>&lt;state-dir&gt;/metrics.db</c>, a file of its own so that recording
/// every event never queues behind the run sagas' writes on SQLite's single write lock; on a cluster, the Metrics
/// service's schema in its PostgreSQL. Read without a bus, from any terminal.
/// </summary>
internal static class EventStoreAccess
{
    public const string DatabaseName = "metrics";

    public static PersistenceOptions Persistence(StateDirectory state) => PersistenceOptions.ForStateDirectory(state.Root, DatabaseName);

    /// <summary>Names the store in messages.</summary>
    public static string Describe(RunPlace place) =>
        place.Cluster is { } cluster ? $"the event store of {cluster.Describe}" : Path.Combine(place.State.Root, DatabaseName + ".db");

    /// <summary>The store's queries, or a usage error that says where the store was looked for.</summary>
    public static async Task<EventQueries> RequireQueriesAsync(RunPlace place, CancellationToken ct)
    {
        if (place.Cluster is { } cluster)
        {
            var factory = new MetricsDbContextFactory(cluster.Persistence);
            await using var db = factory.CreateDbContext();
            if (!(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
            {
                throw new CliException($"No event store in {cluster.Describe}'s database (schema {MetricsDbContext.Schema}): the Metrics service creates it when it starts; is it deployed?");
            }
            return new EventQueries(factory);
        }

        if (!File.Exists(Path.Combine(place.State.Root, DatabaseName + ".db")))
        {
            throw new CliException($"No event store in {place.State.Root} ({DatabaseName}.db is missing): `uet run` records a run's events there; pass --state-dir if the runs are elsewhere.");
        }
        return new EventQueries(new MetricsDbContextFactory(Persistence(place.State)));
    }

    /// <summary>A run named on the command line: its name (<c>uet runs</c>), or its RunId.</summary>
    public static Guid RunIdOf(string nameOrId) => Guid.TryParse(nameOrId, out var id) ? id : Naming.RunIdFor(nameOrId);
}
