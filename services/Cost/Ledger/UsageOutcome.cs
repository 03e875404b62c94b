using Uet.Cost.Model;

namespace Uet.Cost.Ledger;

/// <summary>
/// What recording one usage report did. <c>Duplicate</c>: the report was in the ledger already and nothing was
/// counted; <c>Events</c> are then what it caused the first time (same message ids), to be sent again.
/// </summary>
public sealed record UsageOutcome(UsageEntry Entry, bool Duplicate, IReadOnlyList<CostEvent> Events);
