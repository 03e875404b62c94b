using Microsoft.EntityFrameworkCore;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Cost.Tests.Infrastructure;
using Uet.Domain.Costs;

using static Uet.Cost.Tests.Infrastructure.Messages;

namespace Uet.Cost.Tests;

/// <summary>The ledger on SQLite and (when UET_POSTGRES is set) PostgreSQL.</summary>
public sealed class LedgerTests
{
    public static TheoryData<string> Databases => Providers.All;

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_report_is_priced_stored_and_announced(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();

        var outcome = await harness.RecordAsync(Usage(run, "ws-a", 1, "claude-3-opus-20240229", input: 2000, output: 1000, cached: 500));

        // 2000 × 0.015/1k + 500 × 0.015/1k (no cached rate in the seed) + 1000 × 0.075/1k.
        const decimal cost = 0.03m + 0.0075m + 0.075m;
        Assert.False(outcome.Duplicate);
        var recorded = Assert.IsType<CostRecorded>(Assert.Single(outcome.Events).Message);
        Assert.Equal(new CostRecorded(run, "ws-a", 1, 1, "claude-3-opus-20240229", cost, true, cost, cost, Now), recorded);

        var entry = Assert.Single(await harness.Queries.EntriesAsync(run));
        Assert.Equal((cost, PriceSource.Table, PriceRule.Normalized, "claude-3-opus"), (entry.CostUsd, entry.PriceSource, entry.PriceRule, entry.PriceEntry));
        Assert.Equal((2000L, 500L, 1000L), (entry.InputTokens, entry.CachedInputTokens, entry.OutputTokens));
        var total = await harness.Queries.GetRunAsync(run);
        Assert.Equal(cost, total!.TotalUsd);
        Assert.Null(total.Budget.BudgetUsd);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_redelivered_report_is_counted_once_and_repeats_what_it_caused(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 1m, BudgetMode.Halt, ("ws-a", null)));
        var report = Spent(run, "ws-a", 1, 1.25m);

        var first = await harness.RecordAsync(report);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await harness.RecordAsync(report);

