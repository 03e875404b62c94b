namespace Uet.Metrics.Analysis;

/// <summary>One event of a run as the calculator sees it: when, in what order it was stored, and the contract record.</summary>
public sealed record RunEvent(long Sequence, DateTimeOffset Time, object Message);
