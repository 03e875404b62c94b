using System.Linq.Expressions;

using Microsoft.EntityFrameworkCore;

using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;

namespace Uet.Scheduler.Queries;

/// <summary>The read side of the run saga, straight from the database (no bus): for <c>uet runs</c> and <c>uet status</c>.</summary>
public sealed class RunQueries(IDbContextFactory<SchedulerDbContext> dbFactory)
{
    /// <summary>Every run, newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Not the plan: it can be megabytes per run.
        var runs = await db.Runs.AsNoTracking()
            .Select(r => new { r.CorrelationId, r.RunName, r.CurrentState, r.Reason, r.CreatedAt, r.UpdatedAt, r.FinishedAt })
            .ToListAsync(cancellationToken);
        var counts = await db.RunWorkstreams.AsNoTracking()
            .GroupBy(w => new { w.RunId, w.State })
            .Select(g => new { g.Key.RunId, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var byRun = counts.ToLookup(c => c.RunId);
        // Sorted here: SQLite cannot order by DateTimeOffset in SQL.
        return runs
            .OrderByDescending(r => r.CreatedAt)
            .ThenBy(r => r.RunName, StringComparer.Ordinal)
            .Select(r => new RunSummary(
                r.CorrelationId,
                r.RunName,
                r.CurrentState ?? "Initial",
                byRun[r.CorrelationId].Sum(c => c.Count),
                byRun[r.CorrelationId].Where(c => c.State == WorkstreamStates.Done).Sum(c => c.Count),
                byRun[r.CorrelationId].Where(c => c.State == WorkstreamStates.Failed).Sum(c => c.Count),
                r.Reason,
                r.CreatedAt,
                r.UpdatedAt,
                r.FinishedAt))
            .ToList();
    }

    /// <summary>
    /// The saga row without its plan: a live view asks for the run every 200 ms, and the plan of a 1,000-workstream
    /// run is half a megabyte of JSON that the view never shows. Every other column is read (a test checks that a new
    /// one is added here).
    /// </summary>
    internal static readonly Expression<Func<RunState, RunState>> WithoutPlan = r => new RunState
    {
        CorrelationId = r.CorrelationId,
        CurrentState = r.CurrentState,
        Version = r.Version,
        RunName = r.RunName,
        Options = r.Options,
        IntegrationBranch = r.IntegrationBranch,
        BaseCommit = r.BaseCommit,
        IntegrationHead = r.IntegrationHead,
        IntegrationCount = r.IntegrationCount,
        IntegrationReverted = r.IntegrationReverted,
        RevertRequested = r.RevertRequested,
        ArchiveRef = r.ArchiveRef,
        Reason = r.Reason,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
        FinishedAt = r.FinishedAt,
        MaxWorkers = r.MaxWorkers,
        FailurePolicy = r.FailurePolicy,
        MaxAttempts = r.MaxAttempts,
        BudgetUsd = r.BudgetUsd,
        BudgetMode = r.BudgetMode,
        BudgetWarningThreshold = r.BudgetWarningThreshold,
        SpentUsd = r.SpentUsd,
        BudgetNotice = r.BudgetNotice,
        BudgetNoticeAt = r.BudgetNoticeAt,
    };

    /// <summary>A run by name or by RunId (a Guid); null when there is none.</summary>
    public async Task<RunDetails?> GetRunAsync(string runNameOrId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runNameOrId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        RunState? run;
        if (Guid.TryParse(runNameOrId, out var id))
        {
            run = await db.Runs.AsNoTracking().Where(r => r.CorrelationId == id).Select(WithoutPlan).SingleOrDefaultAsync(cancellationToken);
        }
        else
        {
            // A name may have been reused by runs with other ids (the CLI derives ids from names, tests may not): newest wins.
            var named = await db.Runs.AsNoTracking().Where(r => r.RunName == runNameOrId).Select(WithoutPlan).ToListAsync(cancellationToken);
            run = named.OrderByDescending(r => r.CreatedAt).FirstOrDefault();
        }
        if (run is null)
        {
            return null;
        }
        await run.LoadChildRowsAsync(db, cancellationToken);
        return ToDetails(run);
    }

    /// <summary>The saga row and its workstreams as committed, or null.</summary>
    public async Task<RunState?> LoadStateAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.CorrelationId == runId, cancellationToken);
        if (run is not null)
        {
            await run.LoadChildRowsAsync(db, cancellationToken);
        }
        return run;
    }

    private static RunDetails ToDetails(RunState run)
    {
        var counts = WorkstreamStates.All.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var progress in run.Workstreams.Values)
        {
            counts[progress.State] = counts.GetValueOrDefault(progress.State) + 1;
        }
        var workstreams = run.Workstreams
            .OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => new WorkstreamView(
                w.Key,
                w.Value.State,
                w.Value.Attempt,
                w.Value.Failures,
                w.Value.WorkerId,
                w.Value.Branch,
                w.Value.Commit,
                w.Value.ReadyAt,
                w.Value.DispatchedAt,
                w.Value.StartedAt,
                w.Value.FinishedAt,
                w.Value.LastHeartbeat,
                w.Value.IntegratedOrder,
                w.Value.Error))
            .ToList();
        return new RunDetails(
            run.CorrelationId,
            run.RunName,
            run.CurrentState ?? "Initial",
            run.Reason,
            run.IntegrationBranch,
            run.BaseCommit,
            run.IntegrationHead,
            run.IntegrationReverted,
            run.ArchiveRef,
            run.MaxWorkers,
            run.FailurePolicy.ToString(),
            run.Options?.RepoPath,
            run.Options?.DryRun ?? false,
            run.CreatedAt,
            run.UpdatedAt,
            run.FinishedAt,
            counts,
            workstreams,
            ToBudget(run));
    }

    private static RunBudgetView? ToBudget(RunState run)
    {
        if (run.BudgetMode is not { } mode)
        {
            return null;
        }
        // As the Cost service counts it (BudgetRules.Percent): any spending uses all of a zero budget.
        decimal? percent = run.BudgetUsd is not { } budget ? null
            : budget > 0m ? Math.Round(run.SpentUsd * 100m / budget, 2, MidpointRounding.AwayFromZero)
            : run.SpentUsd > 0m ? 100m : 0m;
        return new RunBudgetView(run.BudgetUsd, mode.ToString().ToLowerInvariant(), run.BudgetWarningThreshold ?? 0.8m, run.SpentUsd, percent, run.BudgetNotice, run.BudgetNoticeAt);
    }
}