        Assert.True(again.Duplicate);
        Assert.Equal(first.Events.Select(e => e.MessageId), again.Events.Select(e => e.MessageId));
        Assert.Equal(first.Events.Select(e => e.Message), again.Events.Select(e => e.Message));
        Assert.Equal([typeof(CostRecorded), typeof(BudgetWarning), typeof(BudgetExceeded)], first.Events.Select(e => e.Message.GetType()));
        var total = await harness.Queries.GetRunAsync(run);
        Assert.Equal((1.25m, 1), (total!.TotalUsd, total.Reports));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Reports_differing_only_in_attempt_or_sequence_all_count(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();

        await harness.RecordAllAsync(
            Spent(run, "ws-a", 1, 0.1m),
            Spent(run, "ws-a", 2, 0.1m),
            Spent(run, "ws-a", 1, 0.1m, attempt: 2),
            Spent(run, "ws-b", 1, 0.1m));

        var byWorkstream = await harness.Queries.ByWorkstreamAsync(run);
        Assert.Equal([("ws-a", 0.3m, 3, 2), ("ws-b", 0.1m, 1, 1)], byWorkstream.Select(w => (w.WorkstreamId, w.TotalUsd, w.Reports, w.Attempts)));
        Assert.Equal(0.4m, (await harness.Queries.GetRunAsync(run))!.TotalUsd);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Thousands_of_reports_add_up_exactly(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        var random = new Random(42);
        // Rates typed here, not read from the table: the expected total is computed independently, in integer
        // token counts times the rate, divided once at the end.
        var rates = new Dictionary<string, (decimal In, decimal Cached, decimal Out)>
        {
            ["claude-sonnet-4-5"] = (3m, 0.3m, 15m),
            ["gpt-3.5-turbo"] = (1.5m, 1.5m, 2m),
            ["gemini-2.5-flash"] = (0.3m, 0.03m, 2.5m),
        };
        var models = rates.Keys.ToArray();
        var expectedMicro = 0m;
        var reported = 0m;
        const int count = 2000;
        for (var i = 0; i < count; i++)
        {
            var ws = "ws-" + (i % 5);
            if (i % 10 == 9)
            {
                // Some tools print their own cost, with more digits than cents.
                var own = random.Next(1, 1_000_000) / 100_000_000m;
                reported += own;
                await harness.RecordAsync(Usage(run, ws, i, "claude-sonnet-4-5", input: 10, output: 10, costUsd: own));
                continue;
            }
            var model = models[i % models.Length];
            long input = random.Next(0, 60_000), cached = random.Next(0, 30_000), output = random.Next(0, 9_000);
            var (rin, rcached, rout) = rates[model];
            expectedMicro += (input * rin) + (cached * rcached) + (output * rout);
            await harness.RecordAsync(Usage(run, ws, i, model, input, output, cached));
        }

        var expected = (expectedMicro / 1_000_000m) + reported;
        var total = await harness.Queries.GetRunAsync(run);
        Assert.Equal(expected, total!.TotalUsd);
        Assert.Equal(count, total.Reports);
        // The running total kept with the budget (what CostRecorded said) agrees with the ledger's sum.
        Assert.Equal(expected, total.Budget.SpentUsd);
        Assert.Equal(expected, (await harness.Queries.ByWorkstreamAsync(run)).Sum(w => w.TotalUsd));
        Assert.Equal(expected, (await harness.Queries.ByModelAsync(run)).Sum(m => m.TotalUsd));
        await using var db = harness.Contexts.CreateDbContext();
        var last = await db.Budgets.SingleAsync(b => b.RunId == run && b.WorkstreamId == "");
        Assert.Equal(expected, last.SpentUsd);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Unpriced_usage_is_recorded_flagged_and_listed(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();

        var outcome = await harness.RecordAsync(Usage(run, "ws-a", 1, "house-model", input: 500, output: 50));
        await harness.RecordAsync(Usage(run, "ws-a", 2, "gpt-4o", input: 1_000_000));

        var recorded = Assert.IsType<CostRecorded>(outcome.Events[0].Message);
        Assert.False(recorded.Priced);
        Assert.Equal(0m, recorded.CostUsd);
        var unpriced = Assert.Single(await harness.Queries.UnpricedAsync(run));
        Assert.Equal(("ws-a", 1, "house-model", 550L), (unpriced.WorkstreamId, unpriced.Sequence, unpriced.Model, unpriced.Tokens.Total));
        var total = await harness.Queries.GetRunAsync(run);
        Assert.Equal((2.5m, 2, 1), (total!.TotalUsd, total.Reports, total.UnpricedReports));
        var byModel = await harness.Queries.ByModelAsync(run);
        Assert.Equal([("gpt-4o", 2.5m, 0), ("house-model", 0m, 1)], byModel.Select(m => (m.Model, m.TotalUsd, m.UnpricedReports)));
        Assert.Equal(["gpt-4o"], byModel[0].PriceEntries);
        Assert.Empty(byModel[1].PriceEntries);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_fallback_priced_report_says_so_in_the_ledger(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider, PriceTable.Default.With(new PriceOverrides { Fallback = "gpt-4.1" }));
        var run = Guid.NewGuid();

        await harness.RecordAsync(Usage(run, "ws-a", 1, "house-model", input: 1_000_000));

        var entry = Assert.Single(await harness.Queries.EntriesAsync(run));
        Assert.Equal((2m, true, PriceSource.Fallback, PriceRule.Fallback, "gpt-4.1"), (entry.CostUsd, entry.Priced, entry.PriceSource, entry.PriceRule, entry.PriceEntry));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Halt_mode_warns_once_and_reports_every_spending_past_the_run_budget(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        Assert.Empty(await harness.Ledger.ApplyPlanAsync(Accepted(run, 1m, BudgetMode.Halt, ("ws-a", null), ("ws-b", null))));

        var events = await harness.RecordAllAsync(
            Spent(run, "ws-a", 1, 0.5m),
            Spent(run, "ws-b", 1, 0.3m),   // 0.80: warning
            Spent(run, "ws-a", 2, 0.15m),  // 0.95
            Spent(run, "ws-b", 2, 0.05m),  // 1.00: equal is within
            Spent(run, "ws-a", 3, 0.01m),  // 1.01: exceeded
            Spent(run, "ws-b", 3, 0.02m),  // 1.03: exceeded again (halt holds)
            Usage(run, "ws-b", 4, "unknown-model", input: 10)); // adds nothing: no event

        var warning = Assert.Single(events.OfType<BudgetWarning>());
        Assert.Equal(new BudgetWarning(run, null, 0.8m, 1m, 80m, Now), warning);
        var exceeded = events.OfType<BudgetExceeded>().ToList();
        Assert.Equal([(1.01m, 101m), (1.03m, 103m)], exceeded.Select(e => (e.SpentUsd, e.Percent)));
        Assert.All(exceeded, e => Assert.Equal((run, (string?)null, 1m, BudgetMode.Halt), (e.RunId, e.WorkstreamId, e.BudgetUsd, e.Mode)));
        var budget = (await harness.Queries.GetRunAsync(run))!.Budget;
        Assert.True(budget.Exceeded);
        Assert.Equal(-0.03m, budget.RemainingUsd);
        Assert.NotNull(budget.WarnedAt);
        Assert.NotNull(budget.ExceededAt);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Warn_mode_reports_the_excess_once(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 1m, BudgetMode.Warn, ("ws-a", null)));

        var events = await harness.RecordAllAsync(Spent(run, "ws-a", 1, 0.9m), Spent(run, "ws-a", 2, 0.2m), Spent(run, "ws-a", 3, 0.5m));

        Assert.Single(events.OfType<BudgetWarning>());
        var exceeded = Assert.Single(events.OfType<BudgetExceeded>());
        Assert.Equal((1.1m, 110m, BudgetMode.Warn), (exceeded.SpentUsd, exceeded.Percent, exceeded.Mode));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Continue_mode_records_only(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 1m, BudgetMode.Continue, ("ws-a", 0.1m)));

        var events = await harness.RecordAllAsync(Spent(run, "ws-a", 1, 0.9m), Spent(run, "ws-a", 2, 0.9m));

        Assert.All(events, e => Assert.IsType<CostRecorded>(e));
        var summary = (await harness.Queries.GetRunAsync(run))!;
        Assert.Equal(1.8m, summary.TotalUsd);
        Assert.True(summary.Budget.Exceeded);
        Assert.NotNull(summary.Budget.ExceededAt);
        var ws = Assert.Single(await harness.Queries.ByWorkstreamAsync(run));
        Assert.NotNull(ws.Budget!.ExceededAt);
        Assert.Equal(1800m, ws.Budget.Percent);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_workstream_budget_is_enforced_over_all_its_attempts(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 100m, BudgetMode.Halt, ("ws-a", 0.5m), ("ws-b", null)));

        var events = await harness.RecordAllAsync(
            Spent(run, "ws-a", 1, 0.3m),
            Spent(run, "ws-b", 1, 5m),                 // no workstream budget: nothing
            Spent(run, "ws-a", 1, 0.15m, attempt: 2),  // 0.45 over two attempts: warning
            Spent(run, "ws-a", 2, 0.06m, attempt: 2)); // 0.51: exceeded

        var warning = Assert.Single(events.OfType<BudgetWarning>());
        Assert.Equal(("ws-a", 0.45m, 0.5m, 90m), (warning.WorkstreamId, warning.SpentUsd, warning.BudgetUsd, warning.Percent));
        var exceeded = Assert.Single(events.OfType<BudgetExceeded>());
        Assert.Equal(("ws-a", 0.51m, 0.5m, 102m, BudgetMode.Halt), (exceeded.WorkstreamId, exceeded.SpentUsd, exceeded.BudgetUsd, exceeded.Percent, exceeded.Mode));
        var recorded = events.OfType<CostRecorded>().Last();
        Assert.Equal((5.51m, 0.51m), (recorded.RunTotalUsd, recorded.WorkstreamTotalUsd));
        var budgets = await harness.Queries.ByWorkstreamAsync(run);
        Assert.Equal(new (string, decimal?, bool)[] { ("ws-a", 0.5m, true), ("ws-b", null, false) }, budgets.Select(w => (w.WorkstreamId, w.Budget?.BudgetUsd, w.Budget?.Exceeded ?? false)));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Command_line_budget_and_mode_override_plan_json(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, new BudgetSpec(50m, BudgetMode.Halt, 0.5m), [("ws-a", null)], optionBudget: 2m, optionMode: BudgetMode.Warn));

