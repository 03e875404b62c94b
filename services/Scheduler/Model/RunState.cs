using MassTransit;

using Microsoft.EntityFrameworkCore;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Persistence.Outbox;
using Uet.Persistence.Sagas;
using Uet.Scheduler.Saga;

namespace Uet.Scheduler.Model;

/// <summary>
/// The persisted run saga: one row per run (CorrelationId = RunId) plus one <see cref="WorkstreamRow"/> per
/// workstream, written only when that workstream changes.
/// </summary>
public sealed class RunState : SagaStateMachineInstance, ISagaVersion, ISagaChildRows, ISagaOutbox, ISagaFinished
{
    // The workstreams as last read from or written to the database, to find what changed.
    private Dictionary<string, WorkstreamProgress> _stored = new(StringComparer.Ordinal);

    public Guid CorrelationId { get; set; }

    /// <summary>The saga state's name (Validating, Running, ... ); null before the first event.</summary>
    public string? CurrentState { get; set; }

    public int Version { get; set; }
    public string RunName { get; set; } = "";

    /// <summary>The accepted <see cref="PlanDocument"/> as JSON; parsed once per process by the plan cache.</summary>
    public string? PlanJson { get; set; }

    public RunOptions? Options { get; set; }

    /// <summary>Workstream id → progress. Entries are immutable records: replace them, never mutate them.</summary>
    public Dictionary<string, WorkstreamProgress> Workstreams { get; set; } = new(StringComparer.Ordinal);

    public string? IntegrationBranch { get; set; }

    /// <summary>The commit the integration branch started from (where a revert goes back to).</summary>
    public string? BaseCommit { get; set; }

    /// <summary>The integration branch's current head; new attempts start here.</summary>
    public string? IntegrationHead { get; set; }

    /// <summary>Number of merges onto the integration branch so far; the next one gets this + 1.</summary>
    public int IntegrationCount { get; set; }

    /// <summary>The branch was reset to its base by compensation; a resume re-integrates DONE workstreams.</summary>
    public bool IntegrationReverted { get; set; }

    /// <summary>RevertIntegration was sent and IntegrationReverted is awaited.</summary>
    public bool RevertRequested { get; set; }

    public string? ArchiveRef { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int MaxWorkers { get; set; }
    public FailurePolicy FailurePolicy { get; set; }

    /// <summary>The plan's default max_attempts; a workstream's circuit_breaker.max_attempts overrides it.</summary>
    public int MaxAttempts { get; set; } = 1;

    /// <summary>The run budget (<c>--budget</c> over plan.json <c>budget.max_cost_usd</c>, replaced by a resume with a budget); null: none.</summary>
    public decimal? BudgetUsd { get; set; }

    /// <summary>What an exceeded budget does (<c>--budget-mode</c> over plan.json <c>budget.mode</c>, default halt); null before the plan.</summary>
    public BudgetMode? BudgetMode { get; set; }

    /// <summary>plan.json <c>budget.warning_threshold</c> (default 0.8), for showing the budget.</summary>
    public decimal? BudgetWarningThreshold { get; set; }

    /// <summary>The run's priced spending as the Cost service last reported it (CostRecorded, BudgetWarning, BudgetExceeded).</summary>
    public decimal SpentUsd { get; set; }

    /// <summary>The last budget event in words (a warning, a budget exceeded, a workstream held back), for the CLI to show once.</summary>
    public string? BudgetNotice { get; set; }

    public DateTimeOffset? BudgetNoticeAt { get; set; }

    /// <summary>
    /// Completed, failed, cancelled or rejected: the repository stops caching it (its plan index is dropped too). Not a
    /// halted run, which is waiting for a resume or a cancel while merges under way may still report.
    /// </summary>
    public bool Finished => CurrentState is RunPhases.Completed or RunPhases.Failed or RunPhases.Cancelled or RunPhases.Rejected;

    /// <summary>Messages handling the current message produced; stored with this row in one transaction (the outbox).</summary>
    public List<OutboxMessage> PendingOutbox { get; } = [];

    public async Task LoadChildRowsAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<WorkstreamRow>().AsNoTracking().Where(r => r.RunId == CorrelationId).ToListAsync(cancellationToken);
        Workstreams = rows.ToDictionary(r => r.WorkstreamId, r => r.ToProgress(), StringComparer.Ordinal);
        _stored = new Dictionary<string, WorkstreamProgress>(Workstreams, StringComparer.Ordinal);
    }

    public void TrackChildRowChanges(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        // A reference check per workstream finds the few that changed; only those rows are written.
        // If the transaction fails after this, the repository drops this instance and a retry reloads it.
        foreach (var (id, progress) in Workstreams)
        {
            if (!_stored.TryGetValue(id, out var stored))
            {
                db.Add(WorkstreamRow.From(CorrelationId, id, progress));
                _stored[id] = progress;
            }
            else if (!ReferenceEquals(stored, progress))
            {
                if (!stored.Equals(progress))
                {
                    // The row as stored, then its new values: only the columns that differ are marked, and written.
                    db.Attach(WorkstreamRow.From(CorrelationId, id, stored)).CurrentValues.SetValues(WorkstreamRow.From(CorrelationId, id, progress));
                }
                _stored[id] = progress;
            }
        }
        if (_stored.Count != Workstreams.Count)
        {
            foreach (var id in _stored.Keys.Where(id => !Workstreams.ContainsKey(id)).ToList())
            {
                db.Remove(new WorkstreamRow { RunId = CorrelationId, WorkstreamId = id });
                _stored.Remove(id);
            }
        }
    }
}
