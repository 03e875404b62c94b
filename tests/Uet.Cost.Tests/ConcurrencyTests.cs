using Uet.Contracts;
using Uet.Cost.Ledger;
using Uet.Cost.Tests.Infrastructure;

using static Uet.Cost.Tests.Infrastructure.Messages;

namespace Uet.Cost.Tests;

/// <summary>Several processes (each its own ledger and connections) writing one run at once.</summary>
public sealed class ConcurrencyTests
{
    public static TheoryData<string> Databases => Providers.All;

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Concurrent_deliveries_of_the_same_reports_count_each_once(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        var reports = Enumerable.Range(1, 40).Select(i => Spent(run, "ws-" + (i % 4), i, 0.001m * i)).ToList();
        var processes = Enumerable.Range(0, 4).Select(_ => harness.OtherProcess()).ToList();

        // Every process gets every report, each in its own order, all at once.
        var outcomes = await Task.WhenAll(processes.Select((ledger, p) => Task.Run(async () =>
        {
            var mine = new List<UsageOutcome>();
            foreach (var report in reports.OrderBy(r => (r.Sequence * (p + 3)) % 41))
            {
                mine.Add(await ledger.RecordAsync(report));
            }
            return mine;
        })));

        var all = outcomes.SelectMany(o => o).ToList();
        Assert.Equal(reports.Count, all.Count(o => !o.Duplicate));
        Assert.All(all.GroupBy(o => o.Entry.Sequence), g => Assert.Single(g.Select(o => o.Events[0].MessageId).Distinct()));
        var expected = reports.Sum(r => r.CostUsd!.Value);
        var total = await harness.Queries.GetRunAsync(run);
        Assert.Equal((expected, reports.Count), (total!.TotalUsd, total.Reports));
        Assert.Equal(expected, total.Budget.SpentUsd);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Concurrent_different_reports_of_one_run_lose_no_update(string provider)
    {
        using var harness = await LedgerHarness.CreateAsync(provider);
        var run = Guid.NewGuid();
        await harness.Ledger.ApplyPlanAsync(Accepted(run, 0.99m, Uet.Contracts.Plans.BudgetMode.Warn, ("ws-a", null), ("ws-b", null)));
        var processes = Enumerable.Range(0, 4).Select(_ => harness.OtherProcess()).ToList();

        var events = await Task.WhenAll(processes.Select((ledger, p) => Task.Run(async () =>
        {
            var mine = new List<object>();
            for (var i = 0; i < 25; i++)
            {
                var outcome = await ledger.RecordAsync(Spent(run, p % 2 == 0 ? "ws-a" : "ws-b", (p * 100) + i, 0.01m));
                mine.AddRange(outcome.Events.Select(e => e.Message));
            }
            return mine;
        })));

        var all = events.SelectMany(e => e).ToList();
        var totals = all.OfType<CostRecorded>().Select(r => r.RunTotalUsd).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i * 0.01m), totals);
        // The threshold and the budget were each crossed by exactly one of the concurrent writers.
        Assert.Equal(0.8m, Assert.Single(all.OfType<BudgetWarning>()).SpentUsd);
        Assert.Null(Assert.Single(all.OfType<BudgetExceeded>()).WorkstreamId);
        Assert.Equal(1m, (await harness.Queries.GetRunAsync(run))!.TotalUsd);
    }

    [PostgresFact]
    public async Task PostgreSQL_is_available_for_the_ledger_tests()
    {
        // Reported as skipped, with the reason, when UET_POSTGRES is unset: the theories then run on SQLite only.
        using var harness = await LedgerHarness.CreateAsync(Providers.Postgres);
        var run = Guid.NewGuid();

        await harness.RecordAsync(Spent(run, "ws-a", 1, 0.5m));

        Assert.Equal(0.5m, (await harness.Queries.GetRunAsync(run))!.TotalUsd);
    }
}
