using System.Globalization;
using System.Net;
using System.Text;

using Uet.Metrics.Analysis;

namespace Uet.Metrics.Reports;

/// <summary>
/// The run as an inline SVG Gantt chart: one row per workstream (<c>&lt;g class="ws-bar"&gt;</c>, one rectangle per
/// attempt, coloured by outcome), a time axis from the run's start, a diamond where a workstream was integrated, and
/// the critical path marked: its rows highlighted and starred, its bars outlined, and a dashed line from each
/// critical workstream's end to the next one's start.
/// </summary>
public static class GanttChart
{
    public static readonly IReadOnlyDictionary<string, string> OutcomeColours = new Dictionary<string, string>
    {
        [AttemptOutcomes.Integrated] = "#2e7d32",
        [AttemptOutcomes.Succeeded] = "#81c784",
        [AttemptOutcomes.Conflict] = "#ef6c00",
        [AttemptOutcomes.Failed] = "#c62828",
        [AttemptOutcomes.Cancelled] = "#9e9e9e",
        [AttemptOutcomes.Running] = "#1e88e5",
        [AttemptOutcomes.Lost] = "#6d4c41",
    };

    private const double LabelWidth = 200;
    private const double PlotWidth = 720;
    private const double RightPad = 24;
    private const double AxisHeight = 28;
    private const double RowHeight = 24;
    private const double BarHeight = 14;
    private const double LegendHeight = 36;

    private static readonly double[] TickSteps =
        [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

    public static string Render(RunMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var rows = m.Workstreams;
        var width = LabelWidth + PlotWidth + RightPad;
        var height = AxisHeight + (rows.Count * RowHeight) + LegendHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" role=\"img\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>Timeline of run {E(m.RunName)}: {rows.Count} workstreams</title>");

        var spans = rows.SelectMany(r => r.Spans).ToList();
        if (m.StartedAt is not { } origin || spans.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(LabelWidth)}\" y=\"{N(AxisHeight)}\">No attempt has started yet.</text>");
        }
        var start = m.StartedAt ?? default;
        var end = new[] { m.EndedAt ?? start }.Concat(spans.Select(s => s.EndedAt)).Max();
        var total = Math.Max((end - start).TotalSeconds, 0.001);
        double X(DateTimeOffset t) => LabelWidth + (Math.Clamp((t - start).TotalSeconds, 0, total) / total * PlotWidth);

        // Axis: ticks at a round step, at most ~8 of them.
        var step = TickSteps.FirstOrDefault(s => total / s <= 8, TickSteps[^1]);
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"axis\" stroke=\"#ccc\" fill=\"#555\">");
        for (var t = 0.0; t <= total + 1e-9; t += step)
        {
            var x = LabelWidth + (t / total * PlotWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(AxisHeight - 6)}\" x2=\"{N(x)}\" y2=\"{N(AxisHeight + (rows.Count * RowHeight))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(AxisHeight - 10)}\" text-anchor=\"middle\" stroke=\"none\">{E(ReportFormat.Duration(TimeSpan.FromSeconds(t)))}</text>");
        }
        svg.Append("</g>");

        var rowY = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var ws = rows[i];
            var y = AxisHeight + (i * RowHeight);
            rowY[ws.Id] = y + (RowHeight / 2);
            var critical = ws.OnCriticalPath ? " critical" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"ws-bar{critical}\" data-workstream=\"{E(ws.Id)}\" data-state=\"{E(ws.State)}\">");
            if (ws.OnCriticalPath)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"critical-row\" x=\"0\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(RowHeight)}\" fill=\"#fff4cc\"/>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"{N(y + (RowHeight / 2) + 4)}\"{(ws.OnCriticalPath ? " font-weight=\"bold\"" : "")}>{(ws.OnCriticalPath ? "★ " : "")}{E(Truncate(ws.Id, 26))}</text>");
            foreach (var span in ws.Spans)
            {
                var x = X(span.StartedAt);
                var w = Math.Max(X(span.EndedAt) - x, 2);
                var outline = ws.OnCriticalPath ? " stroke=\"#222\" stroke-width=\"1.5\"" : "";
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"attempt {span.Outcome}\" x=\"{N(x)}\" y=\"{N(y + ((RowHeight - BarHeight) / 2))}\" width=\"{N(w)}\" height=\"{N(BarHeight)}\" rx=\"2\" fill=\"{OutcomeColours[span.Outcome]}\"{outline}>");
                svg.Append(CultureInfo.InvariantCulture, $"<title>{E(ws.Id)} attempt {span.Attempt}: {span.Outcome}, {E(ReportFormat.Duration(span.Duration))} from +{E(ReportFormat.Duration(span.StartedAt - start))}</title></rect>");
            }
            if (ws.IntegratedAt is { } integrated)
            {
                var x = X(integrated);
                var cy = y + (RowHeight / 2);
                svg.Append(CultureInfo.InvariantCulture, $"<path class=\"integrated\" d=\"M{N(x)} {N(cy - 5)} L{N(x + 5)} {N(cy)} L{N(x)} {N(cy + 5)} L{N(x - 5)} {N(cy)} Z\" fill=\"#1b5e20\" stroke=\"#fff\"><title>{E(ws.Id)} integrated at +{E(ReportFormat.Duration(integrated - start))}</title></path>");
            }
            svg.Append("</g>");
        }

        // The critical path as a chain: each critical workstream's end (integration, else its last attempt) to the next one's first start.
        var chain = m.CriticalPath.Select(id => rows.FirstOrDefault(r => r.Id == id)).OfType<WorkstreamMetrics>().Where(r => r.Spans.Count > 0).ToList();
        if (chain.Count > 0)
        {
            var points = new List<string>();
            foreach (var ws in chain)
            {
                points.Add($"{N(X(ws.Spans[0].StartedAt))},{N(rowY[ws.Id])}");
                points.Add($"{N(X(ws.IntegratedAt ?? ws.Spans[^1].EndedAt))},{N(rowY[ws.Id])}");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"critical-path\" points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"#b71c1c\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"><title>critical path: {E(string.Join(" → ", m.CriticalPath))}</title></polyline>");
        }

        // Legend.
        var legendY = AxisHeight + (rows.Count * RowHeight) + 22;
        var lx = LabelWidth;
        svg.Append("<g class=\"legend\">");
        foreach (var (outcome, colour) in OutcomeColours)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(lx)}\" y=\"{N(legendY - 10)}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/><text x=\"{N(lx + 16)}\" y=\"{N(legendY)}\">{outcome}</text>");
            lx += 24 + (outcome.Length * 7);
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"{N(legendY)}\" font-weight=\"bold\">★ critical path</text>");
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
