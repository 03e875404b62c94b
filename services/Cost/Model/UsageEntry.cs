using Uet.Domain.Costs;

namespace Uet.Cost.Model;

/// <summary>
/// One usage report in the ledger. The key (RunId, WorkstreamId, Attempt, Sequence) is the report's identity:
/// a redelivered report finds its row and is not counted again.
/// </summary>
public sealed class UsageEntry
{
    public Guid RunId { get; set; }
    public string WorkstreamId { get; set; } = "";
    public int Attempt { get; set; }
    public int Sequence { get; set; }

    public string Model { get; set; } = "";
    public long InputTokens { get; set; }
    public long CachedInputTokens { get; set; }
    public long OutputTokens { get; set; }

    /// <summary>The cost the tool printed itself, if it did (it wins over the table).</summary>
    public decimal? ReportedCostUsd { get; set; }

    /// <summary>The cost counted: exact, 0 when unpriced.</summary>
    public decimal CostUsd { get; set; }

    public bool Priced { get; set; }
    public PriceSource PriceSource { get; set; }
    public PriceRule PriceRule { get; set; }

    /// <summary>The price table entry the model resolved to (also recorded when the tool's own cost won).</summary>
    public string? PriceEntry { get; set; }

    /// <summary>The run's and the workstream's priced totals right after this report, as <c>CostRecorded</c> said.</summary>
    public decimal RunTotalUsd { get; set; }

    public decimal WorkstreamTotalUsd { get; set; }

    /// <summary>The budget events this report caused (JSON), re-sent unchanged if the report is delivered again.</summary>
    public string? BudgetEventsJson { get; set; }

    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    public TokenUsage Tokens => new(InputTokens, CachedInputTokens, OutputTokens);
}
