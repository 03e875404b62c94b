namespace Uet.Domain.Costs;

/// <summary>
/// Changes to a price table from one source (a JSON file, the <c>Cost:Prices</c> configuration section, code):
/// entries added or replaced (a null price removes the entry), aliases added or replaced (null removes),
/// the fallback entry set (empty removes it), or the defaults dropped first.
/// </summary>
public sealed record PriceOverrides
{
    /// <summary>Where these came from, for error messages: a file path or a configuration key.</summary>
    public string Source { get; init; } = "price overrides";

    /// <summary>Start from an empty table instead of the defaults.</summary>
    public bool ReplaceDefaults { get; init; }

    public IReadOnlyDictionary<string, ModelPrice?> Models { get; init; } = new Dictionary<string, ModelPrice?>();

    public IReadOnlyDictionary<string, string?> Aliases { get; init; } = new Dictionary<string, string?>();

    /// <summary>Entry that prices unknown models; null leaves it as it is, empty removes it.</summary>
    public string? Fallback { get; init; }

    public bool IsEmpty => !ReplaceDefaults && Models.Count == 0 && Aliases.Count == 0 && Fallback is null;
}
