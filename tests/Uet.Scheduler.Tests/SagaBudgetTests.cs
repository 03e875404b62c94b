using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Domain.Costs;
using Uet.Scheduler.Model;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

/// <summary>
/// The saga's side of budgets: the figures the Cost service reports (recorded and shown), and the estimate before
/// dispatch that, in halt mode, holds back a workstream that would cost more than what is left.
/// </summary>
public sealed class SagaBudgetTests : SagaTestBase
{
    [Fact]
    public async Task Budget_figures_and_warnings_are_recorded_and_shown_by_the_queries()
    {
        var run = new RunDriver(Host, "warned");
        // --budget 5 over plan.json's 10; mode and threshold from plan.json.
        var settings = new PlanSettings { Budget = new BudgetSpec(10m, BudgetMode.Warn, 0.5m) };
        await run.StartAsync(Plan(settings, Ws("a")), Options("warned") with { BudgetUsd = 5m });
        await run.Dispatched("a");

        await Host.Publish(Cost(run, "a", sequence: 1, runTotal: 1.25m));
        await Host.Publish(Cost(run, "a", sequence: 3, runTotal: 2m));
        await Host.Publish(Cost(run, "a", sequence: 2, runTotal: 1.5m)); // overtaken: totals only grow
        var state = await run.State();
        Assert.Equal((5m, BudgetMode.Warn, 0.5m, 2m), (state.BudgetUsd, state.BudgetMode, state.BudgetWarningThreshold, state.SpentUsd));
        Assert.Null(state.BudgetNotice);

        await Host.Publish(new BudgetWarning(run.RunId, "a", 0.09m, 0.1m, 90m, DateTimeOffset.UtcNow));
        state = await run.State();
        Assert.Equal("budget: a spent 90% of its 0.10 USD budget (0.09 USD; warning threshold 50%)", state.BudgetNotice);
        Assert.Equal(2m, state.SpentUsd); // a workstream's spending is not the run's

        await Host.Publish(new BudgetWarning(run.RunId, null, 2.6m, 5m, 52m, DateTimeOffset.UtcNow));
        state = await run.State();
        Assert.Equal("budget: 52% of the 5.00 USD run budget spent (2.60 USD; warning threshold 50%)", state.BudgetNotice);
        Assert.Equal(2.6m, state.SpentUsd);
        Assert.NotNull(state.BudgetNoticeAt);
        Assert.Equal(RunPhases.Running, state.CurrentState);

        var details = await Host.Queries.GetRunAsync(run.RunId.ToString());
        Assert.NotNull(details?.Budget);
        Assert.Equal(
            new Queries.RunBudgetView(5m, "warn", 0.5m, 2.6m, 52m, state.BudgetNotice, details.Budget.NoticeAt),
            details.Budget);
    }

    [Fact]
    public async Task A_run_without_a_budget_shows_its_spending_and_no_percentage()
    {
        var run = new RunDriver(Host, "unbudgeted");
        await run.StartAsync(Plan(Ws("a")), Options("unbudgeted"));
        await run.Dispatched("a");
        await Host.Publish(Cost(run, "a", sequence: 1, runTotal: 0.000123m));

        var budget = (await Host.Queries.GetRunAsync(run.RunId.ToString()))!.Budget;
        Assert.Equal(new Queries.RunBudgetView(null, "halt", 0.8m, 0.000123m, null, null, null), budget);
    }

    [Fact]
    public async Task Budget_exceeded_in_warn_mode_is_shown_and_the_run_goes_on()
    {
        var run = new RunDriver(Host, "warn-exceeded");
        await run.StartAsync(Plan(Ws("a"), Ws("b", ["a"])), Options("warn-exceeded") with { BudgetUsd = 0.000001m, BudgetMode = BudgetMode.Warn });
        await run.Dispatched("a");
        await run.StartedAsync("a");

        await Host.Publish(new BudgetWarning(run.RunId, null, 0.0005m, 0.000001m, 50000m, DateTimeOffset.UtcNow));
        await Host.Publish(new BudgetExceeded(run.RunId, null, 0.0005m, 0.000001m, 50000m, BudgetMode.Warn, DateTimeOffset.UtcNow));

        var state = await run.State();
        Assert.Equal("budget exceeded: 0.0005 USD spent of the 0.000001 USD run budget (50000%); mode warn: the run goes on", state.BudgetNotice);
        Assert.Equal(RunPhases.Running, state.CurrentState);
        await run.SucceededAsync("a");
        await run.IntegrationRequested("a");
        await run.IntegratedAsync("a");
        await run.CompleteAsync("b");
        await run.Outcome<RunCompleted>();
        Assert.Empty(run.Messages.All<CancelWorkstream>(m => m.RunId == run.RunId));
    }

