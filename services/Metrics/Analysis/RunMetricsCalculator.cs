using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Metrics.Store;

namespace Uet.Metrics.Analysis;

/// <summary>
/// Derives a run's figures from its stored events alone (pure: no clock, no database). Duplicates are harmless:
/// results count once per (workstream, attempt), usage and cost once per (workstream, attempt, sequence), gates once
/// per (workstream, attempt, type, command). Definitions are in docs/reports.md.
/// </summary>
public static class RunMetricsCalculator
{
    public static RunMetrics Calculate(IReadOnlyList<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ordered = events.OrderBy(e => e.Time).ThenBy(e => e.Sequence).ToList();
        var run = new RunFacts();
        var trackers = new Dictionary<string, WorkstreamTracker>(StringComparer.Ordinal);
        WorkstreamTracker Track(string id) => trackers.TryGetValue(id, out var t) ? t : trackers[id] = new WorkstreamTracker(id);

        foreach (var e in ordered)
        {
            run.Observe(e);
            switch (e.Message)
            {
                case WorkstreamStateChanged m:
                    Track(m.WorkstreamId).OnStateChanged(m, e.Time);
                    break;
                case ExecuteWorkstream m:
                    Track(m.WorkstreamId).SeeAttempt(m.Attempt);
                    break;
                case WorkstreamStarted m:
                    Track(m.WorkstreamId).OnStarted(m.Attempt, m.StartedAt);
                    break;
                case WorkstreamSucceeded m:
                    Track(m.WorkstreamId).OnResult(m.Attempt, new AttemptResult(m.StartedAt, m.FinishedAt, null, null));
                    break;
                case WorkstreamFailed m:
                    Track(m.WorkstreamId).OnResult(m.Attempt, new AttemptResult(m.StartedAt, m.FinishedAt, m.Kind, m.Reason));
                    break;
                case WorkstreamIntegrated m:
                    Track(m.WorkstreamId).OnIntegrated(m.Attempt, m.At);
                    break;
                case MergeConflictDetected m:
                    Track(m.WorkstreamId).Conflicts.Add(m.Attempt);
                    break;
                case IntegrationGateFailed m:
                    Track(m.WorkstreamId).IntegrationGateFailures.Add((m.Attempt, m.Type, m.Command));
                    break;
                case GateEvaluated m:
                    Track(m.WorkstreamId).Gates.TryAdd((m.Attempt, m.Type, m.Command), m.Passed);
                    break;
                case LeaseExpired m:
                    Track(m.WorkstreamId).LeaseExpiries.Add(m.Attempt);
                    break;
            }
        }

        var plan = run.Accepted?.Plan;
        var analysis = run.Accepted?.Analysis;
        var criticalPath = analysis?.CriticalPath ?? [];
        var onCriticalPath = criticalPath.ToHashSet(StringComparer.Ordinal);
        var specs = plan?.Workstreams.ToDictionary(w => w.Id, StringComparer.Ordinal) ?? new Dictionary<string, WorkstreamSpec>(StringComparer.Ordinal);
        var ids = specs.Keys.Union(trackers.Keys).Order(StringComparer.Ordinal).ToList();

        var (state, reason, terminal) = run.Outcome();
        var startedAt = run.Started?.Time ?? run.AcceptedAt ?? ordered.FirstOrDefault()?.Time;
        var endedAt = terminal?.Time ?? ordered.LastOrDefault()?.Time;
        var makespan = startedAt is { } s && endedAt is { } en && en > s ? en - s : TimeSpan.Zero;

        var costs = CostByReport(ordered);
        var workstreams = ids.Select(id =>
        {
            var tracker = trackers.GetValueOrDefault(id) ?? new WorkstreamTracker(id);
            var spans = tracker.Spans(terminal is not null, endedAt ?? default);
            var gates = tracker.Gates.Values.ToList();
            return new WorkstreamMetrics
            {
                Id = id,
                State = tracker.State,
                DependsOn = specs.TryGetValue(id, out var spec) ? spec.DependsOn.Order(StringComparer.Ordinal).ToList() : [],
                OnCriticalPath = onCriticalPath.Contains(id),
                Attempts = tracker.MaxAttempt,
                Duration = Sum(spans.Select(x => x.Duration)),
                QueueWait = Sum(tracker.Waits),
                IntegratedAt = tracker.FirstIntegratedAt,
                CostUsd = costs.Values.Where(c => c.WorkstreamId == id && c.Priced).Sum(c => c.CostUsd),
                BudgetUsd = spec?.MaxCostUsd,
                GatesEvaluated = gates.Count,
                GatesPassed = gates.Count(p => p),
                Error = tracker.State == "FAILED" ? tracker.Error : null,
                Spans = spans,
            };
        }).ToList();

        var workTime = Sum(workstreams.Select(w => w.Duration));
        var maxWorkers = analysis is { MaxWorkers: > 0 } ? analysis.MaxWorkers : run.Accepted?.Options.MaxWorkers ?? plan?.Settings.MaxWorkers ?? 0;
        // No attempt ran (a rejected plan, a run not started yet): a 0x speedup would be noise, not a measurement.
        double? achieved = makespan > TimeSpan.Zero && workTime > TimeSpan.Zero ? workTime / makespan : null;
        double? theoretical = analysis is { SpeedupBound: > 0 } ? analysis.SpeedupBound : null;
        var cost = Cost(costs.Values);

        return new RunMetrics
        {
            RunId = run.RunId ?? Guid.Empty,
            RunName = run.RunName ?? run.RunId?.ToString() ?? "",
            PlanName = plan?.Name ?? run.Submitted?.PlanName ?? run.Rejected?.PlanName,
            State = state,
            Reason = reason,
            StartedAt = startedAt,
            EndedAt = endedAt,
            Finished = terminal is not null,
            MaxWorkers = maxWorkers,
            WorkstreamCount = plan?.Workstreams.Count ?? (run.Started?.Message as RunStarted)?.Workstreams ?? ids.Count,
            Makespan = makespan,
            WorkTime = workTime,
            AchievedSpeedup = achieved,
            TheoreticalSpeedup = theoretical,
            SpeedupByWaves = analysis is { SpeedupByWaves: > 0 } ? analysis.SpeedupByWaves : null,
            ParallelismEfficiency = achieved is { } a && theoretical is { } t ? a / t : null,
            WorkerUtilisation = makespan > TimeSpan.Zero && maxWorkers > 0 ? workTime / (makespan * maxWorkers) : null,
            QueueWait = DurationStats.Of(trackers.Values.SelectMany(t => t.Waits)),
            DispatchLatency = DurationStats.Of(DispatchLatencies(ids, specs, trackers)),
            Retries = trackers.Values.Sum(t => Math.Max(0, t.MaxAttempt - 1)),
            // As the Scheduler's watchdog reported them, once per attempt (it may report one again until the saga acts).
            LeaseExpiries = trackers.Values.Sum(t => t.LeaseExpiries.Count),
            MergeConflicts = trackers.Values.Sum(t => t.Conflicts.Count),
            IntegrationGateFailures = trackers.Values.Sum(t => t.IntegrationGateFailures.Count),
            Gates = trackers.Values
                .SelectMany(t => t.Gates)
                .GroupBy(g => g.Key.Type, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GateStats(g.Key, g.Count(), g.Count(x => x.Value)))
                .ToList(),
            Cost = cost,
            Budget = Budget(run, plan, cost.TotalUsd),
            CriticalPath = criticalPath,
            Workstreams = workstreams,
        };
    }

