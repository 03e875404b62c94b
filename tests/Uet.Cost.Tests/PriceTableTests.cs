using Uet.Domain.Costs;

namespace Uet.Cost.Tests;

public sealed class PriceTableTests
{
    private static readonly TokenUsage Million = new(1_000_000, 1_000_000, 1_000_000);

    [Theory]
    // A million tokens of each kind costs input + cached input + output rate (USD per million).
    [InlineData("claude-opus-4-5", "30.5")]
    [InlineData("claude-opus-4-1", "91.5")]
    [InlineData("claude-sonnet-4-5", "18.3")]
    [InlineData("claude-sonnet-4", "18.3")]
    [InlineData("claude-haiku-4-5", "6.1")]
    [InlineData("claude-3-5-haiku", "4.88")]
    [InlineData("gpt-4o", "13.75")]
    [InlineData("gpt-4o-mini", "0.825")]
    [InlineData("gpt-4.1", "10.5")]
    [InlineData("gpt-4.1-mini", "2.1")]
    [InlineData("gpt-5", "11.375")]
    [InlineData("gpt-5-mini", "2.275")]
    [InlineData("gpt-5-codex", "11.375")]
    [InlineData("o1", "82.5")]
    [InlineData("o3", "10.5")]
    [InlineData("o3-mini", "6.05")]
    [InlineData("o4-mini", "5.775")]
    [InlineData("gemini-2.5-pro", "11.375")]
    [InlineData("gemini-2.5-flash", "2.83")]
    [InlineData("gemini-2.5-flash-lite", "0.51")]
    public void Each_model_family_is_priced_by_its_own_entry(string model, string expected)
    {
        var priced = PriceTable.Default.Price(model, Million);

        Assert.Equal(PriceSource.Table, priced.Source);
        Assert.Equal(PriceRule.Exact, priced.Match.Rule);
        Assert.Equal(model, priced.Match.Entry);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), priced.CostUsd);
    }

    [Fact]
    public void Input_cached_input_and_output_are_priced_apart_and_exactly()
    {
        // 12,345 × $3 + 6,789 × $0.30 + 4,321 × $15, per million tokens.
        var priced = PriceTable.Default.Price("claude-sonnet-4-5", new TokenUsage(12_345, 6_789, 4_321));

        Assert.Equal(0.1038867m, priced.CostUsd);
    }

    [Fact]
    public void Cache_reads_cost_a_tenth_of_input_on_claude_and_half_on_gpt_4o()
    {
        var table = PriceTable.Default;
        var cached = new TokenUsage(0, 1_000_000, 0);
        var input = new TokenUsage(1_000_000, 0, 0);

        Assert.Equal(table.Price("claude-sonnet-4-5", input).CostUsd / 10, table.Price("claude-sonnet-4-5", cached).CostUsd);
        Assert.Equal(table.Price("gpt-4o", input).CostUsd / 2, table.Price("gpt-4o", cached).CostUsd);
    }

    [Theory]
    // The seed's prices per 1k tokens, converted to per million exactly.
    [InlineData("gpt-4", "0.03", "0.06")]
    [InlineData("gpt-3.5-turbo", "0.0015", "0.002")]
    [InlineData("claude-3-opus", "0.015", "0.075")]
    [InlineData("claude-3-sonnet", "0.003", "0.015")]
    public void The_seeds_per_1k_prices_are_converted_exactly(string model, string inputPer1k, string outputPer1k)
    {
        var input = decimal.Parse(inputPer1k, System.Globalization.CultureInfo.InvariantCulture);
        var output = decimal.Parse(outputPer1k, System.Globalization.CultureInfo.InvariantCulture);
        var price = PriceTable.Default.Entries[model];

        Assert.Equal(input * 1000, price.InputPerMillion);
        Assert.Equal(output * 1000, price.OutputPerMillion);
        // The seed gave no cached rate: a cache read costs what input costs.
        Assert.Equal(price.InputPerMillion, price.CachedInputPerMillion);
        // 1,000 tokens each way cost exactly the per-1k prices; one token costs a thousandth of them.
        Assert.Equal(input + output, PriceTable.Default.Price(model, new TokenUsage(1000, 0, 1000)).CostUsd);
        Assert.Equal(input / 1000, PriceTable.Default.Price(model, new TokenUsage(1, 0, 0)).CostUsd);
    }

    [Fact]
    public void Gpt_35_turbo_per_token_price_keeps_every_digit()
    {
        // 0.0015 / 1k input, 0.002 / 1k output: 7 tokens in, 3 out = 0.0000105 + 0.000006.
        Assert.Equal(0.0000165m, PriceTable.Default.Price("gpt-3.5-turbo", new TokenUsage(7, 0, 3)).CostUsd);
    }

    [Theory]
    [InlineData("claude-3-opus-20240229", "claude-3-opus")]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1-20250805", "claude-opus-4-1")]
    [InlineData("claude-3-5-sonnet-latest", "claude-3-5-sonnet")]
    [InlineData("claude-3-opus@20240229", "claude-3-opus")]
    [InlineData("anthropic/claude-sonnet-4-20250514", "claude-sonnet-4")]
    [InlineData("us.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku")]
    [InlineData("openrouter/anthropic/claude-sonnet-4.5", "claude-sonnet-4-5")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("openai/gpt-4.1-2025-04-14", "gpt-4.1")]
    [InlineData("o3-mini-2025-01-31", "o3-mini")]
    [InlineData("gemini/gemini-2.5-pro", "gemini-2.5-pro")]
    public void Provider_prefixes_and_snapshot_suffixes_resolve_to_the_models_entry(string printed, string entry)
    {
        var match = PriceTable.Default.Find(printed);

        Assert.Equal(PriceRule.Normalized, match.Rule);
        Assert.Equal(entry, match.Entry);
        Assert.Same(PriceTable.Default.Entries[entry], match.Price);
        Assert.Contains(entry, match.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exact_entry_wins_over_the_snapshot_rule()
    {
        // The first gpt-4o snapshot kept its launch price.
        var match = PriceTable.Default.Find("gpt-4o-2024-05-13");

        Assert.Equal(PriceRule.Exact, match.Rule);
        Assert.Equal(5m, match.Price!.InputPerMillion);
        Assert.Equal(2.5m, PriceTable.Default.Find("gpt-4o-2024-11-20").Price!.InputPerMillion);
    }

    [Theory]
    [InlineData("sonnet", "claude-sonnet-4-5")]
    [InlineData("claude-opus-4-0", "claude-opus-4")]
    [InlineData("claude-haiku-4.5", "claude-haiku-4-5")]
    public void Declared_aliases_resolve(string alias, string entry)
    {
        var match = PriceTable.Default.Find(alias);

        Assert.Equal(PriceRule.Alias, match.Rule);
        Assert.Equal(entry, match.Entry);
    }

    [Fact]
    public void Names_match_regardless_of_case_and_surrounding_space()
    {
        var match = PriceTable.Default.Find("  GPT-4o ");

        Assert.Equal(PriceRule.Exact, match.Rule);
        Assert.Equal("gpt-4o", match.Entry);
        Assert.Equal("GPT-4o", match.Model);
    }

    [Theory]
    // Close to a known name, but not the same model or not surely the same price: never priced by resemblance.
    [InlineData("gpt-4-0613")]
    [InlineData("gpt-4-1106-preview")]
    [InlineData("gpt-3.5-turbo-0125")]
    [InlineData("gpt-4-32k")]
    [InlineData("gpt-4o-realtime-preview")]
    [InlineData("chatgpt-4o-latest")]
    [InlineData("gemini-2.5-flash-preview-05-20")]
    [InlineData("claude-4-opus")]
    [InlineData("opus")]
    [InlineData("haiku")]
    [InlineData("llama3:70b")]
    [InlineData("")]
    public void An_unknown_model_is_unpriced_and_flagged(string model)
    {
        var priced = PriceTable.Default.Price(model, new TokenUsage(1000, 0, 1000));

        Assert.False(priced.Priced);
        Assert.Equal(PriceSource.Unpriced, priced.Source);
        Assert.Equal(PriceRule.Unpriced, priced.Match.Rule);
        Assert.Null(priced.Match.Entry);
        Assert.Equal(0m, priced.CostUsd);
        Assert.Contains("unpriced", priced.Match.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_fallback_prices_unknown_models_and_says_so()
    {
        var table = PriceTable.Default.With(new PriceOverrides { Fallback = "claude-sonnet-4-5" });

        var unknown = table.Price("my-local-model", new TokenUsage(1_000_000, 0, 0));
        var known = table.Price("gpt-4o", new TokenUsage(1_000_000, 0, 0));

        Assert.Equal(PriceSource.Fallback, unknown.Source);
        Assert.Equal(PriceRule.Fallback, unknown.Match.Rule);
        Assert.Equal("claude-sonnet-4-5", unknown.Match.Entry);
        Assert.Equal(3m, unknown.CostUsd);
        Assert.Contains("fallback", unknown.Match.Describe(), StringComparison.Ordinal);
        Assert.Equal(PriceSource.Table, known.Source);
        Assert.Equal(2.5m, known.CostUsd);
    }

    [Fact]
    public void The_tools_own_cost_wins_over_the_table()
    {
        var priced = PriceTable.Default.Price("claude-sonnet-4-5", new TokenUsage(1_000_000, 0, 0), 0.4217m);
        var unknown = PriceTable.Default.Price("some-new-model", new TokenUsage(10, 0, 10), 0.01m);

        Assert.Equal(0.4217m, priced.CostUsd);
        Assert.Equal(PriceSource.Reported, priced.Source);
        Assert.Equal("claude-sonnet-4-5", priced.Match.Entry);
        Assert.True(unknown.Priced);
        Assert.Equal(PriceSource.Reported, unknown.Source);
        Assert.Equal(PriceRule.Unpriced, unknown.Match.Rule);
    }

    [Fact]
    public void A_negative_reported_cost_is_ignored_for_the_table_price()
    {
        var priced = PriceTable.Default.Price("gpt-4o", new TokenUsage(1_000_000, 0, 0), -1m);

        Assert.Equal(PriceSource.Table, priced.Source);
        Assert.Equal(2.5m, priced.CostUsd);
    }

    [Fact]
    public void Negative_token_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PriceTable.Default.Price("gpt-4o", new TokenUsage(-1, 0, 0)));
    }

    [Fact]
    public void Sums_of_many_prices_are_exact()
    {
        // Cost is linear in tokens: the sum of 100,000 small costs must equal the cost of the summed tokens, to the
        // last digit. Binary floating point would drift; decimals do not.
        var random = new Random(20260314);
        var models = new[] { "claude-sonnet-4-5", "gpt-4o-mini", "gpt-3.5-turbo", "gemini-2.5-flash" };
        var tokens = models.ToDictionary(m => m, _ => (Input: 0L, Cached: 0L, Output: 0L));
        var total = 0m;
        for (var i = 0; i < 100_000; i++)
        {
            var model = models[i % models.Length];
            var usage = new TokenUsage(random.Next(0, 50_000), random.Next(0, 20_000), random.Next(0, 8_000));
            total += PriceTable.Default.Price(model, usage).CostUsd;
            var t = tokens[model];
            tokens[model] = (t.Input + usage.InputTokens, t.Cached + usage.CachedInputTokens, t.Output + usage.OutputTokens);
        }

        var expected = models.Sum(m => PriceTable.Default.Price(m, new TokenUsage(tokens[m].Input, tokens[m].Cached, tokens[m].Output)).CostUsd);
        Assert.Equal(expected, total);
    }
}
