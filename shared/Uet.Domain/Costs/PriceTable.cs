using System.Text.RegularExpressions;

namespace Uet.Domain.Costs;

/// <summary>
/// Prices per model, looked up by name: exact entry, then declared alias, then the name without a provider prefix
/// or snapshot suffix (<see cref="PriceRule.Normalized"/>), then the configured fallback entry. An unknown model is
/// never priced as another model by resemblance: without a fallback it is unpriced, and the result says so.
/// Names are compared case-insensitively. Immutable; <see cref="With"/> returns a changed copy.
/// </summary>
public sealed partial class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _entries;
    private readonly Dictionary<string, string> _aliases;

    public PriceTable(IReadOnlyDictionary<string, ModelPrice> entries, IReadOnlyDictionary<string, string>? aliases = null, string? fallback = null, string source = "price table")
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var (name, price) in entries)
        {
            var key = Key(name, source, "model name");
            if (!_entries.TryAdd(key, price ?? throw new PriceTableException($"{source}: model '{name}' has no price. Fix: give it input and output prices, or leave it out.")))
            {
                throw new PriceTableException($"{source}: model '{name}' is listed twice (names are case-insensitive). Fix: keep one entry.");
            }
        }

        _aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (alias, target) in aliases ?? new Dictionary<string, string>())
        {
            var key = Key(alias, source, "alias");
            var targetKey = Key(target, source, $"target of alias '{alias}'");
            if (_entries.ContainsKey(key))
            {
                throw new PriceTableException($"{source}: '{alias}' is both a model and an alias. Fix: remove the alias or the model entry.");
            }
            if (!_entries.ContainsKey(targetKey))
            {
                throw new PriceTableException($"{source}: alias '{alias}' points to '{target}', which is not a model of the table. Fix: name one of the models (e.g. {Sample()}), or add '{target}' to \"models\".");
            }
            _aliases[key] = targetKey;
        }

        if (!string.IsNullOrWhiteSpace(fallback))
        {
            var key = Key(fallback, source, "fallback");
            if (!_entries.ContainsKey(key))
            {
                throw new PriceTableException($"{source}: the fallback '{fallback}' is not a model of the table. Fix: name one of the models (e.g. {Sample()}), or add '{fallback}' to \"models\".");
            }
            FallbackEntry = key;
        }
    }

    /// <summary>The built-in prices (current Claude, GPT and Gemini models, and the seed's older ones); no fallback.</summary>
    public static PriceTable Default { get; } = new(DefaultPrices.Entries, DefaultPrices.Aliases, null, "built-in price table");

    public IReadOnlyDictionary<string, ModelPrice> Entries => _entries;

    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    /// <summary>The entry that prices unknown models, or null: then they are unpriced.</summary>
    public string? FallbackEntry { get; }

    /// <summary>This table changed by <paramref name="overrides"/> (validated as a whole; errors name their source).</summary>
    public PriceTable With(PriceOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (overrides.IsEmpty)
        {
            return this;
        }

        var entries = overrides.ReplaceDefaults ? new Dictionary<string, ModelPrice>(StringComparer.Ordinal) : new Dictionary<string, ModelPrice>(_entries, StringComparer.Ordinal);
        var aliases = overrides.ReplaceDefaults ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(_aliases, StringComparer.Ordinal);
        var fallback = overrides.ReplaceDefaults ? null : FallbackEntry;
        foreach (var (name, price) in overrides.Models)
        {
            var key = Key(name, overrides.Source, "model name");
            if (price is null)
            {
                entries.Remove(key);
                // Aliases of a removed model go with it rather than failing the whole table.
                foreach (var alias in aliases.Where(a => a.Value == key).Select(a => a.Key).ToList())
                {
                    aliases.Remove(alias);
                }
            }
            else
            {
                entries[key] = price;
                aliases.Remove(key);
            }
        }

        foreach (var (alias, target) in overrides.Aliases)
        {
            var key = Key(alias, overrides.Source, "alias");
            if (target is null)
            {
                aliases.Remove(key);
            }
            else
            {
                aliases[key] = target;
            }
        }

        if (overrides.Fallback is { } newFallback)
        {
            fallback = newFallback.Length == 0 ? null : newFallback;
        }
        return new PriceTable(entries, aliases, fallback, overrides.Source);
    }

    /// <summary>Finds the price of <paramref name="model"/> by the rules above.</summary>
    public PriceMatch Find(string? model)
    {
        var name = model?.Trim() ?? "";
        var key = name.ToLowerInvariant();
        if (key.Length > 0)
        {
            if (Lookup(key) is { } direct)
            {
                return new PriceMatch(name, direct.Entry, direct.Price, direct.ViaAlias ? PriceRule.Alias : PriceRule.Exact);
            }
            foreach (var candidate in Normalizations(key))
            {
                if (Lookup(candidate) is { } normalized)
                {
                    return new PriceMatch(name, normalized.Entry, normalized.Price, PriceRule.Normalized);
                }
            }
        }

        return FallbackEntry is { } fallback
            ? new PriceMatch(name, fallback, _entries[fallback], PriceRule.Fallback)
            : new PriceMatch(name, null, null, PriceRule.Unpriced);
    }

    /// <summary>
    /// Prices one report. A cost the tool printed itself (<paramref name="reportedCostUsd"/>, not negative) wins over
    /// the table: the tool knows its own discounts and tiers. Otherwise the table prices it, or it is unpriced (cost 0).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A token count is negative.</exception>
    public PricedUsage Price(string? model, TokenUsage usage, decimal? reportedCostUsd = null)
    {
        if (!usage.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(usage), usage, "Token counts cannot be negative.");
        }

        var match = Find(model);
        if (reportedCostUsd is >= 0m and { } reported)
        {
            return new PricedUsage(reported, PriceSource.Reported, match);
        }

        return match.Price is { } price
            ? new PricedUsage(price.CostOf(usage), match.Rule == PriceRule.Fallback ? PriceSource.Fallback : PriceSource.Table, match)
            : new PricedUsage(0m, PriceSource.Unpriced, match);
    }

    private (string Entry, ModelPrice Price, bool ViaAlias)? Lookup(string key)
    {
        if (_entries.TryGetValue(key, out var price))
        {
            return (key, price, false);
        }
        return _aliases.TryGetValue(key, out var target) ? (target, _entries[target], true) : null;
    }

    /// <summary>The name with, one after the other, its provider prefix, Bedrock wrapping, Vertex '@' and snapshot suffix removed.</summary>
    private static IEnumerable<string> Normalizations(string key)
    {
        var name = key;
        var slash = name.LastIndexOf('/');
        if (slash >= 0 && slash < name.Length - 1)
        {
            name = name[(slash + 1)..];
            yield return name;
        }

        if (Bedrock().Match(name) is { Success: true } bedrock)
        {
            name = bedrock.Groups["name"].Value;
            yield return name;
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            name = name[..at];
            yield return name;
        }

        if (SnapshotSuffix().Match(name) is { Success: true } snapshot && snapshot.Index > 0)
        {
            yield return name[..snapshot.Index];
        }
    }

    private static string Key(string? name, string source, string what)
    {
        var key = name?.Trim().ToLowerInvariant() ?? "";
        return key.Length > 0 ? key : throw new PriceTableException($"{source}: empty {what}. Fix: give the model's name as tools print it (e.g. \"claude-sonnet-4-5\").");
    }

    private string Sample() => string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal).Take(3));

    // us.anthropic.claude-sonnet-4-20250514-v1:0 → claude-sonnet-4-20250514
    [GeneratedRegex(@"^(?:[a-z]{2,6}\.)?anthropic\.(?<name>.+?)(?:-v\d+(?::\d+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Bedrock();

    // -20240229, -2024-08-06, -latest at the end of the name.
    [GeneratedRegex(@"-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotSuffix();
}