    [Fact]
    public async Task Halt_mode_holds_back_a_workstream_whose_estimate_exceeds_what_is_left_and_a_higher_budget_starts_it()
    {
        var run = new RunDriver(Host, "gate");
        // big: 3,000,000 context tokens of fake-model ($1 per million input tokens) = 3.00 USD, estimated.
        var plan = Plan(Ws("first"), Ws("long"), Ws("big", ["first"]) with { Tool = "fake-agent", EstimatedContextTokens = 3_000_000 });
        await run.StartAsync(plan, Options("gate", maxWorkers: 2) with { BudgetUsd = 5m });
        await run.Dispatched("first");
        await run.Dispatched("long");
        await run.StartedAsync("long");
        await run.StartedAsync("first");
        await Host.Publish(Cost(run, "first", sequence: 1, runTotal: 2.5m));
        await run.SucceededAsync("first");
        await run.IntegrationRequested("first");
        await run.IntegratedAsync("first");

        // 3.00 > 5.00 - 2.50: big is not started, the run halts like a halt-mode BudgetExceeded (running work cancelled).
        var halted = await run.Outcome<RunHalted>();
        const string why = "not started: estimated 3.00 USD (3000000 context tokens of fake-model) exceeds the 2.50 USD left of the 5.00 USD run budget (2.50 USD spent)";
        Assert.Equal("budget: big " + why, halted.Reason);
        Assert.Contains(run.Messages.All<WorkstreamStateChanged>(m => m.RunId == run.RunId && m.WorkstreamId == "big"), m => m.State == WorkstreamStates.Ready && m.Detail == why);
        Assert.DoesNotContain(run.AllDispatches(), d => d.WorkstreamId == "big");
        var cancel = await run.Messages.WaitForOne<CancelWorkstream>(m => m.RunId == run.RunId);
        Assert.Equal(("long", 1), (cancel.WorkstreamId, cancel.Attempt));
        var state = await run.State();
        Assert.Equal(RunPhases.Halted, state.CurrentState);
        Assert.Equal((WorkstreamStates.Ready, why, FailureKind.BudgetExceeded), (state.Workstreams["big"].State, state.Workstreams["big"].Error, state.Workstreams["big"].FailureKind));
        Assert.Equal(WorkstreamStates.Cancelled, state.Workstreams["long"].State);
        Assert.Equal("budget: big " + why, state.BudgetNotice);
        var shown = (await Host.Queries.GetRunAsync(run.RunId.ToString()))!;
        Assert.Equal(why, shown.Workstreams.Single(w => w.Id == "big").Error);

        // Resumed with too little: still held back, halted again.
        await Host.Publish(new ResumeRun(run.RunId, 5.4m, DateTimeOffset.UtcNow));
        await run.Messages.WaitFor<RunHalted>(m => m.RunId == run.RunId, count: 2);
        Assert.Equal(RunPhases.Halted, (await run.State()).CurrentState);
        Assert.DoesNotContain(run.AllDispatches(), d => d.WorkstreamId == "big");

        // Resumed with enough (3.00 <= 6.00 - 2.50): big starts, long runs again, the run completes.
        await Host.Publish(new ResumeRun(run.RunId, 6m, DateTimeOffset.UtcNow));
        await run.Dispatched("big");
        await run.Dispatched("long", 2);
        state = await run.State();
        Assert.Equal((RunPhases.Running, 6m), (state.CurrentState, state.BudgetUsd));
        Assert.Equal((null, null), (state.Workstreams["big"].Error, state.Workstreams["big"].FailureKind));
        await run.StartedAsync("big");
        await run.SucceededAsync("big");
        await run.IntegrationRequested("big");
        await run.IntegratedAsync("big");
        await run.StartedAsync("long", 2);
        await run.SucceededAsync("long", 2);
        await run.IntegrationRequested("long", 2);
        await run.IntegratedAsync("long", 2);
        await run.Outcome<RunCompleted>();
    }

