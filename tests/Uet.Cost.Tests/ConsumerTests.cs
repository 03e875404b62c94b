using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Cost.Consumers;
using Uet.Cost.Tests.Infrastructure;

using static Uet.Cost.Tests.Infrastructure.Messages;

namespace Uet.Cost.Tests;

/// <summary>The consumer on MassTransit's test harness, over SQLite.</summary>
public sealed class ConsumerTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _database = new();
    private CostTestHost _host = null!;

    public async Task InitializeAsync() => _host = await CostTestHost.StartAsync(_database.Options);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task A_plans_budget_is_enforced_on_the_usage_that_follows()
    {
        var run = Guid.NewGuid();
        await AcceptAsync(Accepted(run, 1m, BudgetMode.Halt, ("ws-a", null)));

        // The consumer takes messages concurrently, so each report waits for the one before it: the running totals
        // below are only defined for this order.
        await _host.Publish(Usage(run, "ws-a", 1, "claude-sonnet-4-5", input: 100_000, output: 20_000)); // 0.60
        await _host.PublishedAsync<CostRecorded>(1);
        await _host.Publish(Usage(run, "ws-a", 2, "claude-sonnet-4-5", input: 50_000, output: 10_000));  // 0.90
        await _host.PublishedAsync<CostRecorded>(2);
        await _host.Publish(Usage(run, "ws-a", 3, "claude-sonnet-4-5", input: 50_000, output: 10_000));  // 1.20

        var recorded = await _host.PublishedAsync<CostRecorded>(3);
        var exceeded = Assert.Single(await _host.PublishedAsync<BudgetExceeded>(1)).Context.Message;

        Assert.Equal([0.6m, 0.9m, 1.2m], recorded.Select(m => m.Context.Message.RunTotalUsd).Order());
        Assert.Equal((run, (string?)null, 1.2m, 1m, 120m, BudgetMode.Halt), (exceeded.RunId, exceeded.WorkstreamId, exceeded.SpentUsd, exceeded.BudgetUsd, exceeded.Percent, exceeded.Mode));
        var warning = Assert.Single(_host.Harness.Published.Select<BudgetWarning>()).Context.Message;
        Assert.Equal(0.9m, warning.SpentUsd);
    }

    [Fact]
    public async Task A_report_delivered_twice_is_counted_once_and_announced_under_one_id()
    {
        var run = Guid.NewGuid();
        var report = Usage(run, "ws-a", 1, "gpt-4o", input: 1_000_000);

        await _host.Publish(report);
        await _host.Publish(report);

        var sent = await _host.SentAsync<CostRecorded>(2);
        Assert.Single(sent.Select(r => r.MessageId).Distinct());
        Assert.All(sent, r => Assert.Equal(2.5m, r.Message.RunTotalUsd));
        await _host.Harness.InactivityTask;
        Assert.Single(_host.Harness.Published.Select<CostRecorded>());
        var total = await _host.Queries.GetRunAsync(run);
        Assert.Equal((2.5m, 1), (total!.TotalUsd, total.Reports));
    }

    [Fact]
    public async Task Resume_with_a_budget_raises_the_run_budget()
    {
        var run = Guid.NewGuid();
        await AcceptAsync(Accepted(run, 1m, BudgetMode.Halt, ("ws-a", null)));
        await _host.Publish(Spent(run, "ws-a", 1, 1.5m));
        await _host.PublishedAsync<BudgetExceeded>(1);

        await _host.Publish(new ResumeRun(run, 5m, Now));

        var budget = await Poll.UntilAsync(
            async () => (await _host.Queries.GetRunAsync(run))!.Budget, b => b.BudgetUsd == 5m, TimeSpan.FromSeconds(30), "the raised budget");
        Assert.False(budget.Exceeded);
        Assert.Equal(30m, budget.Percent);
        Assert.Single(_host.Harness.Published.Select<BudgetExceeded>());
    }

    [Fact]
    public async Task A_burst_of_one_runs_reports_is_counted_one_at_a_time()
    {
        var run = Guid.NewGuid();
        const int count = 200;

        await Task.WhenAll(Enumerable.Range(1, count).Select(i => _host.Publish(Spent(run, "ws-" + (i % 3), i, 0.01m * i))));

        var recorded = (await _host.PublishedAsync<CostRecorded>(count)).Select(r => r.Context.Message).ToList();
        var expected = Enumerable.Range(1, count).Sum(i => 0.01m * i);
        // Each report saw the one before it: the running totals are the distinct partial sums, ending at the total.
        Assert.Equal(count, recorded.Select(r => r.RunTotalUsd).Distinct().Count());
        Assert.Equal(expected, recorded.Max(r => r.RunTotalUsd));
        Assert.Equal(expected, (await _host.Queries.GetRunAsync(run))!.TotalUsd);
    }

    [Fact]
    public async Task Continue_mode_publishes_costs_but_no_budget_events()
    {
        var run = Guid.NewGuid();
        await AcceptAsync(Accepted(run, 0.1m, BudgetMode.Continue, ("ws-a", 0.05m)));
        for (var i = 1; i <= 3; i++)
        {
            await _host.Publish(Spent(run, "ws-a", i, 0.1m));
        }

        await _host.PublishedAsync<CostRecorded>(3);
        await _host.Harness.InactivityTask;

        Assert.False(_host.Harness.Published.Select<BudgetWarning>().Any());
        Assert.False(_host.Harness.Published.Select<BudgetExceeded>().Any());
        Assert.True((await _host.Queries.GetRunAsync(run))!.Budget.Exceeded);
    }

    /// <summary>Publishes a plan and waits until the consumer took it, so the reports that follow meet its budget.</summary>
    private async Task AcceptAsync(PlanAccepted accepted)
    {
        await _host.Publish(accepted);
        Assert.True(await _host.Harness.GetConsumerHarness<CostConsumer>().Consumed.Any<PlanAccepted>(m => m.Context.Message.RunId == accepted.RunId));
    }
}
