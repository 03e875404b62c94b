using Uet.Gateway.Submission;
using Uet.Metrics.Store;
using Uet.Scheduler.Queries;

namespace Uet.Gateway.Api;

/// <summary>Finds the run a URL names (by name or RunId), or answers 404 with where the runs are listed.</summary>
public sealed class RunLookup(RunQueries runs, EventQueries events)
{
    /// <summary>Run states after which nothing happens until a <c>ResumeRun</c>.</summary>
    public static readonly IReadOnlySet<string> FinalStates =
        new HashSet<string>(StringComparer.Ordinal) { "Completed", "Failed", "Cancelled", "Halted", "Rejected" };

    public async Task<RunDetails> RequireAsync(string run, CancellationToken ct) =>
        await runs.GetRunAsync(Checked(run), ct) ?? throw NotFound(run);

    /// <summary>
    /// The RunId of a run the Scheduler or the event store knows: the store may hold a run the Scheduler never took
    /// (a plan rejected before the saga existed), and the saga a run whose events are still on their way.
    /// </summary>
    public async Task<Guid> RequireIdAsync(string run, CancellationToken ct)
    {
        if (await runs.GetRunAsync(Checked(run), ct) is { } details)
        {
            return details.RunId;
        }

        var id = RunNames.IdOf(run);
        return (await events.ListAsync(new EventFilter { RunId = id, Tail = 1 }, ct)).Count > 0 ? id : throw NotFound(run);
    }

    private static string Checked(string run) =>
        string.IsNullOrWhiteSpace(run) || run.Length > 200 ? throw NotFound(run) : run;

    private static ApiProblem NotFound(string run) =>
        ApiProblem.NotFound($"No run named '{run}': GET /api/runs lists the runs (a run is named by its runName or its runId).");
}
