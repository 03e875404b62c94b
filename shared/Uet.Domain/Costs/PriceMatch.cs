namespace Uet.Domain.Costs;

/// <summary>How a model name found its price (or did not).</summary>
public enum PriceRule
{
    /// <summary>The name is an entry of the table.</summary>
    Exact,

    /// <summary>The name is a declared alias of an entry (<c>sonnet</c>, <c>claude-sonnet-4.5</c>).</summary>
    Alias,

    /// <summary>
    /// The name, without a provider prefix (<c>anthropic/</c>, <c>openrouter/openai/</c>, Bedrock's
    /// <c>anthropic.</c> and <c>-v1:0</c>) or a snapshot suffix (<c>-20240229</c>, <c>-2024-08-06</c>,
    /// <c>@20240229</c>, <c>-latest</c>), is an entry or alias.
    /// </summary>
    Normalized,

    /// <summary>The model is unknown and the table's configured fallback entry priced it.</summary>
    Fallback,

    /// <summary>The model is unknown and there is no fallback: the usage is recorded unpriced.</summary>
    Unpriced,
}

/// <summary>The result of looking a model up: the entry used (if any), its price, and by which rule.</summary>
public sealed record PriceMatch(string Model, string? Entry, ModelPrice? Price, PriceRule Rule)
{
    public bool IsPriced => Price is not null;

    /// <summary>One line for logs and reports: <c>claude-3-opus-20240229 → claude-3-opus (normalized)</c>.</summary>
    public string Describe() => Rule switch
    {
        PriceRule.Exact => Model,
        PriceRule.Unpriced => $"{Model} (not in the price table: unpriced)",
        PriceRule.Fallback => $"{Model} → {Entry} (not in the price table: priced by the configured fallback)",
        _ => $"{Model} → {Entry} ({Rule.ToString().ToLowerInvariant()})",
    };
}

/// <summary>Where a recorded cost came from.</summary>
public enum PriceSource
{
    /// <summary>The price table (exact, alias or normalized name).</summary>
    Table,

    /// <summary>The tool printed its own cost for the report; it wins over the table.</summary>
    Reported,

    /// <summary>The table's configured fallback entry priced an unknown model.</summary>
    Fallback,

    /// <summary>Nothing priced it: cost 0, flagged.</summary>
    Unpriced,
}

/// <summary>The cost of one usage report and how it was reached.</summary>
public sealed record PricedUsage(decimal CostUsd, PriceSource Source, PriceMatch Match)
{
    public bool Priced => Source != PriceSource.Unpriced;
}
