using System.Globalization;

using Uet.Metrics.Analysis;

namespace Uet.Metrics.Reports;

/// <summary>The report for people in a terminal: summary, workstreams, gates, cost by model, budget. Plain text, <c>\n</c> line ends.</summary>
public static class TextReportRenderer
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Metrics;
        var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };

        w.WriteLine($"run {m.RunName}  {m.State}{(m.PlanName is { } plan ? $"  plan '{plan}'" : "")}");
        if (m.Reason is { Length: > 0 } reason)
        {
            w.WriteLine($"  {reason}");
        }
        w.WriteLine($"  started {ReportFormat.Time(m.StartedAt)}  {(m.Finished ? "ended" : "last event")} {ReportFormat.Time(m.EndedAt)}");
        w.WriteLine();

        w.WriteLine("summary");
        var summary = new PlainTable("", "");
        summary.Row("makespan", ReportFormat.Duration(m.Makespan) + (m.Finished ? "" : " (so far)"));
        summary.Row("work (sum of attempts)", ReportFormat.Duration(m.WorkTime));
        summary.Row("speedup achieved", ReportFormat.Ratio(m.AchievedSpeedup) + " (work / makespan)");
        summary.Row("speedup theoretical", ReportFormat.Ratio(m.TheoreticalSpeedup) + " (plan bound)" + (m.SpeedupByWaves is { } waves ? $", {ReportFormat.Ratio(waves)} by waves" : ""));
        summary.Row("parallelism efficiency", ReportFormat.Percent(m.ParallelismEfficiency) + " (achieved / theoretical)");
        summary.Row("worker utilisation", ReportFormat.Percent(m.WorkerUtilisation) + $" of {m.MaxWorkers} worker(s)");
        summary.Row("queue wait", Stats(m.QueueWait, "attempt"));
        summary.Row("dispatch latency", Stats(m.DispatchLatency, "workstream"));
        summary.Row("retries", m.Retries.ToString(CultureInfo.InvariantCulture));
        summary.Row("lease expiries", m.LeaseExpiries.ToString(CultureInfo.InvariantCulture));
        summary.Row("merge conflicts", m.MergeConflicts.ToString(CultureInfo.InvariantCulture));
        summary.Row("integration gate failures", m.IntegrationGateFailures.ToString(CultureInfo.InvariantCulture));
        summary.WriteTo(w);
        w.WriteLine();

        w.WriteLine($"workstreams ({m.Workstreams.Count}; * = critical path{(m.CriticalPath.Count > 0 ? ": " + string.Join(" -> ", m.CriticalPath) : "")})");
        var table = new PlainTable("", "workstream", "state", "attempts", "duration", "wait", "cost", "gates").Numeric(3, 4, 5, 6, 7);
        foreach (var ws in m.Workstreams)
        {
            table.Row(
                ws.OnCriticalPath ? "*" : "",
                ws.Id,
                ws.State,
                ws.Attempts.ToString(CultureInfo.InvariantCulture),
                ReportFormat.Duration(ws.Duration),
                ReportFormat.Duration(ws.QueueWait),
                ReportFormat.Usd(ws.CostUsd),
                ws.GatesEvaluated == 0 ? "-" : $"{ws.GatesPassed}/{ws.GatesEvaluated}");
        }
        table.WriteTo(w);
        foreach (var failed in m.Workstreams.Where(x => x.Error is not null))
        {
            w.WriteLine($"  {failed.Id}: {failed.Error}");
        }
        w.WriteLine();

        w.WriteLine($"gates ({m.Gates.Count} type(s))");
        if (m.Gates.Count == 0)
        {
            w.WriteLine("  none evaluated");
        }
        else
        {
            var gates = new PlainTable("type", "evaluated", "passed", "failed", "pass rate").Numeric(1, 2, 3, 4);
            foreach (var g in m.Gates)
            {
                gates.Row(g.Type, Int(g.Evaluated), Int(g.Passed), Int(g.Failed), ReportFormat.Percent(g.PassRate));
            }
            gates.WriteTo(w);
        }
        w.WriteLine();

        w.WriteLine($"cost by model ({m.Cost.Reports} usage report(s), {m.Cost.UnpricedReports} unpriced)");
        if (m.Cost.ByModel.Count == 0)
        {
            w.WriteLine("  no usage reported");
        }
        else
        {
            var cost = new PlainTable("model", "reports", "input", "cached", "output", "cost").Numeric(1, 2, 3, 4, 5);
            foreach (var c in m.Cost.ByModel)
            {
                cost.Row(
                    c.Model + (c.UnpricedReports > 0 ? $" ({c.UnpricedReports} unpriced)" : ""),
                    Int(c.Reports),
                    ReportFormat.Number(c.InputTokens),
                    ReportFormat.Number(c.CachedInputTokens),
                    ReportFormat.Number(c.OutputTokens),
                    ReportFormat.Usd(c.CostUsd));
            }
            cost.Row("total", Int(m.Cost.Reports), "", "", "", ReportFormat.Usd(m.Cost.TotalUsd));
            cost.WriteTo(w);
        }
        w.WriteLine();

        w.WriteLine("budget");
        w.WriteLine("  " + Budget(m.Budget));
        foreach (var e in m.Budget.Events)
        {
            w.WriteLine($"  {ReportFormat.Time(e.At)}  {e.Kind}  {e.WorkstreamId ?? "run"}: {ReportFormat.Usd(e.SpentUsd)} of {ReportFormat.Usd(e.BudgetUsd)} ({ReportFormat.Percent(e.Percent)})");
        }
        return w.ToString();
    }

    /// <summary>One line: the status, what was spent of what, the mode.</summary>
    public static string Budget(BudgetStatus b) => b.BudgetUsd is { } budget
        ? $"{b.Status}: {ReportFormat.Usd(b.SpentUsd)} of {ReportFormat.Usd(budget)} ({ReportFormat.Percent(b.Percent)}), mode {b.Mode.ToString().ToLowerInvariant()}, warning at {ReportFormat.Percent((double)b.WarningThreshold)}"
        : $"none: no run budget; {ReportFormat.Usd(b.SpentUsd)} spent";

    private static string Stats(DurationStats s, string unit) => s.Samples == 0
        ? "- (no samples)"
        : $"p50 {ReportFormat.Duration(s.P50)}  p95 {ReportFormat.Duration(s.P95)}  max {ReportFormat.Duration(s.Max)}  ({s.Samples} {unit}{(s.Samples == 1 ? "" : "s")})";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