        var events = await harness.RecordAllAsync(Spent(run, "ws-a", 1, 1m), Spent(run, "ws-a", 2, 1.5m));

        Assert.Equal(new BudgetWarning(run, null, 1m, 2m, 50m, Now), Assert.Single(events.OfType<BudgetWarning>()));
        Assert.Equal(BudgetMode.Warn, Assert.Single(events.OfType<BudgetExceeded>()).Mode);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Usage_that_arrives_before_the_plan_is_judged_when_the_plan_arrives(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        var early = await harness.RecordAllAsync(Spent(run, "ws-a", 1, 3m));

        var events = await harness.Ledger.ApplyPlanAsync(Accepted(run, 2m, BudgetMode.Halt, ("ws-a", 1m)));
        var again = await harness.Ledger.ApplyPlanAsync(Accepted(run, 2m, BudgetMode.Halt, ("ws-a", 1m)));

        Assert.Single(early);
        Assert.Equal(
            new (Type, string?)[] { (typeof(BudgetWarning), null), (typeof(BudgetExceeded), null), (typeof(BudgetWarning), "ws-a"), (typeof(BudgetExceeded), "ws-a") },
            events.Select(e => (e.Message.GetType(), (e.Message as BudgetWarning)?.WorkstreamId ?? (e.Message as BudgetExceeded)?.WorkstreamId)));
        Assert.Empty(again);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Resume_with_a_higher_budget_lets_the_run_spend_up_to_it(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 10m, BudgetMode.Halt, ("ws-a", null)));
        var halted = await harness.RecordAllAsync(Spent(run, "ws-a", 1, 10.5m));
        Assert.Single(halted.OfType<BudgetExceeded>());

