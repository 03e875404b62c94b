using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Uet.Contracts.Plans;

namespace Uet.Cost.Ledger;

/// <summary>
/// A message the ledger decided to publish, with a message id derived from what caused it: publishing it again
/// (after a redelivery) repeats the same id, so a store keyed by message id keeps it once.
/// </summary>
public sealed record CostEvent(Guid MessageId, object Message);

/// <summary>Stable message ids: a hash of the cause (like <c>Naming.RunIdFor</c>).</summary>
internal static class EventIds
{
    public static Guid For(params object?[] parts)
    {
        var text = "uet-cost:" + string.Join('|', parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}

/// <summary>A budget event as the ledger row keeps it, to be re-sent unchanged.</summary>
internal sealed record StoredBudgetEvent(BudgetEventKind Kind, string? WorkstreamId, decimal SpentUsd, decimal BudgetUsd, decimal Percent, BudgetMode Mode);

internal enum BudgetEventKind
{
    Warning,
    Exceeded,
}
