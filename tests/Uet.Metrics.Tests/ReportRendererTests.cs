using System.Text.Json;
using System.Text.RegularExpressions;

using Uet.Metrics.Analysis;
using Uet.Metrics.Reports;
using Uet.Metrics.Tests.Infrastructure;

namespace Uet.Metrics.Tests;

public sealed partial class ReportRendererTests
{
    private static readonly RunReport Known = new(RunMetricsCalculator.Calculate(KnownRun.Events().Events));

    [Fact]
    public void Json_has_the_documented_shape_and_the_known_figures()
    {
        var json = JsonReportRenderer.Render(Known);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal(["schemaVersion", "run", "summary", "gates", "cost", "budget", "criticalPath", "workstreams"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        var run = root.GetProperty("run");
        Assert.Equal(("known", "Completed", true, 2, 4), (run.GetProperty("name").GetString(), run.GetProperty("state").GetString(), run.GetProperty("finished").GetBoolean(), run.GetProperty("maxWorkers").GetInt32(), run.GetProperty("workstreams").GetInt32()));
        var summary = root.GetProperty("summary");
        Assert.Equal(46, summary.GetProperty("makespanSeconds").GetDouble());
        Assert.Equal(41, summary.GetProperty("workSeconds").GetDouble());
        Assert.Equal(0.891, summary.GetProperty("achievedSpeedup").GetDouble());
        Assert.Equal(1.6, summary.GetProperty("theoreticalSpeedup").GetDouble());
        Assert.Equal(0.557, summary.GetProperty("parallelismEfficiency").GetDouble());
        Assert.Equal(0.446, summary.GetProperty("workerUtilisation").GetDouble());
        Assert.Equal("""{"samples":6,"p50":1,"p95":3,"max":3}""", summary.GetProperty("queueWaitSeconds").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal(0.016m, root.GetProperty("cost").GetProperty("totalUsd").GetDecimal());
        Assert.Equal("warning", root.GetProperty("budget").GetProperty("status").GetString());
        Assert.Equal("warn", root.GetProperty("budget").GetProperty("mode").GetString());
        var c = root.GetProperty("workstreams")[2];
        Assert.Equal("c", c.GetProperty("id").GetString());
        Assert.Equal(["failed", "conflict", "integrated"], c.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
        Assert.DoesNotContain("\r", json);
        Assert.EndsWith("}\n", json);
    }

    [Fact]
    public void Json_keeps_every_key_when_nothing_is_known()
    {
        var empty = new RunReport(RunMetricsCalculator.Calculate([]));
        using var doc = JsonDocument.Parse(JsonReportRenderer.Render(empty));

        Assert.Equal(Paths(JsonDocument.Parse(JsonReportRenderer.Render(Known)).RootElement, arrays: false), Paths(doc.RootElement, arrays: false));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("summary").GetProperty("achievedSpeedup").ValueKind);
    }

    [Fact]
    public void Html_is_self_contained_with_one_gantt_bar_per_workstream_and_the_critical_path_marked()
    {
        var html = HtmlReportRenderer.Render(Known);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Single(Regex.Matches(html, "<svg "));
        var bars = GanttBar().Matches(html);
        Assert.Equal(["a", "b", "c", "d"], bars.Select(b => b.Groups["id"].Value));
        Assert.Equal(["a", "b", "d"], bars.Where(b => b.Groups["critical"].Success).Select(b => b.Groups["id"].Value));
        Assert.Contains("class=\"critical-path\"", html);
        Assert.Equal(3, Regex.Matches(html, "class=\"critical-row\"").Count);
        Assert.Equal(6, Regex.Matches(html, "<rect class=\"attempt ").Count); // a, b, c×3, d
        Assert.Equal(4, Regex.Matches(html, "<path class=\"integrated\"").Count);
        Assert.Contains("<rect class=\"attempt conflict\"", html);
        foreach (var section in new[] { "summary", "timeline", "workstreams", "gates", "cost", "budget" })
        {
            Assert.Contains($"<section id=\"{section}\">", html);
        }
        Assert.Contains("claude-sonnet-4", html);
        Assert.Contains("warning: $0.0160 of $0.0200 (80.0%), mode warn, warning at 80.0%", html);

        // Readable offline: nothing to fetch.
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("url(", html);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, "https?://[^\"' <]+").Select(m => m.Value).Distinct());
    }

    [Fact]
    public void Html_escapes_what_comes_from_the_plan()
    {
        var s = new EventSequence(Guid.NewGuid());
        var accepted = KnownRun.Accepted(s.RunId);
        s.Add(0, accepted with { Plan = accepted.Plan with { Name = "<b>plan</b>", Workstreams = [new Contracts.Plans.WorkstreamSpec { Id = "ws<script>" }] } })
            .Dispatch(1, "ws<script>", 1).Start(2, "ws<script>", 1);

        var html = HtmlReportRenderer.Render(new RunReport(RunMetricsCalculator.Calculate(s.Events)));

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b>plan</b>", html);
        Assert.Contains("ws&lt;script&gt;", html);
    }

    [Fact]
    public void Text_shows_summary_workstreams_gates_cost_and_budget()
    {
        var text = TextReportRenderer.Render(Known);

        Assert.StartsWith("run known  Completed  plan 'known-plan'\n", text);
        Assert.Contains("  speedup achieved           0.89x (work / makespan)\n", text);
        Assert.Contains("  queue wait                 p50 1.00s  p95 3.00s  max 3.00s  (6 attempts)\n", text);
        Assert.Contains("workstreams (4; * = critical path: a -> b -> d)\n", text);
        Assert.Contains("     workstream  state  attempts  duration   wait     cost  gates\n", text);
        Assert.Contains("  *  a           DONE          1     10.0s  1.00s  $0.0060    1/1\n", text);
        Assert.Contains("     c           DONE          3     16.0s  5.00s  $0.0000    2/3\n", text);
        Assert.Contains("  *  d           DONE          1     5.00s  3.00s  $0.0000      -\n", text);
        Assert.Contains("  GATE_UNIT          5       4       1      80.0%\n", text);
        Assert.Contains("  mystery (1 unpriced)        1    100       0      10  $0.0000\n", text);
        Assert.Contains("  total                       3                         $0.0160\n", text);
        Assert.Contains("  warning: $0.0160 of $0.0200 (80.0%), mode warn, warning at 80.0%\n", text);
        Assert.DoesNotContain(" \n", text);
    }

    [Fact]
    public void Compare_puts_runs_side_by_side()
    {
        var other = new RunReport(RunMetricsCalculator.Calculate(KnownRun.Events(Guid.NewGuid()).Events) with { RunName = "again", MaxWorkers = 4 });

        var text = ReportComparison.RenderText([Known, other]);
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Regex.Split(l.Trim(), " {2,}")).ToList();

        Assert.Equal(["known", "again"], rows[0]);
        Assert.Contains(["max workers", "2", "4"], rows);
        Assert.Contains(["makespan", "46.0s", "46.0s"], rows);
        Assert.Contains(["gate pass rate", "83.3%", "83.3%"], rows);
        Assert.Contains(["budget", "warning ($0.0200)", "warning ($0.0200)"], rows);
        Assert.Equal(21, rows.Count);

        using var json = JsonDocument.Parse(JsonReportRenderer.RenderMany([Known, other]));
        Assert.Equal(["known", "again"], json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run").GetProperty("name").GetString()));
    }

    /// <summary>Every property path of a JSON value (array items collapsed to <c>[]</c>).</summary>
    internal static SortedSet<string> Paths(JsonElement element, bool arrays = true, string prefix = "")
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    paths.Add(prefix + p.Name);
                    paths.UnionWith(Paths(p.Value, arrays, prefix + p.Name + "."));
                }
                break;
            case JsonValueKind.Array when arrays:
                foreach (var item in element.EnumerateArray())
                {
                    paths.UnionWith(Paths(item, arrays, prefix + "[]."));
                }
                break;
        }
        return paths;
    }

    [GeneratedRegex("<g class=\"ws-bar(?<critical> critical)?\" data-workstream=\"(?<id>[^\"]+)\"")]
    private static partial Regex GanttBar();
}