        var onResume = await harness.Ledger.ApplyResumeAsync(new ResumeRun(run, 20m, Now));
        var afterResume = await harness.RecordAllAsync(
            Spent(run, "ws-a", 1, 4m, attempt: 2),    // 14.50
            Spent(run, "ws-a", 2, 1.5m, attempt: 2),  // 16.00: warning against the new budget
            Spent(run, "ws-a", 3, 4.5m, attempt: 2)); // 20.50: exceeded again
        // A late redelivery of the plan does not lower the budget back.
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 10m, BudgetMode.Halt, ("ws-a", null)));

        Assert.Empty(onResume);
        Assert.Equal(new BudgetWarning(run, null, 16m, 20m, 80m, Now), Assert.Single(afterResume.OfType<BudgetWarning>()));
        Assert.Equal((20.5m, 20m, 102.5m), afterResume.OfType<BudgetExceeded>().Select(e => (e.SpentUsd, e.BudgetUsd, e.Percent)).Single());
        Assert.Equal(20m, (await harness.Queries.GetRunAsync(run))!.Budget.BudgetUsd);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Resume_with_a_budget_still_below_the_spending_is_exceeded_at_once(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 10m, BudgetMode.Halt, ("ws-a", null)));
        await harness.RecordAllAsync(Spent(run, "ws-a", 1, 12m));

        var events = await harness.Ledger.ApplyResumeAsync(new ResumeRun(run, 11m, Now));
        var without = await harness.Ledger.ApplyResumeAsync(new ResumeRun(run, null, Now));

        var exceeded = Assert.Single(events.Select(e => e.Message).OfType<BudgetExceeded>());
        Assert.Equal((12m, 11m, BudgetMode.Halt), (exceeded.SpentUsd, exceeded.BudgetUsd, exceeded.Mode));
        Assert.Empty(without);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Event_ids_are_stable_and_distinct(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 1m, BudgetMode.Halt, ("ws-a", 1m)));

        var outcomes = new[]
        {
            await harness.RecordAsync(Spent(run, "ws-a", 1, 2m)),
            await harness.RecordAsync(Spent(run, "ws-a", 2, 2m)),
        };

        var ids = outcomes.SelectMany(o => o.Events.Select(e => e.MessageId)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, (await harness.RecordAsync(Spent(run, "ws-a", 1, 2m))).Events.Concat((await harness.RecordAsync(Spent(run, "ws-a", 2, 2m))).Events).Select(e => e.MessageId));
    }
}
