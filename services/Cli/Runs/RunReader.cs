using Uet.Cli.Cluster;
using Uet.Cli.Embedded;
using Uet.Persistence;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Runs;

/// <summary>Reads runs from the Scheduler's database (the state dir's, or a cluster's) without starting a bus, so any terminal can look.</summary>
internal sealed class RunReader
{
    private readonly RunQueries _queries;
    private readonly Func<bool> _exists;
    private readonly string _where;

    public RunReader(StateDirectory state)
    {
        _queries = new RunQueries(new SchedulerDbContextFactory(new PersistenceOptions { ConnectionString = state.ConnectionString }));
        _exists = () => state.DatabaseExists;
        _where = state.Root;
    }

    public RunReader(ClusterConnection cluster)
    {
        _queries = new RunQueries(new SchedulerDbContextFactory(cluster.Persistence));
        _exists = () => true;
        _where = cluster.Describe;
    }

    public async Task<RunDetails?> GetAsync(string runName, CancellationToken ct) =>
        _exists() ? await _queries.GetRunAsync(runName, ct) : null;

    /// <summary>The run, or a usage error that says where the runs are listed.</summary>
    public async Task<RunDetails> GetRequiredAsync(string runName, CancellationToken ct) =>
        await GetAsync(runName, ct)
            ?? throw new CliException($"No run named '{runName}' in {_where}: `uet runs` lists the runs there (or pass --state-dir, or --rabbitmq and --postgres).");

    public async Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken ct) =>
        _exists() ? await _queries.ListRunsAsync(ct) : [];
}
