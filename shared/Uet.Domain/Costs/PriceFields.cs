namespace Uet.Domain.Costs;

/// <summary>
/// The field names of a price table, shared by the JSON file and the <c>Cost:Prices</c> configuration section.
/// Names match case-insensitively and without <c>_</c> or <c>-</c>: <c>cached_input</c>, <c>CachedInput</c> and
/// <c>cachedInput</c> are one field.
/// </summary>
public static class PriceFields
{
    public const string ReplaceDefaults = "replacedefaults";
    public const string Models = "models";
    public const string Aliases = "aliases";
    public const string Fallback = "fallback";

    private static readonly string[] PriceFieldNames = ["input", "cached_input", "output", "input_per_1k", "cached_input_per_1k", "output_per_1k"];

    /// <summary>The form used for comparison: lower case, no <c>_</c> or <c>-</c>.</summary>
    public static string Normalize(string field) =>
        new(field.Where(c => c is not ('_' or '-')).Select(char.ToLowerInvariant).ToArray());

    /// <summary>
    /// One model's price from its fields: <c>input</c>, <c>output</c> and optional <c>cached_input</c> in USD per
    /// million tokens, or the same with <c>_per_1k</c> (converted exactly). <paramref name="where"/> names the model
    /// in messages (e.g. <c>prices.json: models."my-model"</c>).
    /// </summary>
    public static ModelPrice BuildPrice(string where, IEnumerable<(string Field, decimal Value)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        decimal? input = null, cached = null, output = null;
        foreach (var (field, value) in fields)
        {
            if (value < 0)
            {
                throw new PriceTableException($"{where}.{field} is {value}; a price cannot be negative. Fix: give the price in US dollars, 0 or more.");
            }
            switch (Normalize(field))
            {
                case "input": Set(ref input, value, field); break;
                case "cachedinput": Set(ref cached, value, field); break;
                case "output": Set(ref output, value, field); break;
                case "inputper1k": Set(ref input, value * 1000m, field); break;
                case "cachedinputper1k": Set(ref cached, value * 1000m, field); break;
                case "outputper1k": Set(ref output, value * 1000m, field); break;
                default:
                    throw new PriceTableException($"{where}: unknown field '{field}'. Fix: use {string.Join(", ", PriceFieldNames)} (USD per million tokens, or per 1k with _per_1k).");
            }
        }

        if (input is null || output is null)
        {
            throw new PriceTableException($"{where}: missing {(input is null ? "input" : "output")} price. Fix: give both \"input\" and \"output\" in USD per million tokens (\"cached_input\" is optional).");
        }
        return new ModelPrice(input.Value, cached ?? input.Value, output.Value);

        void Set(ref decimal? slot, decimal value, string field)
        {
            if (slot is not null)
            {
                throw new PriceTableException($"{where}: '{field}' gives a price already given (per million and per 1k together?). Fix: give each price once.");
            }
            slot = value;
        }
    }
}
