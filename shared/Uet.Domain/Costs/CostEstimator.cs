using Uet.Contracts.Plans;

namespace Uet.Domain.Costs;

/// <summary>Why an estimate has or has no cost.</summary>
public enum EstimateBasis
{
    /// <summary><c>estimated_context_tokens</c> priced as input at the model's (uncached) input rate.</summary>
    Estimated,

    /// <summary>The workstream gives no <c>estimated_context_tokens</c>.</summary>
    NoTokenEstimate,

    /// <summary>The tool profile names no model (e.g. <c>shell</c>): nothing to price.</summary>
    NoModel,

    /// <summary>The model is not in the price table (and no fallback is configured).</summary>
    Unpriced,
}

/// <summary>The estimated cost of one workstream attempt before dispatch. <c>CostUsd</c> is null unless <c>Basis</c> is Estimated.</summary>
public sealed record CostEstimate(string WorkstreamId, decimal? CostUsd, long? Tokens, string? Model, PriceMatch? Match, EstimateBasis Basis)
{
    /// <summary>
    /// True when the estimate is known and larger than <paramref name="remainingUsd"/> (what is left of a budget).
    /// An unknown estimate never blocks: it is reported instead.
    /// </summary>
    public bool Exceeds(decimal remainingUsd) => CostUsd is { } cost && cost > remainingUsd;
}

/// <summary>
/// Estimates what a workstream will cost before it is dispatched, from its <c>estimated_context_tokens</c> and its
/// tool's model. Assumption: the context is sent once as uncached input and priced at the model's input rate;
/// output, retries and the tool's own follow-up calls are not counted. It is a floor, not a forecast: real spending
/// is enforced from the usage the tools report. Pure; the price table decides what a model costs.
/// </summary>
public sealed class CostEstimator(PriceTable prices)
{
    private readonly PriceTable _prices = prices ?? throw new ArgumentNullException(nameof(prices));

    public CostEstimate Estimate(WorkstreamSpec workstream, ToolProfile tool)
    {
        ArgumentNullException.ThrowIfNull(workstream);
        ArgumentNullException.ThrowIfNull(tool);
        var tokens = workstream.EstimatedContextTokens;
        if (string.IsNullOrWhiteSpace(tool.Model))
        {
            return new CostEstimate(workstream.Id, null, tokens, null, null, EstimateBasis.NoModel);
        }

        var match = _prices.Find(tool.Model);
        if (tokens is not { } count || count < 0)
        {
            return new CostEstimate(workstream.Id, null, tokens, tool.Model, match, EstimateBasis.NoTokenEstimate);
        }
        if (match.Price is not { } price)
        {
            return new CostEstimate(workstream.Id, null, count, tool.Model, match, EstimateBasis.Unpriced);
        }

        return new CostEstimate(workstream.Id, price.CostOf(new TokenUsage(count, 0, 0)), count, tool.Model, match, EstimateBasis.Estimated);
    }

    /// <summary>Estimates every workstream of a plan with the tool each one resolves to.</summary>
    public IReadOnlyList<CostEstimate> EstimatePlan(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Workstreams.Select(ws => Estimate(ws, ToolCatalog.Resolve(plan.Settings, ws))).ToList();
    }
}
