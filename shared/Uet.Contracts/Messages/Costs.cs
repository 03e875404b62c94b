namespace Uet.Contracts;

public sealed record CostRecorded(
    Guid RunId,
    string WorkstreamId,
    int Attempt,
    int Sequence,
    string Model,
    decimal CostUsd,
    bool Priced,
    decimal RunTotalUsd,
    decimal WorkstreamTotalUsd,
    DateTimeOffset At);

/// <summary>Spending passed the warning threshold. <c>WorkstreamId</c> is null for the run budget.</summary>
public sealed record BudgetWarning(Guid RunId, string? WorkstreamId, decimal SpentUsd, decimal BudgetUsd, decimal Percent, DateTimeOffset At);

public sealed record BudgetExceeded(
    Guid RunId,
    string? WorkstreamId,
    decimal SpentUsd,
    decimal BudgetUsd,
    decimal Percent,
    Plans.BudgetMode Mode,
    DateTimeOffset At);
