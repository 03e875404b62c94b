using Uet.Contracts.Plans;
using Uet.Domain;
using Uet.Domain.Costs;

namespace Uet.Cost.Tests;

public sealed class CostEstimatorTests
{
    private readonly CostEstimator _estimator = new(PriceTable.Default);

    [Fact]
    public void Context_tokens_are_priced_once_as_input_at_the_models_input_rate()
    {
        var estimate = _estimator.Estimate(Workstream(tokens: 150_000), ToolCatalog.BuiltIn(ToolCatalog.Claude)!);

        // claude's profile model is "sonnet" → claude-sonnet-4-5 at $3 per million input tokens.
        Assert.Equal(EstimateBasis.Estimated, estimate.Basis);
        Assert.Equal(0.45m, estimate.CostUsd);
        Assert.Equal("claude-sonnet-4-5", estimate.Match!.Entry);
        Assert.True(estimate.Exceeds(0.44m));
        Assert.False(estimate.Exceeds(0.45m));
    }

    [Fact]
    public void Without_a_token_estimate_the_cost_is_unknown_and_never_blocks()
    {
        var estimate = _estimator.Estimate(Workstream(tokens: null), ToolCatalog.BuiltIn(ToolCatalog.Codex)!);

        Assert.Equal(EstimateBasis.NoTokenEstimate, estimate.Basis);
        Assert.Null(estimate.CostUsd);
        Assert.False(estimate.Exceeds(0m));
    }

    [Fact]
    public void A_tool_without_a_model_costs_nothing_to_estimate()
    {
        var estimate = _estimator.Estimate(Workstream(tokens: 5000), ToolCatalog.BuiltIn(ToolCatalog.Shell)!);

        Assert.Equal(EstimateBasis.NoModel, estimate.Basis);
        Assert.Null(estimate.CostUsd);
    }

    [Fact]
    public void An_unknown_model_is_reported_unpriced_not_guessed()
    {
        var tool = new ToolProfile { Name = "mine", Command = ["mine"], Model = "house-model-7" };

        var estimate = _estimator.Estimate(Workstream(tokens: 5000), tool);

        Assert.Equal(EstimateBasis.Unpriced, estimate.Basis);
        Assert.Null(estimate.CostUsd);
        Assert.Equal(PriceRule.Unpriced, estimate.Match!.Rule);
    }

    [Fact]
    public void A_plan_is_estimated_with_each_workstreams_resolved_tool()
    {
        var plan = new PlanDocument(
            "p",
            new PlanSettings { DefaultTool = ToolCatalog.FakeAgent, Tools = new Dictionary<string, ToolProfile> { ["gpt"] = new() { Name = "gpt", Command = ["x"], Model = "gpt-4.1" } } },
            [Workstream("ws-a", 2000), Workstream("ws-b", 1_000_000) with { Tool = "gpt" }]);

        var estimates = _estimator.EstimatePlan(plan);

        // fake-model costs $1 per million input tokens; gpt-4.1 $2.
        Assert.Equal([("ws-a", 0.002m), ("ws-b", 2m)], estimates.Select(e => (e.WorkstreamId, e.CostUsd!.Value)));
    }

    private static WorkstreamSpec Workstream(long? tokens) => Workstream("ws-a", tokens);

    private static WorkstreamSpec Workstream(string id, long? tokens) =>
        new() { Id = id, FilesScope = ["a.txt"], Tasks = ["t"], EstimatedContextTokens = tokens };
}
