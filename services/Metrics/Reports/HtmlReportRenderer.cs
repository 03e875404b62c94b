using System.Globalization;
using System.Net;
using System.Text;

using Uet.Metrics.Analysis;

namespace Uet.Metrics.Reports;

/// <summary>
/// The report as one self-contained HTML page: inline CSS and an inline SVG Gantt chart, no scripts, fonts or other
/// external assets, so it reads the same offline, attached to a ticket or opened from a CI artefact.
/// </summary>
public static class HtmlReportRenderer
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;background:#fff;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        .meta{color:#57606a;margin:0}.reason{color:#9a3412}
        .state{display:inline-block;padding:2px 8px;border-radius:10px;font-size:13px;color:#fff;vertical-align:middle;background:#57606a}
        .state-Completed{background:#2e7d32}.state-Failed{background:#c62828}.state-Cancelled{background:#757575}.state-Halted{background:#ef6c00}.state-Running{background:#1e88e5}.state-Rejected{background:#6d4c41}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px}
        .card{border:1px solid #d0d7de;border-radius:6px;padding:8px 10px}.card .label{color:#57606a;font-size:12px}.card .value{font-size:20px;font-weight:600}.card .note{color:#57606a;font-size:12px}
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2}th{background:#f6f8fa}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr.critical td:first-child{font-weight:600}
        .budget-ok{color:#2e7d32}.budget-warning{color:#ef6c00}.budget-exceeded{color:#c62828;font-weight:600}.budget-none{color:#57606a}
        .gantt-wrap{overflow-x:auto;border:1px solid #d0d7de;border-radius:6px;padding:8px}
        footer{margin-top:32px;color:#57606a;font-size:12px}
        """;

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Metrics;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append(CultureInfo.InvariantCulture, $"<title>uet report: {E(m.RunName)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n");

        h.Append(CultureInfo.InvariantCulture, $"<header>\n<h1>Run {E(m.RunName)} <span class=\"state state-{E(m.State)}\">{E(m.State)}</span></h1>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{(m.PlanName is { } plan ? $"plan <b>{E(plan)}</b> · " : "")}{m.WorkstreamCount} workstreams · max {m.MaxWorkers} workers · started {E(ReportFormat.Time(m.StartedAt))} · {(m.Finished ? "ended" : "last event")} {E(ReportFormat.Time(m.EndedAt))}</p>\n");
        if (m.Reason is { Length: > 0 } reason)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p class=\"meta reason\">{E(reason)}</p>\n");
        }
        h.Append("</header>\n");

        h.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        Card(h, "makespan", ReportFormat.Duration(m.Makespan), m.Finished ? "run start to end" : "so far");
        Card(h, "work", ReportFormat.Duration(m.WorkTime), "sum of attempt durations");
        Card(h, "speedup achieved", ReportFormat.Ratio(m.AchievedSpeedup), "work ÷ makespan");
        Card(h, "speedup theoretical", ReportFormat.Ratio(m.TheoreticalSpeedup), m.SpeedupByWaves is { } waves ? $"plan bound; {ReportFormat.Ratio(waves)} by waves" : "plan bound");
        Card(h, "parallelism efficiency", ReportFormat.Percent(m.ParallelismEfficiency), "achieved ÷ theoretical");
        Card(h, "worker utilisation", ReportFormat.Percent(m.WorkerUtilisation), $"of {m.MaxWorkers} worker(s)");
        Card(h, "queue wait p50 / p95", $"{ReportFormat.Duration(m.QueueWait.P50)} / {ReportFormat.Duration(m.QueueWait.P95)}", $"{m.QueueWait.Samples} attempt(s), ready → started");
        Card(h, "dispatch latency p50 / p95", $"{ReportFormat.Duration(m.DispatchLatency.P50)} / {ReportFormat.Duration(m.DispatchLatency.P95)}", $"{m.DispatchLatency.Samples} workstream(s), dependency integrated → started");
        Card(h, "retries", Int(m.Retries), "attempts beyond the first");
        Card(h, "lease expiries", Int(m.LeaseExpiries), "attempts declared lost");
        Card(h, "merge conflicts", Int(m.MergeConflicts), $"{m.IntegrationGateFailures} integration gate failure(s)");
        Card(h, "cost", ReportFormat.Usd(m.Cost.TotalUsd), $"{m.Cost.Reports} usage report(s), {m.Cost.UnpricedReports} unpriced");
        h.Append("</div>\n</section>\n");

        h.Append("<section id=\"timeline\">\n<h2>Timeline</h2>\n<div class=\"gantt-wrap\">\n");
        h.Append(GanttChart.Render(m));
        h.Append("\n</div>\n");
        if (m.CriticalPath.Count > 0)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Critical path (★): {E(string.Join(" → ", m.CriticalPath))}</p>\n");
        }
        h.Append("</section>\n");

        h.Append("<section id=\"workstreams\">\n<h2>Workstreams</h2>\n<table>\n<thead><tr><th>workstream</th><th>state</th><th class=\"num\">attempts</th><th class=\"num\">duration</th><th class=\"num\">wait</th><th class=\"num\">cost</th><th class=\"num\">gates</th><th>error</th></tr></thead>\n<tbody>\n");
        foreach (var ws in m.Workstreams)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr{(ws.OnCriticalPath ? " class=\"critical\"" : "")}><td>{(ws.OnCriticalPath ? "★ " : "")}{E(ws.Id)}</td><td>{E(ws.State)}</td><td class=\"num\">{ws.Attempts}</td><td class=\"num\">{E(ReportFormat.Duration(ws.Duration))}</td><td class=\"num\">{E(ReportFormat.Duration(ws.QueueWait))}</td><td class=\"num\">{E(ReportFormat.Usd(ws.CostUsd))}{(ws.BudgetUsd is { } b ? $" of {E(ReportFormat.Usd(b))}" : "")}</td><td class=\"num\">{(ws.GatesEvaluated == 0 ? "-" : $"{ws.GatesPassed}/{ws.GatesEvaluated}")}</td><td>{E(ws.Error ?? "")}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");

        h.Append("<section id=\"gates\">\n<h2>Gates</h2>\n");
        if (m.Gates.Count == 0)
        {
            h.Append("<p class=\"meta\">No gate was evaluated.</p>\n");
        }
        else
        {
            h.Append("<table>\n<thead><tr><th>type</th><th class=\"num\">evaluated</th><th class=\"num\">passed</th><th class=\"num\">failed</th><th class=\"num\">pass rate</th></tr></thead>\n<tbody>\n");
            foreach (var g in m.Gates)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(g.Type)}</td><td class=\"num\">{g.Evaluated}</td><td class=\"num\">{g.Passed}</td><td class=\"num\">{g.Failed}</td><td class=\"num\">{E(ReportFormat.Percent(g.PassRate))}</td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</section>\n");

        h.Append("<section id=\"cost\">\n<h2>Cost by model</h2>\n");
        if (m.Cost.ByModel.Count == 0)
        {
            h.Append("<p class=\"meta\">No usage was reported.</p>\n");
        }
        else
        {
            h.Append("<table>\n<thead><tr><th>model</th><th class=\"num\">reports</th><th class=\"num\">input tokens</th><th class=\"num\">cached input</th><th class=\"num\">output tokens</th><th class=\"num\">cost</th></tr></thead>\n<tbody>\n");
            foreach (var c in m.Cost.ByModel)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Model)}{(c.UnpricedReports > 0 ? $" <span class=\"budget-warning\">({c.UnpricedReports} unpriced)</span>" : "")}</td><td class=\"num\">{c.Reports}</td><td class=\"num\">{E(ReportFormat.Number(c.InputTokens))}</td><td class=\"num\">{E(ReportFormat.Number(c.CachedInputTokens))}</td><td class=\"num\">{E(ReportFormat.Number(c.OutputTokens))}</td><td class=\"num\">{E(ReportFormat.Usd(c.CostUsd))}</td></tr>\n");
            }
            h.Append(CultureInfo.InvariantCulture, $"<tr><th>total</th><th class=\"num\">{m.Cost.Reports}</th><th></th><th></th><th></th><th class=\"num\">{E(ReportFormat.Usd(m.Cost.TotalUsd))}</th></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</section>\n");

        h.Append("<section id=\"budget\">\n<h2>Budget</h2>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p class=\"budget-{E(m.Budget.Status)}\">{E(TextReportRenderer.Budget(m.Budget))}</p>\n");
        if (m.Budget.Events.Count > 0)
        {
            h.Append("<table>\n<thead><tr><th>time</th><th>event</th><th>scope</th><th class=\"num\">spent</th><th class=\"num\">budget</th><th class=\"num\">percent</th></tr></thead>\n<tbody>\n");
            foreach (var e in m.Budget.Events)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(ReportFormat.Time(e.At))}</td><td>{E(e.Kind)}</td><td>{E(e.WorkstreamId ?? "run")}</td><td class=\"num\">{E(ReportFormat.Usd(e.SpentUsd))}</td><td class=\"num\">{E(ReportFormat.Usd(e.BudgetUsd))}</td><td class=\"num\">{E(ReportFormat.Percent(e.Percent))}</td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</section>\n");

        h.Append(CultureInfo.InvariantCulture, $"<footer>uet report of run {E(m.RunName)} ({m.RunId}), computed from the Metrics event store. Definitions: docs/reports.md.</footer>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Card(StringBuilder h, string label, string value, string note) =>
        h.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><div class=\"label\">{E(label)}</div><div class=\"value\">{E(value)}</div><div class=\"note\">{E(note)}</div></div>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