    /// <summary>For each workstream with dependencies: its first start after the last of them was first integrated.</summary>
    private static IEnumerable<TimeSpan> DispatchLatencies(
        IEnumerable<string> ids, Dictionary<string, WorkstreamSpec> specs, Dictionary<string, WorkstreamTracker> trackers)
    {
        foreach (var id in ids)
        {
            if (!specs.TryGetValue(id, out var spec) || spec.DependsOn.Count == 0 || !trackers.TryGetValue(id, out var tracker))
            {
                continue;
            }
            var integrated = spec.DependsOn.Select(d => trackers.GetValueOrDefault(d)?.FirstIntegratedAt).ToList();
            if (integrated.Any(i => i is null))
            {
                continue;
            }
            var ready = integrated.Max()!.Value;
            var starts = tracker.Starts.Values.Where(st => st >= ready).ToList();
            if (starts.Count > 0)
            {
                yield return starts.Min() - ready;
            }
        }
    }

    private sealed record ReportCost(string WorkstreamId, string Model, UsageReported? Usage, decimal CostUsd, bool Priced);

    /// <summary>One entry per usage report (workstream, attempt, sequence): its usage, and its price if the Cost service gave one.</summary>
    private static Dictionary<(string, int, int), ReportCost> CostByReport(List<RunEvent> ordered)
    {
        var reports = new Dictionary<(string, int, int), ReportCost>();
        var priced = new HashSet<(string, int, int)>();
        foreach (var e in ordered)
        {
            switch (e.Message)
            {
                case UsageReported u:
                    var key = (u.WorkstreamId, u.Attempt, u.Sequence);
                    reports[key] = reports.TryGetValue(key, out var known)
                        ? known with { Usage = known.Usage ?? u }
                        : new ReportCost(u.WorkstreamId, u.Model, u, 0m, false);
                    break;
                // A second CostRecorded for the same report is a duplicate (the ledger counts a report once).
                case CostRecorded c when priced.Add((c.WorkstreamId, c.Attempt, c.Sequence)):
                    var costKey = (c.WorkstreamId, c.Attempt, c.Sequence);
                    var usage = reports.GetValueOrDefault(costKey)?.Usage;
                    reports[costKey] = new ReportCost(c.WorkstreamId, usage?.Model ?? c.Model, usage, c.CostUsd, c.Priced);
                    break;
            }
        }
        return reports;
    }