    [Fact]
    public async Task A_held_back_workstream_stops_the_whole_dispatch_pass()
    {
        var run = new RunDriver(Host, "gate-first");
        var plan = Plan(Ws("small"), Ws("big") with { Tool = "fake-agent", EstimatedContextTokens = 2000 });
        await run.StartAsync(plan, Options("gate-first") with { BudgetUsd = 0.0002m });

        var halted = await run.Outcome<RunHalted>();
        Assert.StartsWith("budget: big not started: estimated 0.002 USD (2000 context tokens of fake-model) exceeds the 0.0002 USD left", halted.Reason);
        Assert.Empty(run.AllDispatches());
        Assert.Empty(run.Messages.All<CancelWorkstream>(m => m.RunId == run.RunId));
    }

    [Theory]
    [InlineData(BudgetMode.Warn)]
    [InlineData(BudgetMode.Continue)]
    public async Task Warn_and_continue_modes_start_a_workstream_whatever_its_estimate(BudgetMode mode)
    {
        var run = new RunDriver(Host, "no-gate-" + mode);
        var plan = Plan(Ws("big") with { Tool = "fake-agent", EstimatedContextTokens = 3_000_000 });
        await run.StartAsync(plan, Options("no-gate-" + mode) with { BudgetUsd = 1m, BudgetMode = mode });
        await run.Dispatched("big");
        Assert.Equal(RunPhases.Running, (await run.State()).CurrentState);
    }

    [Fact]
    public async Task An_unknown_estimate_never_holds_a_workstream_back()
    {
        var run = new RunDriver(Host, "unknown-estimate");
        // shell has no model; fake-agent without estimated_context_tokens has no token count.
        var plan = Plan(Ws("shell") with { EstimatedContextTokens = 3_000_000 }, Ws("agent") with { Tool = "fake-agent" });
        await run.StartAsync(plan, Options("unknown-estimate", maxWorkers: 2) with { BudgetUsd = 0m });
        await run.Dispatched("shell");
        await run.Dispatched("agent");
    }

    [Fact]
    public async Task The_estimate_uses_the_hosts_price_table_when_it_has_one()
    {
        // As in `uet run`, where the Cost service registers its CostEstimator (with the user's price file): here
        // fake-model costs $1000 per million input tokens, so 2000 context tokens are estimated at 2.00 USD.
        var expensive = new PriceTable(new Dictionary<string, ModelPrice> { ["fake-model"] = new(1000m, 1000m, 1000m) });
        using var database = new TempSqliteDatabase();
        await using var host = await SchedulerTestHost.StartAsync(database.Options, more: s => s.AddSingleton(new CostEstimator(expensive)));
        var run = new RunDriver(host, "priced-by-host");
        await run.StartAsync(Plan(Ws("big") with { Tool = "fake-agent", EstimatedContextTokens = 2000 }), Options("priced-by-host") with { BudgetUsd = 1m });

        var halted = await run.Outcome<RunHalted>();
        Assert.StartsWith("budget: big not started: estimated 2.00 USD (2000 context tokens of fake-model) exceeds the 1.00 USD left", halted.Reason);
    }

    [PostgresFact]
    public async Task Budget_figures_keep_every_decimal_on_PostgreSQL()
    {
        await using var host = await SchedulerTestHost.StartAsync(TestPostgres.Options);
        var run = new RunDriver(host, "pg-budget");
        await run.StartAsync(Plan(Ws("a")), Options("pg-budget") with { BudgetUsd = 0.000001m, BudgetMode = BudgetMode.Warn });
        await run.Dispatched("a");
        await host.Publish(Cost(run, "a", sequence: 1, runTotal: 0.000123456789m));
        await host.Publish(new BudgetExceeded(run.RunId, null, 0.000123456789m, 0.000001m, 12345.68m, BudgetMode.Warn, DateTimeOffset.UtcNow));

        var budget = (await host.Queries.GetRunAsync(run.RunId.ToString()))!.Budget!;
        Assert.Equal((0.000001m, "warn", 0.000123456789m, 12345.68m), (budget.BudgetUsd, budget.Mode, budget.SpentUsd, budget.Percent));
        Assert.StartsWith("budget exceeded: 0.000123 USD spent", budget.Notice);
    }

    private static CostRecorded Cost(RunDriver run, string workstream, int sequence, decimal runTotal) =>
        new(run.RunId, workstream, 1, sequence, "fake-model", 0.01m, true, runTotal, runTotal, DateTimeOffset.UtcNow);
}
