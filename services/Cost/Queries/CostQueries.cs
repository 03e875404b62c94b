using Microsoft.EntityFrameworkCore;

using Uet.Cost.Budgets;
using Uet.Cost.Model;
using Uet.Cost.Persistence;

namespace Uet.Cost.Queries;

/// <summary>
/// The ledger's read side, for reports and the CLI: totals by run, by workstream and by model, and unpriced usage.
/// Sums are computed in .NET over the run's rows (exact decimals on both providers; SQLite stores decimals as text).
/// Results are sorted by name, so they are deterministic.
/// </summary>
public sealed class CostQueries(IDbContextFactory<CostDbContext> contexts)
{
    /// <summary>The run's totals and budget, or null when the Cost service has seen nothing of it.</summary>
    public async Task<RunCost?> GetRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.RunId == runId && b.WorkstreamId == BudgetRow.RunScope, ct);
        if (run is null)
        {
            return null;
        }
        var entries = await EntriesAsync(db, runId, ct);
        return new RunCost(runId, Sum(entries), entries.Count, entries.Count(e => !e.Priced), Tokens(entries), Status(run, Sum(entries)));
    }

    public async Task<IReadOnlyList<WorkstreamCost>> ByWorkstreamAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entries = await EntriesAsync(db, runId, ct);
        var budgets = await db.Budgets.AsNoTracking()
            .Where(b => b.RunId == runId && b.WorkstreamId != BudgetRow.RunScope)
            .ToDictionaryAsync(b => b.WorkstreamId, StringComparer.Ordinal, ct);
        var byWorkstream = entries.ToLookup(e => e.WorkstreamId, StringComparer.Ordinal);
        return byWorkstream.Select(g => g.Key).Union(budgets.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(id =>
            {
                var rows = byWorkstream[id].ToList();
                var total = Sum(rows);
                return new WorkstreamCost(
                    id, total, rows.Count, rows.Count(e => !e.Priced), rows.Select(e => e.Attempt).Distinct().Count(), Tokens(rows),
                    budgets.TryGetValue(id, out var budget) && budget.BudgetUsd is not null ? Status(budget, total) : null);
            })
            .ToList();
    }

    public async Task<IReadOnlyList<ModelCost>> ByModelAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entries = await EntriesAsync(db, runId, ct);
        return entries
            .GroupBy(e => e.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelCost(
                g.Key,
                g.Select(e => e.PriceEntry).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                Sum(g),
                g.Count(),
                g.Count(e => !e.Priced),
                Tokens(g)))
            .ToList();
    }

    public async Task<IReadOnlyList<UnpricedUsage>> UnpricedAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entries = await db.Usage.AsNoTracking().Where(u => u.RunId == runId && !u.Priced).ToListAsync(ct);
        return entries
            .OrderBy(e => e.WorkstreamId, StringComparer.Ordinal).ThenBy(e => e.Attempt).ThenBy(e => e.Sequence)
            .Select(e => new UnpricedUsage(e.WorkstreamId, e.Attempt, e.Sequence, e.Model, TokenTotals.Zero.Add(e.Tokens), e.ReportedAt))
            .ToList();
    }

    /// <summary>Every ledger row of the run, in key order.</summary>
    public async Task<IReadOnlyList<UsageEntry>> EntriesAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await EntriesAsync(db, runId, ct);
    }

    private static async Task<List<UsageEntry>> EntriesAsync(CostDbContext db, Guid runId, CancellationToken ct)
    {
        var entries = await db.Usage.AsNoTracking().Where(u => u.RunId == runId).ToListAsync(ct);
        return entries.OrderBy(e => e.WorkstreamId, StringComparer.Ordinal).ThenBy(e => e.Attempt).ThenBy(e => e.Sequence).ToList();
    }

    private static decimal Sum(IEnumerable<UsageEntry> entries) => entries.Aggregate(0m, (total, e) => total + e.CostUsd);

    private static TokenTotals Tokens(IEnumerable<UsageEntry> entries) => entries.Aggregate(TokenTotals.Zero, (total, e) => total.Add(e.Tokens));

    private static BudgetStatus Status(BudgetRow row, decimal spent) => new(
        row.BudgetUsd,
        row.Mode,
        row.WarningThreshold,
        spent,
        row.BudgetUsd is { } budget ? BudgetRules.Percent(spent, budget) : null,
        row.WarnedAt,
        row.ExceededAt);
}