    private static CostSummary Cost(IEnumerable<ReportCost> reports)
    {
        var list = reports.ToList();
        var byModel = list
            .GroupBy(r => r.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelCost(
                g.Key,
                g.Where(r => r.Priced).Sum(r => r.CostUsd),
                g.Sum(r => r.Usage?.InputTokens ?? 0),
                g.Sum(r => r.Usage?.CachedInputTokens ?? 0),
                g.Sum(r => r.Usage?.OutputTokens ?? 0),
                g.Count(),
                g.Count(r => !r.Priced)))
            .ToList();
        return new CostSummary(byModel.Sum(m => m.CostUsd), list.Count, list.Count(r => !r.Priced), byModel);
    }

    private static BudgetStatus Budget(RunFacts run, PlanDocument? plan, decimal spent)
    {
        var options = run.Accepted?.Options;
        var settings = plan?.Settings.Budget;
        var budget = run.ResumedBudgetUsd ?? options?.BudgetUsd ?? settings?.MaxCostUsd;
        var mode = options?.BudgetMode ?? settings?.Mode ?? BudgetMode.Halt;
        var threshold = settings?.WarningThreshold ?? 0.8m;
        decimal? percent = budget is > 0 ? Math.Round(spent / budget.Value * 100m, 2) : null;
        var runEvents = run.BudgetEvents.Where(b => b.WorkstreamId is null && (budget is null || b.BudgetUsd == budget)).ToList();
        var status = budget is null ? "none"
            : runEvents.Any(b => b.Kind == "exceeded") || spent > budget ? "exceeded"
            : runEvents.Any(b => b.Kind == "warning") || spent >= budget * threshold ? "warning"
            : "ok";
        return new BudgetStatus(status, budget, mode, threshold, spent, percent, run.BudgetEvents);
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> values) => values.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    /// <summary>Run-level facts gathered in one pass: identity, plan, outcome, budget events.</summary>
    private sealed class RunFacts
    {
        private RunEvent? _terminal;

        public Guid? RunId { get; private set; }
        public string? RunName { get; private set; }
        public SubmitPlan? Submitted { get; private set; }
        public PlanAccepted? Accepted { get; private set; }
        public DateTimeOffset? AcceptedAt { get; private set; }
        public PlanRejected? Rejected { get; private set; }
        public RunEvent? Started { get; private set; }
        public decimal? ResumedBudgetUsd { get; private set; }
        public bool Resumed { get; private set; }
        public List<BudgetEvent> BudgetEvents { get; } = [];

        public void Observe(RunEvent e)
        {
            RunId ??= EventCatalog.For(e.Message.GetType()).Key(e.Message).RunId;
            switch (e.Message)
            {
                case SubmitPlan m:
                    Submitted ??= m;
                    RunName ??= m.Options.RunName;
                    break;
                case PlanAccepted m:
                    Accepted ??= m;
                    AcceptedAt ??= e.Time;
                    RunName ??= m.Options.RunName;
                    break;
                case PlanRejected m:
                    Rejected ??= m;
                    RunName ??= m.Options.RunName;
                    _terminal = e;
                    break;
                case RunStarted m:
                    Started ??= e;
                    RunName ??= m.RunName;
                    break;
                case RunCompleted or RunFailed or RunCancelled or RunHalted:
                    _terminal = e;
                    break;
                case ResumeRun m:
                    // A resume reopens the run; a final event after it closes it again.
                    _terminal = null;
                    ResumedBudgetUsd = m.BudgetUsd ?? ResumedBudgetUsd;
                    break;
                case BudgetWarning m:
                    BudgetEvents.Add(new BudgetEvent("warning", m.WorkstreamId, m.SpentUsd, m.BudgetUsd, m.Percent, m.At));
                    break;
                case BudgetExceeded m:
                    BudgetEvents.Add(new BudgetEvent("exceeded", m.WorkstreamId, m.SpentUsd, m.BudgetUsd, m.Percent, m.At));
                    break;
            }
        }

        public (string State, string? Reason, RunEvent? Terminal) Outcome() => _terminal?.Message switch
        {
            RunCompleted => ("Completed", null, _terminal),
            RunFailed f => ("Failed", f.Reason, _terminal),
            RunCancelled c => ("Cancelled", c.Reason, _terminal),
            RunHalted h => ("Halted", h.Reason, _terminal),
            PlanRejected r => ("Rejected", $"plan rejected: {r.Errors.Count} error(s)" + (r.Errors.Count > 0 ? ": " + r.Errors[0].Message : ""), _terminal),
            _ => (Started is not null || Accepted is not null ? "Running" : "Validating", null, null),
        };
    }

