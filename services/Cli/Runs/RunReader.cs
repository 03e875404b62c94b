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

    /// <summary>The run, or a usage error that says where the runs are listed.</summary>
    public async Task<RunDetails> GetRequiredAsync(string runName, CancellationToken ct) =>
        await GetAsync(runName, ct)
            ?? throw new CliException($"No run named '{runName}' in {state.Root}: `uet runs` lists the runs there (or pass --state-dir).");

    public async Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken ct) =>
        state.DatabaseExists ? await _queries.ListRunsAsync(ct) : [];
}
