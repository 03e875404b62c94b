using Uet.Contracts.Plans;
using Uet.Domain.Costs;

namespace Uet.Cost.Queries;

/// <summary>Token counts summed over reports (the three kinds are disjoint).</summary>
public sealed record TokenTotals(long InputTokens, long CachedInputTokens, long OutputTokens)
{
    public static readonly TokenTotals Zero = new(0, 0, 0);

    public long Total => InputTokens + CachedInputTokens + OutputTokens;

    public TokenTotals Add(TokenUsage usage) => new(InputTokens + usage.InputTokens, CachedInputTokens + usage.CachedInputTokens, OutputTokens + usage.OutputTokens);
}

/// <summary>A budget and where spending stands against it. <c>Percent</c> is null without a budget.</summary>
public sealed record BudgetStatus(
    decimal? BudgetUsd,
    BudgetMode Mode,
    decimal WarningThreshold,
    decimal SpentUsd,
    decimal? Percent,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? ExceededAt)
{
    public bool Exceeded => BudgetUsd is { } budget && SpentUsd > budget;

    public decimal? RemainingUsd => BudgetUsd is { } budget ? budget - SpentUsd : null;
}

/// <summary>A run's spending: priced total (exact), reports, unpriced reports, tokens, and its run budget.</summary>
public sealed record RunCost(Guid RunId, decimal TotalUsd, int Reports, int UnpricedReports, TokenTotals Tokens, BudgetStatus Budget);

/// <summary>One workstream's spending over all its attempts, and its <c>max_cost_usd</c> budget if it has one.</summary>
public sealed record WorkstreamCost(string WorkstreamId, decimal TotalUsd, int Reports, int UnpricedReports, int Attempts, TokenTotals Tokens, BudgetStatus? Budget);

/// <summary>Spending per model name as the tools printed it, with the price entries it resolved to.</summary>
public sealed record ModelCost(string Model, IReadOnlyList<string> PriceEntries, decimal TotalUsd, int Reports, int UnpricedReports, TokenTotals Tokens);

/// <summary>A report no price covered: its tokens are known, its cost is not.</summary>
public sealed record UnpricedUsage(string WorkstreamId, int Attempt, int Sequence, string Model, TokenTotals Tokens, DateTimeOffset ReportedAt);
