using System.Globalization;

using Microsoft.Extensions.Configuration;

using Uet.Domain.Costs;

namespace Uet.Cost.Pricing;

/// <summary>
/// Builds the service's price table, each layer over the one before: the built-in table, the price file
/// (<see cref="CostOptions.PriceFile"/>, <c>Cost:Prices:File</c> or <c>UET_PRICES</c>), the <c>Cost:Prices</c>
/// configuration section, then <see cref="CostOptions.Prices"/>. Errors name the file or key and the fix.
/// </summary>
public static class PriceTableLoader
{
    public const string Section = "Cost:Prices";

    public static PriceTable Build(CostOptions options, IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = PriceTable.Default;
        var section = configuration?.GetSection(Section);
        var file = options.PriceFile
            ?? (section?["File"] is { Length: > 0 } configured ? configured : null)
            ?? (Environment.GetEnvironmentVariable(CostOptions.PriceFileVariable) is { Length: > 0 } variable ? variable : null);
        if (file is not null)
        {
            table = table.With(PriceTableJson.ReadFile(file));
        }
        if (section is not null && section.Exists())
        {
            table = table.With(FromConfiguration(section));
        }
        if (options.Prices is { } prices)
        {
            table = table.With(prices);
        }
        return table;
    }

    /// <summary>
    /// The <c>Cost:Prices</c> section: <c>Models:&lt;name&gt;:Input|CachedInput|Output</c> (or <c>..._per_1k</c>),
    /// <c>Aliases:&lt;alias&gt;</c>, <c>Fallback</c>, <c>ReplaceDefaults</c>, <c>File</c>. An empty model or alias removes it.
    /// </summary>
    public static PriceOverrides FromConfiguration(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var models = new Dictionary<string, ModelPrice?>(StringComparer.OrdinalIgnoreCase);
        var aliases = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string? fallback = null;
        var replace = false;
        foreach (var child in section.GetChildren())
        {
            switch (PriceFields.Normalize(child.Key))
            {
                case "file":
                    break;
                case PriceFields.ReplaceDefaults:
                    replace = bool.TryParse(child.Value, out var value)
                        ? value
                        : throw new PriceTableException($"{child.Path} is '{child.Value}'; it must be true or false.");
                    break;
                case PriceFields.Fallback:
                    fallback = child.Value ?? "";
                    break;
                case PriceFields.Models:
                    foreach (var model in child.GetChildren())
                    {
                        var fields = model.GetChildren().ToList();
                        models[model.Key] = fields.Count == 0 && string.IsNullOrEmpty(model.Value)
                            ? null
                            : PriceFields.BuildPrice(model.Path, fields.Select(f => (f.Key, Number(f))));
                    }
                    break;
                case PriceFields.Aliases:
                    foreach (var alias in child.GetChildren())
                    {
                        aliases[alias.Key] = string.IsNullOrEmpty(alias.Value) ? null : alias.Value;
                    }
                    break;
                default:
                    throw new PriceTableException($"{child.Path}: unknown setting. Fix: use {Section}:Models, :Aliases, :Fallback, :ReplaceDefaults or :File.");
            }
        }
        return new PriceOverrides { Source = $"configuration {section.Path}", ReplaceDefaults = replace, Models = models, Aliases = aliases, Fallback = fallback };
    }

    private static decimal Number(IConfigurationSection field) =>
        decimal.TryParse(field.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new PriceTableException($"{field.Path} is '{field.Value}'; it must be a number in US dollars (e.g. 2.5).");
}
