namespace Uet.Domain.Costs;

/// <summary>A price table that cannot be used. The message names where (file or configuration key), what, and the fix.</summary>
public sealed class PriceTableException(string message) : Exception(message);