    private sealed record AttemptResult(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, FailureKind? Failure, string? Reason);

    /// <summary>One workstream's history: state, attempts, starts, results, integration, gates, waits.</summary>
    private sealed class WorkstreamTracker(string id)
    {
        private static readonly HashSet<string> NotWaiting = ["PENDING", "FAILED", "CANCELLED", "SKIPPED", "DONE"];
        private readonly Dictionary<int, AttemptResult> _results = [];
        private readonly HashSet<int> _integrated = [];
        private readonly List<(DateTimeOffset At, int Attempt, string State)> _changes = [];
        private DateTimeOffset? _readySince;

        public string Id { get; } = id;
        public string State { get; private set; } = "PENDING";
        public string? Error { get; private set; }
        public int MaxAttempt { get; private set; }
        public Dictionary<int, DateTimeOffset> Starts { get; } = [];
        public List<TimeSpan> Waits { get; } = [];
        public DateTimeOffset? FirstIntegratedAt { get; private set; }
        public HashSet<int> Conflicts { get; } = [];
        public HashSet<int> LeaseExpiries { get; } = [];
        public HashSet<(int Attempt, string Type, string Command)> IntegrationGateFailures { get; } = [];
        public Dictionary<(int Attempt, string Type, string Command), bool> Gates { get; } = [];

        public void SeeAttempt(int attempt) => MaxAttempt = Math.Max(MaxAttempt, attempt);

        public void OnStateChanged(WorkstreamStateChanged m, DateTimeOffset at)
        {
            SeeAttempt(m.Attempt);
            State = m.State;
            _changes.Add((at, m.Attempt, m.State));
            if (m.State == "READY")
            {
                // Promotion, dispatch and a retry's requeue all say READY: the wait runs from the first of them.
                _readySince ??= at;
            }
            else if (NotWaiting.Contains(m.State))
            {
                _readySince = null;
            }
            if (m.State == "FAILED")
            {
                Error = m.Detail;
            }
        }

        public void OnStarted(int attempt, DateTimeOffset startedAt)
        {
            SeeAttempt(attempt);
            if (!Starts.TryAdd(attempt, startedAt))
            {
                return;
            }
            if (_readySince is { } ready)
            {
                Waits.Add(startedAt > ready ? startedAt - ready : TimeSpan.Zero);
                _readySince = null;
            }
        }

        public void OnResult(int attempt, AttemptResult result)
        {
            SeeAttempt(attempt);
            _results.TryAdd(attempt, result);
        }

        public void OnIntegrated(int attempt, DateTimeOffset at)
        {
            _integrated.Add(attempt);
            FirstIntegratedAt ??= at;
        }

        public List<AttemptSpan> Spans(bool runEnded, DateTimeOffset observedUntil)
        {
            var attempts = Starts.Keys
                .Union(_results.Where(r => r.Value.FinishedAt > r.Value.StartedAt).Select(r => r.Key))
                .Order();
            var spans = new List<AttemptSpan>();
            foreach (var attempt in attempts)
            {
                var result = _results.GetValueOrDefault(attempt);
                var start = Starts.TryGetValue(attempt, out var s) ? s : result!.StartedAt;
                if (result is not null)
                {
                    var outcome = result.Failure switch
                    {
                        null when _integrated.Contains(attempt) => AttemptOutcomes.Integrated,
                        null when Conflicts.Contains(attempt) => AttemptOutcomes.Conflict,
                        null when IntegrationGateFailures.Any(f => f.Attempt == attempt) => AttemptOutcomes.Failed,
                        null => AttemptOutcomes.Succeeded,
                        FailureKind.Cancelled => AttemptOutcomes.Cancelled,
                        _ => AttemptOutcomes.Failed,
                    };
                    spans.Add(new AttemptSpan(attempt, start, result.FinishedAt < start ? start : result.FinishedAt, outcome));
                    continue;
                }
                // No result: the first later change that is not RUNNING ended it (cancel, retry, a resume's next attempt).
                var ended = _changes.FirstOrDefault(c => c.At > start && (c.Attempt > attempt || c.State != "RUNNING"));
                if (ended != default)
                {
                    spans.Add(new AttemptSpan(attempt, start, ended.At, ended.State == "CANCELLED" ? AttemptOutcomes.Cancelled : AttemptOutcomes.Lost));
                }
                else
                {
                    var end = observedUntil > start ? observedUntil : start;
                    spans.Add(new AttemptSpan(attempt, start, end, runEnded ? AttemptOutcomes.Lost : AttemptOutcomes.Running));
                }
            }
            return spans;
        }
    }
}
