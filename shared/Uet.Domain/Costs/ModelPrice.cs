namespace Uet.Domain.Costs;

/// <summary>
/// What one model costs, in US dollars per million tokens. <c>CachedInputPerMillion</c> is the rate of prompt
/// tokens served from the provider's cache (cache reads); cache writes are billed as input.
/// </summary>
public sealed record ModelPrice
{
    public ModelPrice(decimal inputPerMillion, decimal cachedInputPerMillion, decimal outputPerMillion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputPerMillion);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedInputPerMillion);
        ArgumentOutOfRangeException.ThrowIfNegative(outputPerMillion);
        InputPerMillion = inputPerMillion;
        CachedInputPerMillion = cachedInputPerMillion;
        OutputPerMillion = outputPerMillion;
    }

    public decimal InputPerMillion { get; }

    public decimal CachedInputPerMillion { get; }

    public decimal OutputPerMillion { get; }

    /// <summary>A price given per million tokens; without a cached rate, cache reads cost as much as input.</summary>
    public static ModelPrice PerMillion(decimal input, decimal output, decimal? cachedInput = null) =>
        new(input, cachedInput ?? input, output);

    /// <summary>A price given per thousand tokens (as older price lists do), converted exactly (× 1000).</summary>
    public static ModelPrice PerThousand(decimal input, decimal output, decimal? cachedInput = null) =>
        PerMillion(input * 1000m, output * 1000m, cachedInput * 1000m);

    /// <summary>The exact cost of <paramref name="usage"/>: tokens × rate ÷ 10⁶ for each of the three kinds.</summary>
    public decimal CostOf(TokenUsage usage) =>
        ((usage.InputTokens * InputPerMillion) + (usage.CachedInputTokens * CachedInputPerMillion) + (usage.OutputTokens * OutputPerMillion)) / 1_000_000m;
}

/// <summary>
/// Token counts of one report. The three are disjoint: <c>InputTokens</c> are prompt tokens not read from a
/// cache, <c>CachedInputTokens</c> are cache reads, <c>OutputTokens</c> are generated tokens.
/// </summary>
public readonly record struct TokenUsage(long InputTokens, long CachedInputTokens, long OutputTokens)
{
    public bool IsValid => InputTokens >= 0 && CachedInputTokens >= 0 && OutputTokens >= 0;
}
