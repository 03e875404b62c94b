using System.Text.Json;

namespace Uet.Domain.Costs;

/// <summary>
/// Reads a price file:
/// <code>
/// {
///   "replace_defaults": false,
///   "models": {
///     "my-model": { "input": 1.5, "cached_input": 0.15, "output": 6 },
///     "old-model": { "input_per_1k": 0.03, "output_per_1k": 0.06 },
///     "gpt-4": null
///   },
///   "aliases": { "opus": "claude-opus-4-5" },
///   "fallback": "claude-sonnet-4-5"
/// }
/// </code>
/// Prices are exact decimals (USD per million tokens; <c>_per_1k</c> converted × 1000). A null model or alias removes it;
/// <c>"fallback": ""</c> removes the fallback. Comments and trailing commas are allowed.
/// </summary>
public static class PriceTableJson
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads <paramref name="path"/>; errors name the file, the field and the fix.</summary>
    public static PriceOverrides ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PriceTableException($"{path}: cannot read the price file ({ex.Message}). Fix: point the price file setting at a readable JSON file.");
        }
        return Parse(text, path);
    }

    public static PriceOverrides Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new PriceTableException($"{source}: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message} Fix: correct the JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PriceTableException($"{source}: the price file must hold one JSON object with \"models\", \"aliases\", \"fallback\", \"replace_defaults\".");
            }

            var replace = false;
            string? fallback = null;
            var models = new Dictionary<string, ModelPrice?>(StringComparer.OrdinalIgnoreCase);
            var aliases = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in root.EnumerateObject())
            {
                switch (PriceFields.Normalize(property.Name))
                {
                    case "$schema":
                        break;
                    case PriceFields.ReplaceDefaults:
                        replace = property.Value.ValueKind switch
                        {
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            _ => throw new PriceTableException($"{source}: \"{property.Name}\" must be true or false."),
                        };
                        break;
                    case PriceFields.Fallback:
                        fallback = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString()!,
                            JsonValueKind.Null => "",
                            _ => throw new PriceTableException($"{source}: \"{property.Name}\" must name a model of the table (a string), or be \"\" for none."),
                        };
                        break;
                    case PriceFields.Models:
                        ReadModels(property.Value, source, models);
                        break;
                    case PriceFields.Aliases:
                        ReadAliases(property.Value, source, aliases);
                        break;
                    default:
                        throw new PriceTableException($"{source}: unknown field \"{property.Name}\". Fix: use \"models\", \"aliases\", \"fallback\" or \"replace_defaults\".");
                }
            }

            return new PriceOverrides { Source = source, ReplaceDefaults = replace, Models = models, Aliases = aliases, Fallback = fallback };
        }
    }

    private static void ReadModels(JsonElement element, string source, Dictionary<string, ModelPrice?> models)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PriceTableException($"{source}: \"models\" must be an object of model name → prices, e.g. {{ \"my-model\": {{ \"input\": 1, \"output\": 2 }} }}.");
        }
        foreach (var model in element.EnumerateObject())
        {
            var where = $"{source}: models.\"{model.Name}\"";
            if (!models.TryAdd(model.Name, model.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Object => PriceFields.BuildPrice(where, model.Value.EnumerateObject().Select(f => (f.Name, Number(f, where)))),
                _ => throw new PriceTableException($"{where} must be an object with \"input\" and \"output\" (USD per million tokens), or null to remove the model."),
            }))
            {
                throw new PriceTableException($"{where} is listed twice. Fix: keep one entry.");
            }
        }
    }

    private static void ReadAliases(JsonElement element, string source, Dictionary<string, string?> aliases)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PriceTableException($"{source}: \"aliases\" must be an object of alias → model name, e.g. {{ \"opus\": \"claude-opus-4-5\" }}.");
        }
        foreach (var alias in element.EnumerateObject())
        {
            aliases[alias.Name] = alias.Value.ValueKind switch
            {
                JsonValueKind.String => alias.Value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new PriceTableException($"{source}: aliases.\"{alias.Name}\" must name a model (a string), or be null to remove the alias."),
            };
        }
    }

    private static decimal Number(JsonProperty field, string where) =>
        field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetDecimal(out var value)
            ? value
            : throw new PriceTableException($"{where}.{field.Name} is {field.Value.GetRawText()}; it must be a number (USD).");
}
