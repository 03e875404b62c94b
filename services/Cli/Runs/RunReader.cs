using Uet.Cli.Embedded;
using Uet.Persistence;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Runs;

/// <summary>Reads runs from the state dir's database without starting a bus, so any terminal can look.</summary>
internal sealed class RunReader(StateDirectory state)
{
    private readonly RunQueries _queries = new(new SchedulerDbContextFactory(new PersistenceOptions { ConnectionString = state.ConnectionString }));

    public async Task<RunDetails?> GetAsync(string runName, CancellationToken ct) =>
        state.DatabaseExists ? await _queries.GetRunAsync(runName, ct) : null;

    public async Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken ct) =>
        state.DatabaseExists ? await _queries.ListRunsAsync(ct) : [];
}
