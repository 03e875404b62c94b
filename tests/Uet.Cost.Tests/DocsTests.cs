using System.Globalization;
using System.Text.RegularExpressions;

using Uet.Cost.Tests.Infrastructure;
using Uet.Domain.Costs;

namespace Uet.Cost.Tests;

/// <summary>docs/costs.md says what the code does: its price table is the built-in one, its price file example works.</summary>
public sealed partial class DocsTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(RepoPaths.Root(), "docs", "costs.md"));

    [Fact]
    public void The_documented_price_table_is_the_built_in_one()
    {
        var documented = PriceRow().Matches(Page).ToDictionary(
            m => m.Groups["model"].Value,
            m => new ModelPrice(D(m.Groups["input"].Value), D(m.Groups["cached"].Value), D(m.Groups["output"].Value)));

        Assert.Equal(PriceTable.Default.Entries.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        Assert.All(documented, d => Assert.Equal(PriceTable.Default.Entries[d.Key], d.Value));
    }

    [Fact]
    public void The_documented_price_file_is_valid_and_means_what_the_page_says()
    {
        var json = JsonBlock().Match(Page).Groups["json"].Value;

        var table = PriceTable.Default.With(PriceTableJson.Parse(json, "docs/costs.md"));

        Assert.Equal(new ModelPrice(0.6m, 0.6m, 2.4m), table.Entries["team-llm"]);
        Assert.Equal(new ModelPrice(10m, 10m, 30m), table.Entries["old-gpt"]);
        Assert.False(table.Entries.ContainsKey("gpt-5-pro"));
        Assert.Equal("team-llm", table.Find("team").Entry);
        Assert.Equal(PriceRule.Fallback, table.Find("anything-else").Rule);
        Assert.Equal(PriceRule.Exact, table.Find("gpt-4-32k").Rule);
    }

    private static decimal D(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\| `(?<model>[^`]+)` \| (?<input>[0-9.]+) \| (?<cached>[0-9.]+) \| (?<output>[0-9.]+) \|", RegexOptions.Multiline)]
    private static partial Regex PriceRow();

    [GeneratedRegex(@"```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
