using System.Text.Json;
using System.Text.Json.Serialization;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Cost.Budgets;
using Uet.Cost.Model;
using Uet.Cost.Persistence;
using Uet.Domain.Costs;

namespace Uet.Cost.Ledger;

/// <summary>
/// The ledger's writes, one transaction each, under the lock of the run's budget row: record a usage report
/// (priced, counted once), set a run's budgets from its accepted plan, replace the run budget on resume. Each returns
/// the events to publish once it has committed.
/// </summary>
public sealed class CostLedger(IDbContextFactory<CostDbContext> contexts, PriceTable prices, TimeProvider clock, ILogger<CostLedger> logger)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public PriceTable Prices => prices;

    /// <summary>
    /// Prices the report and adds it to the ledger and to its run's and workstream's spending, unless a report with
    /// the same (run, workstream, attempt, sequence) is there already: then nothing is counted and the outcome repeats
    /// what the first delivery caused.
    /// </summary>
    public async Task<UsageOutcome> RecordAsync(UsageReported report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (string.IsNullOrWhiteSpace(report.WorkstreamId))
        {
            throw new ArgumentException($"UsageReported for run {report.RunId} has no WorkstreamId; a usage report must name its workstream.", nameof(report));
        }

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await LedgerSql.BeginAsync(db, ct);
        var run = await LedgerSql.LockRunAsync(db, report.RunId, now, ct);
        if (await FindAsync(db, report, ct) is { } existing)
        {
            await tx.RollbackAsync(ct);
            return Replay(existing);
        }

        var priced = Price(report);
        var workstream = await db.Budgets.AsTracking().SingleOrDefaultAsync(b => b.RunId == report.RunId && b.WorkstreamId == report.WorkstreamId, ct);
        if (workstream is null)
        {
            workstream = new BudgetRow { RunId = report.RunId, WorkstreamId = report.WorkstreamId, Mode = run.Mode, WarningThreshold = run.WarningThreshold };
            db.Budgets.Add(workstream);
        }

        var caused = new List<StoredBudgetEvent>();
        foreach (var row in new[] { run, workstream })
        {
            Count(row, priced, now);
            caused.AddRange(Evaluate(row, priced.CostUsd, now));
        }

        var entry = new UsageEntry
        {
            RunId = report.RunId,
            WorkstreamId = report.WorkstreamId,
            Attempt = report.Attempt,
            Sequence = report.Sequence,
            Model = Truncate(report.Model ?? "", 200),
            InputTokens = report.InputTokens,
            CachedInputTokens = report.CachedInputTokens,
            OutputTokens = report.OutputTokens,
            ReportedCostUsd = report.CostUsd,
            CostUsd = priced.CostUsd,
            Priced = priced.Priced,
            PriceSource = priced.Source,
            PriceRule = priced.Match.Rule,
            PriceEntry = priced.Match.Entry,
            RunTotalUsd = run.SpentUsd,
            WorkstreamTotalUsd = workstream.SpentUsd,
            BudgetEventsJson = caused.Count == 0 ? null : JsonSerializer.Serialize(caused, Json),
            ReportedAt = report.At,
            RecordedAt = now,
        };
        if (!await LedgerSql.InsertOrNothingAsync(db, entry, ct))
        {
            // Only a writer that bypassed the run lock can get here; its row is the one that counts.
            var winner = await FindAsync(db, report, ct);
            await tx.RollbackAsync(ct);
            return Replay(winner ?? throw new InvalidOperationException("A usage report's insert conflicted, yet no row has its key."));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (!priced.Priced)
        {
            logger.LogWarning(
                "Run {RunId} {Workstream} attempt {Attempt}: model '{Model}' is not in the price table; {Tokens} tokens recorded unpriced (add it to the price table, see docs/costs.md)",
                report.RunId, report.WorkstreamId, report.Attempt, entry.Model, report.InputTokens + report.CachedInputTokens + report.OutputTokens);
        }
        return new UsageOutcome(entry, false, EventsOf(entry));
    }

    /// <summary>Sets the run's and its workstreams' budgets from the accepted plan (once: a redelivery changes nothing).</summary>
    public async Task<IReadOnlyList<CostEvent>> ApplyPlanAsync(PlanAccepted accepted, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var now = clock.GetUtcNow();
        var settings = BudgetSettings.From(accepted);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await LedgerSql.BeginAsync(db, ct);
        var run = await LedgerSql.LockRunAsync(db, accepted.RunId, now, ct);
        if (run.PlanAppliedAt is not null)
        {
            await tx.RollbackAsync(ct);
            return [];
        }

        // A ResumeRun seen first (it should not be) has the last word on the run budget.
        if (run.BudgetChangedAt is null)
        {
            run.BudgetUsd = settings.RunBudgetUsd;
        }
        run.Mode = settings.Mode;
        run.WarningThreshold = settings.WarningThreshold;
        run.PlanAppliedAt = now;
        run.UpdatedAt = now;

        var rows = await db.Budgets.AsTracking().Where(b => b.RunId == accepted.RunId && b.WorkstreamId != BudgetRow.RunScope).ToDictionaryAsync(b => b.WorkstreamId, StringComparer.Ordinal, ct);
        foreach (var ws in accepted.Plan.Workstreams)
        {
            if (!rows.TryGetValue(ws.Id, out var row))
            {
                if (ws.MaxCostUsd is null)
                {
                    continue;
                }
                row = new BudgetRow { RunId = accepted.RunId, WorkstreamId = ws.Id };
                db.Budgets.Add(row);
                rows[ws.Id] = row;
            }
            row.BudgetUsd = ws.MaxCostUsd;
        }
        foreach (var row in rows.Values)
        {
            row.Mode = settings.Mode;
            row.WarningThreshold = settings.WarningThreshold;
            row.UpdatedAt = now;
        }

        // Usage may have arrived before the plan (queues are not ordered with each other): check it now.
        var caused = Evaluate(run, 0m, now).Concat(rows.Values.OrderBy(r => r.WorkstreamId, StringComparer.Ordinal).SelectMany(r => Evaluate(r, 0m, now))).ToList();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation(
            "Run {RunId}: budget {Budget} USD, mode {Mode}, warning at {Threshold}; {Count} workstream budget(s)",
            accepted.RunId, run.BudgetUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", run.Mode, run.WarningThreshold, settings.WorkstreamBudgets.Count);
        return caused.Select(e => ToEvent(accepted.RunId, e, now, "plan", e.Kind, e.WorkstreamId)).ToList();
    }

    /// <summary>A resume with a budget replaces the run budget (normally to raise it); the new budget is checked at once.</summary>
    public async Task<IReadOnlyList<CostEvent>> ApplyResumeAsync(ResumeRun resume, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resume);
        if (resume.BudgetUsd is not { } budget)
        {
            return [];
        }
        if (budget < 0m)
        {
            logger.LogWarning("Run {RunId}: resume asked for a negative budget ({Budget} USD); the budget is unchanged", resume.RunId, budget);
            return [];
        }

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await LedgerSql.BeginAsync(db, ct);
        var run = await LedgerSql.LockRunAsync(db, resume.RunId, now, ct);
        var before = run.BudgetUsd;
        run.BudgetUsd = budget;
        run.BudgetChangedAt = now;
        run.UpdatedAt = now;
        var caused = Evaluate(run, 0m, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Run {RunId}: budget {Before} → {Budget} USD on resume ({Spent} USD spent)", resume.RunId, before, budget, run.SpentUsd);
        return caused.Select(e => ToEvent(resume.RunId, e, now, "resume", resume.At.UtcTicks, budget, e.Kind, e.WorkstreamId)).ToList();
    }

    private PricedUsage Price(UsageReported report)
    {
        var usage = new TokenUsage(report.InputTokens, report.CachedInputTokens, report.OutputTokens);
        if (!usage.IsValid)
        {
            logger.LogWarning("Run {RunId} {Workstream}: usage report {Sequence} has negative token counts; recorded unpriced", report.RunId, report.WorkstreamId, report.Sequence);
            return new PricedUsage(0m, PriceSource.Unpriced, new PriceMatch(report.Model ?? "", null, null, PriceRule.Unpriced));
        }
        if (report.CostUsd is < 0m)
        {
            logger.LogWarning("Run {RunId} {Workstream}: the tool reported a negative cost ({Cost}); the price table prices the report instead", report.RunId, report.WorkstreamId, report.CostUsd);
        }
        return prices.Price(report.Model, usage, report.CostUsd);
    }

    /// <summary>Keeps a model name within its column; the price was looked up with the full name.</summary>
    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private static void Count(BudgetRow row, PricedUsage priced, DateTimeOffset now)
    {
        row.SpentUsd += priced.CostUsd;
        row.Reports++;
        if (!priced.Priced)
        {
            row.UnpricedReports++;
        }
        row.UpdatedAt = now;
    }

    /// <summary>Applies the budget rules to a row: marks what was reached, returns what is to be published.</summary>
    private List<StoredBudgetEvent> Evaluate(BudgetRow row, decimal addedUsd, DateTimeOffset now)
    {
        var verdict = BudgetRules.Evaluate(row.State, addedUsd);
        if (!verdict.Any || row.BudgetUsd is not { } budget)
        {
            return [];
        }

        var scope = row.IsRun ? "run" : "workstream " + row.WorkstreamId;
        var caused = new List<StoredBudgetEvent>();
        if (verdict.Warning)
        {
            row.WarnedBudgetUsd = budget;
            row.WarnedAt = now;
            logger.LogWarning("Run {RunId} {Scope}: {Spent} of {Budget} USD spent ({Percent}%), past the warning threshold", row.RunId, scope, row.SpentUsd, budget, verdict.Percent);
            caused.Add(new StoredBudgetEvent(BudgetEventKind.Warning, row.IsRun ? null : row.WorkstreamId, row.SpentUsd, budget, verdict.Percent, row.Mode));
        }
        if (verdict.Exceeded)
        {
            if (row.ExceededBudgetUsd != budget)
            {
                row.ExceededBudgetUsd = budget;
                row.ExceededAt = now;
            }
            logger.LogWarning(
                "Run {RunId} {Scope}: budget exceeded, {Spent} of {Budget} USD ({Percent}%); mode {Mode}: {Consequence}",
                row.RunId, scope, row.SpentUsd, budget, verdict.Percent, row.Mode,
                row.Mode switch { BudgetMode.Halt => "halting", BudgetMode.Warn => "continuing", _ => "recorded only" });
            caused.Add(new StoredBudgetEvent(BudgetEventKind.Exceeded, row.IsRun ? null : row.WorkstreamId, row.SpentUsd, budget, verdict.Percent, row.Mode));
        }
        return verdict.Publish ? caused : [];
    }

    private static Task<UsageEntry?> FindAsync(CostDbContext db, UsageReported report, CancellationToken ct) =>
        db.Usage.AsNoTracking().SingleOrDefaultAsync(
            u => u.RunId == report.RunId && u.WorkstreamId == report.WorkstreamId && u.Attempt == report.Attempt && u.Sequence == report.Sequence,
            ct);

    private static UsageOutcome Replay(UsageEntry existing) => new(existing, true, EventsOf(existing));

    /// <summary>CostRecorded, then the budget events the report caused, all with ids derived from the report's key.</summary>
    private static List<CostEvent> EventsOf(UsageEntry entry)
    {
        var recorded = new CostRecorded(
            entry.RunId, entry.WorkstreamId, entry.Attempt, entry.Sequence, entry.Model, entry.CostUsd, entry.Priced,
            entry.RunTotalUsd, entry.WorkstreamTotalUsd, entry.RecordedAt);
        var events = new List<CostEvent> { new(EventIds.For("cost-recorded", entry.RunId, entry.WorkstreamId, entry.Attempt, entry.Sequence), recorded) };
        var caused = entry.BudgetEventsJson is { } json ? JsonSerializer.Deserialize<List<StoredBudgetEvent>>(json, Json) ?? [] : [];
        events.AddRange(caused.Select(e => ToEvent(entry.RunId, e, entry.RecordedAt, "usage", entry.WorkstreamId, entry.Attempt, entry.Sequence, e.Kind, e.WorkstreamId)));
        return events;
    }

    private static CostEvent ToEvent(Guid runId, StoredBudgetEvent e, DateTimeOffset at, params object?[] cause)
    {
        object message = e.Kind == BudgetEventKind.Warning
            ? new BudgetWarning(runId, e.WorkstreamId, e.SpentUsd, e.BudgetUsd, e.Percent, at)
            : new BudgetExceeded(runId, e.WorkstreamId, e.SpentUsd, e.BudgetUsd, e.Percent, e.Mode, at);
        return new CostEvent(EventIds.For([runId, .. cause]), message);
    }
}
