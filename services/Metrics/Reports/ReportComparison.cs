using System.Globalization;

using Uet.Metrics.Analysis;

namespace Uet.Metrics.Reports;

/// <summary>The main figures of several runs side by side (<c>uet report compare</c>): one row per figure, one column per run.</summary>
public static class ReportComparison
{
    private static readonly (string Figure, Func<RunMetrics, string> Value)[] Figures =
    [
        ("state", m => m.State),
        ("workstreams", m => Int(m.WorkstreamCount)),
        ("done", m => Int(m.Workstreams.Count(w => w.State == "DONE"))),
        ("max workers", m => Int(m.MaxWorkers)),
        ("makespan", m => ReportFormat.Duration(m.Makespan)),
        ("work", m => ReportFormat.Duration(m.WorkTime)),
        ("speedup achieved", m => ReportFormat.Ratio(m.AchievedSpeedup)),
        ("speedup theoretical", m => ReportFormat.Ratio(m.TheoreticalSpeedup)),
        ("parallelism efficiency", m => ReportFormat.Percent(m.ParallelismEfficiency)),
        ("worker utilisation", m => ReportFormat.Percent(m.WorkerUtilisation)),
        ("queue wait p50", m => ReportFormat.Duration(m.QueueWait.P50)),
        ("queue wait p95", m => ReportFormat.Duration(m.QueueWait.P95)),
        ("dispatch latency p50", m => ReportFormat.Duration(m.DispatchLatency.P50)),
        ("dispatch latency p95", m => ReportFormat.Duration(m.DispatchLatency.P95)),
        ("retries", m => Int(m.Retries)),
        ("lease expiries", m => Int(m.LeaseExpiries)),
        ("merge conflicts", m => Int(m.MergeConflicts)),
        ("gate pass rate", m => m.Gates.Sum(g => g.Evaluated) is var n and > 0 ? ReportFormat.Percent((double)m.Gates.Sum(g => g.Passed) / n) : "-"),
        ("cost", m => ReportFormat.Usd(m.Cost.TotalUsd)),
        ("budget", m => m.Budget.BudgetUsd is { } b ? $"{m.Budget.Status} ({ReportFormat.Usd(b)})" : "none"),
    ];

    public static string RenderText(IReadOnlyList<RunReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var table = new PlainTable([string.Empty, .. reports.Select(r => r.Metrics.RunName)]).Numeric([.. Enumerable.Range(1, reports.Count)]);
        foreach (var (figure, value) in Figures)
        {
            table.Row([figure, .. reports.Select(r => value(r.Metrics))]);
        }
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        table.WriteTo(writer, "");
        return writer.ToString();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
