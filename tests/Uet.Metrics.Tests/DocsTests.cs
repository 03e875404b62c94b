using System.Text.RegularExpressions;

using Uet.Metrics.Analysis;
using Uet.Metrics.Reports;
using Uet.Metrics.Store;
using Uet.Metrics.Tests.Infrastructure;

namespace Uet.Metrics.Tests;

/// <summary>docs/reports.md stays true: its examples are the renderers' real output, its lists name what the code has.</summary>
public sealed partial class DocsTests
{
    private static readonly RunReport Known = new(RunMetricsCalculator.Calculate(KnownRun.Events().Events));

    [Fact]
    public void The_text_example_is_the_real_text_report()
    {
        Assert.Equal(Block("## `uet report` as text", "text"), TextReportRenderer.Render(Known));
    }

    [Fact]
    public void The_json_example_is_the_real_json_report()
    {
        Assert.Equal(Block("## `uet report --output json`", "json"), JsonReportRenderer.Render(Known));
    }

    [Fact]
    public void The_page_names_the_excluded_types_and_every_outcome()
    {
        var page = Page();
        Assert.All(EventCatalog.NotStored.Keys, t => Assert.Contains($"**`{t.Name}`**", page));
        Assert.All(GanttChart.OutcomeColours.Keys, outcome => Assert.Contains($"`{outcome}`", page));
    }

    private static string Page() => File.ReadAllText(Path.Combine(QuickstartRepository.RepoRoot, "docs", "reports.md")).ReplaceLineEndings("\n");

    /// <summary>The one fenced block of <paramref name="language"/> under <paramref name="heading"/> (up to the next ## heading).</summary>
    private static string Block(string heading, string language)
    {
        var page = Page();
        var start = page.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"heading '{heading}' not found in docs/reports.md");
        var end = page.IndexOf("\n## ", start + heading.Length + 1, StringComparison.Ordinal);
        var section = end < 0 ? page[start..] : page[start..end];
        return Assert.Single(Fence().Matches(section), m => m.Groups[1].Value == language).Groups[2].Value;
    }

    [GeneratedRegex("```([a-z]*)\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
