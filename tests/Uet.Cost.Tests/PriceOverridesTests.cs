using Microsoft.Extensions.Configuration;

using Uet.Cost.Pricing;
using Uet.Domain.Costs;

namespace Uet.Cost.Tests;

public sealed class PriceOverridesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "uet-cost-prices", Guid.NewGuid().ToString("N"));

    public PriceOverridesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_price_file_adds_replaces_and_removes_entries_and_aliases()
    {
        var file = Write("prices.json", """
            {
              // comments are allowed
              "models": {
                "my-model": { "input": 1.5, "cached_input": 0.15, "output": 6 },
                "old-model": { "input_per_1k": 0.0005, "output_per_1k": 0.0015 },
                "gpt-4o": { "input": 2, "output": 8 },
                "claude-sonnet-4-5": null,
              },
              "aliases": { "opus": "claude-opus-4-5", "mine": "my-model" },
            }
            """);

        var table = PriceTable.Default.With(PriceTableJson.ReadFile(file));

        Assert.Equal(new ModelPrice(1.5m, 0.15m, 6m), table.Entries["my-model"]);
        Assert.Equal(new ModelPrice(0.5m, 0.5m, 1.5m), table.Entries["old-model"]);
        // A replaced entry without a cached rate bills cache reads as input.
        Assert.Equal(new ModelPrice(2m, 2m, 8m), table.Entries["gpt-4o"]);
        Assert.False(table.Entries.ContainsKey("claude-sonnet-4-5"));
        // The removed model's alias went with it, and the model is now unpriced.
        Assert.False(table.Aliases.ContainsKey("sonnet"));
        Assert.Equal(PriceRule.Unpriced, table.Find("claude-sonnet-4-5-20250929").Rule);
        Assert.Equal("claude-opus-4-5", table.Find("opus").Entry);
        Assert.Equal("my-model", table.Find("mine").Entry);
        // Untouched entries stay.
        Assert.Same(PriceTable.Default.Entries["gpt-5"], table.Entries["gpt-5"]);
    }

    [Fact]
    public void Replace_defaults_starts_from_an_empty_table()
    {
        var table = PriceTable.Default.With(PriceTableJson.Parse("""{ "replace_defaults": true, "models": { "only": { "input": 1, "output": 1 } }, "fallback": "only" }""", "inline"));

        Assert.Equal(["only"], table.Entries.Keys);
        Assert.Empty(table.Aliases);
        Assert.Equal(PriceRule.Fallback, table.Find("gpt-4o").Rule);
    }

    [Fact]
    public void An_empty_fallback_removes_the_fallback()
    {
        var withFallback = PriceTable.Default.With(new PriceOverrides { Fallback = "gpt-4o" });

        var without = withFallback.With(PriceTableJson.Parse("""{ "fallback": "" }""", "inline"));

        Assert.Equal("gpt-4o", withFallback.FallbackEntry);
        Assert.Null(without.FallbackEntry);
        Assert.Equal(PriceRule.Unpriced, without.Find("unknown").Rule);
    }

    [Theory]
    [InlineData("""{ "models": { "m": { "input": 1 } } }""", "models.\"m\": missing output price")]
    [InlineData("""{ "models": { "m": { "input": -1, "output": 1 } } }""", "models.\"m\".input is -1")]
    [InlineData("""{ "models": { "m": { "input": 1, "outptu": 2 } } }""", "unknown field 'outptu'")]
    [InlineData("""{ "models": { "m": { "input": 1, "input_per_1k": 0.001, "output": 1 } } }""", "'input_per_1k' gives a price already given")]
    [InlineData("""{ "models": { "m": { "input": "1", "output": 1 } } }""", "models.\"m\".input is \"1\"; it must be a number")]
    [InlineData("""{ "models": { "m": 3 } }""", "models.\"m\" must be an object")]
    [InlineData("""{ "aliases": { "a": "no-such-model" } }""", "alias 'a' points to 'no-such-model', which is not a model")]
    [InlineData("""{ "fallback": "no-such-model" }""", "the fallback 'no-such-model' is not a model")]
    [InlineData("""{ "model": {} }""", "unknown field \"model\"")]
    [InlineData("""[1, 2]""", "must hold one JSON object")]
    [InlineData("""{ "models": { """, "not valid JSON (line 1")]
    public void Bad_price_files_say_where_what_and_how_to_fix(string json, string expected)
    {
        var file = Write("bad.json", json);

        var error = Assert.Throws<PriceTableException>(() => PriceTable.Default.With(PriceTableJson.ReadFile(file)));

        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_price_file_is_named()
    {
        var missing = Path.Combine(_dir, "nope.json");

        var error = Assert.Throws<PriceTableException>(() => PriceTableJson.ReadFile(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_section_overrides_the_file_which_overrides_the_defaults()
    {
        var file = Write("prices.json", """{ "models": { "team-model": { "input": 4, "output": 16 }, "gpt-4o": { "input": 3, "output": 12 } } }""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cost:Prices:File"] = file,
            ["Cost:Prices:Models:team-model:Input"] = "5",
            ["Cost:Prices:Models:team-model:Output"] = "20",
            ["Cost:Prices:Models:legacy:input_per_1k"] = "0.002",
            ["Cost:Prices:Models:legacy:output_per_1k"] = "0.004",
            ["Cost:Prices:Models:gpt-4"] = "",
            ["Cost:Prices:Aliases:team"] = "team-model",
            ["Cost:Prices:Fallback"] = "team-model",
        }).Build();

        var table = PriceTableLoader.Build(new CostOptions(), configuration);

        Assert.Equal(new ModelPrice(5m, 5m, 20m), table.Entries["team-model"]);
        Assert.Equal(new ModelPrice(3m, 3m, 12m), table.Entries["gpt-4o"]);
        Assert.Equal(new ModelPrice(2m, 2m, 4m), table.Entries["legacy"]);
        Assert.False(table.Entries.ContainsKey("gpt-4"));
        Assert.Equal("team-model", table.Find("team").Entry);
        Assert.Equal("team-model", table.FallbackEntry);
    }

    [Fact]
    public void Options_apply_last_and_name_their_own_file()
    {
        var file = Write("mine.json", """{ "models": { "x": { "input": 1, "output": 1 } } }""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cost:Prices:File"] = Path.Combine(_dir, "ignored-because-options-name-a-file.json"),
        }).Build();
        var options = new CostOptions
        {
            PriceFile = file,
            Prices = new PriceOverrides { Models = new Dictionary<string, ModelPrice?> { ["x"] = ModelPrice.PerMillion(7m, 9m) } },
        };

        var table = PriceTableLoader.Build(options, configuration);

        Assert.Equal(ModelPrice.PerMillion(7m, 9m), table.Entries["x"]);
    }

    [Theory]
    [InlineData("Cost:Prices:Models:m:Input", "cheap", "Cost:Prices:Models:m:Input is 'cheap'; it must be a number")]
    [InlineData("Cost:Prices:Modles:m:Input", "1", "Cost:Prices:Modles: unknown setting")]
    [InlineData("Cost:Prices:ReplaceDefaults", "yes", "Cost:Prices:ReplaceDefaults is 'yes'; it must be true or false")]
    public void Bad_configuration_names_the_key(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<PriceTableException>(() => PriceTableLoader.Build(new CostOptions(), configuration));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_configuration_the_defaults_are_used()
    {
        Assert.Same(PriceTable.Default, PriceTableLoader.Build(new CostOptions(), new ConfigurationBuilder().Build()));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
