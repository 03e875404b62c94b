using Uet.Contracts.Plans;
using Uet.Cost.Budgets;

namespace Uet.Cost.Tests;

public sealed class BudgetRulesTests
{
    [Fact]
    public void Without_a_budget_or_spending_nothing_happens()
    {
        Assert.Equal(BudgetVerdict.None, BudgetRules.Evaluate(State(budget: null, spent: 1000m), 1000m));
        Assert.Equal(BudgetVerdict.None, BudgetRules.Evaluate(State(budget: 0m, spent: 0m), 0m));
    }

    [Fact]
    public void The_warning_comes_at_the_threshold_and_once_per_budget()
    {
        Assert.False(BudgetRules.Evaluate(State(10m, 7.99m), 1m).Any);
        var atThreshold = BudgetRules.Evaluate(State(10m, 8m), 1m);
        Assert.True(atThreshold is { Warning: true, Exceeded: false, Publish: true });
        Assert.Equal(80m, atThreshold.Percent);
        Assert.False(BudgetRules.Evaluate(State(10m, 9m, warned: 10m), 1m).Any);
        // A new budget (uet resume --budget) can warn again.
        Assert.True(BudgetRules.Evaluate(State(11m, 9m, warned: 10m), 0m).Warning);
    }

    [Fact]
    public void The_threshold_is_configurable()
    {
        Assert.False(BudgetRules.Evaluate(State(10m, 5m, threshold: 0.6m), 1m).Any);
        Assert.True(BudgetRules.Evaluate(State(10m, 6m, threshold: 0.6m), 1m).Warning);
    }

    [Fact]
    public void Spending_equal_to_the_budget_is_within_it()
    {
        var verdict = BudgetRules.Evaluate(State(10m, 10m, warned: 10m), 1m);

        Assert.False(verdict.Exceeded);
        Assert.True(BudgetRules.Evaluate(State(10m, 10.000001m, warned: 10m), 0.000001m).Exceeded);
    }

    [Fact]
    public void Crossing_threshold_and_budget_at_once_raises_both()
    {
        var verdict = BudgetRules.Evaluate(State(1m, 1.5m), 1.5m);

        Assert.True(verdict is { Warning: true, Exceeded: true, Publish: true });
        Assert.Equal(150m, verdict.Percent);
    }

    [Fact]
    public void Warn_mode_reports_the_excess_once_per_budget()
    {
        Assert.True(BudgetRules.Evaluate(State(10m, 11m, BudgetMode.Warn, warned: 10m), 1m).Exceeded);
        Assert.False(BudgetRules.Evaluate(State(10m, 12m, BudgetMode.Warn, warned: 10m, exceeded: 10m), 1m).Any);
    }

    [Fact]
    public void Halt_mode_answers_every_further_spending_over_the_budget()
    {
        // A halted run resumed without a higher budget is halted again by its next spending.
        Assert.True(BudgetRules.Evaluate(State(10m, 12m, BudgetMode.Halt, warned: 10m, exceeded: 10m), 1m).Exceeded);
        // ... but a re-check without new spending (a plan or resume, an unpriced report) does not repeat it.
        Assert.False(BudgetRules.Evaluate(State(10m, 12m, BudgetMode.Halt, warned: 10m, exceeded: 10m), 0m).Any);
    }

    [Fact]
    public void Continue_mode_marks_but_publishes_nothing()
    {
        var verdict = BudgetRules.Evaluate(State(10m, 11m, BudgetMode.Continue), 11m);

        Assert.True(verdict is { Warning: true, Exceeded: true, Publish: false });
    }

    [Fact]
    public void A_raised_budget_is_judged_afresh()
    {
        Assert.False(BudgetRules.Evaluate(State(20m, 12m, warned: 10m, exceeded: 10m), 0m).Any);
        Assert.True(BudgetRules.Evaluate(State(20m, 16m, warned: 10m, exceeded: 10m), 4m) is { Warning: true, Exceeded: false });
        // Replaced by a budget still below the spending: exceeded at once.
        Assert.True(BudgetRules.Evaluate(State(11m, 12m, warned: 10m, exceeded: 10m), 0m) is { Warning: true, Exceeded: true });
    }

    [Theory]
    [InlineData("1", "3", "33.33")]
    [InlineData("2", "3", "66.67")]
    [InlineData("0.5", "0", "100")]
    [InlineData("0", "0", "0")]
    public void Percent_is_rounded_to_two_decimals(string spent, string budget, string percent)
    {
        Assert.Equal(D(percent), BudgetRules.Percent(D(spent), D(budget)));
    }

    private static decimal D(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static BudgetState State(decimal? budget, decimal spent, BudgetMode mode = BudgetMode.Halt, decimal threshold = 0.8m, decimal? warned = null, decimal? exceeded = null) =>
        new(budget, mode, threshold, spent, warned, exceeded);
}
