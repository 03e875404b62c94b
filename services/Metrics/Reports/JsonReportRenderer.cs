using System.Text.Encodings.Web;
using System.Text.Json;

using Uet.Metrics.Analysis;

namespace Uet.Metrics.Reports;

/// <summary>
/// The report for machines (shape documented in docs/reports.md): indented, camelCase, <c>\n</c> line ends, every key
/// always present (null when unknown), durations in seconds and ratios rounded to 3 decimals, money as exact decimals.
/// <c>schemaVersion</c> changes only if a field is removed or changes meaning.
/// </summary>
public static class JsonReportRenderer
{
    public const int SchemaVersion = 1;

    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NewLine = "\n",
        // Reasons and paths stay readable ('<', '+', quotes); the JSON is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(ToJson(report.Metrics), Options) + "\n";
    }

    /// <summary>Several reports side by side (<c>uet report compare --output json</c>): <c>{"schemaVersion":1,"runs":[...]}</c>.</summary>
    public static string RenderMany(IEnumerable<RunReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return JsonSerializer.Serialize(new { schemaVersion = SchemaVersion, runs = reports.Select(r => ToJson(r.Metrics)).ToList() }, Options) + "\n";
    }

    internal static ReportJson ToJson(RunMetrics m) => new(
        SchemaVersion,
        new RunJson(m.RunId, m.RunName, m.PlanName, m.State, m.Reason, m.StartedAt, m.EndedAt, m.Finished, m.MaxWorkers, m.WorkstreamCount),
        new SummaryJson(
            Seconds(m.Makespan),
            Seconds(m.WorkTime),
            Round(m.AchievedSpeedup),
            Round(m.TheoreticalSpeedup),
            Round(m.SpeedupByWaves),
            Round(m.ParallelismEfficiency),
            Round(m.WorkerUtilisation),
            Stats(m.QueueWait),
            Stats(m.DispatchLatency),
            m.Retries,
            m.LeaseExpiries,
            m.MergeConflicts,
            m.IntegrationGateFailures),
        m.Gates.Select(g => new GateJson(g.Type, g.Evaluated, g.Passed, g.Failed, Round(g.PassRate) ?? 0)).ToList(),
        new CostJson(
            m.Cost.TotalUsd,
            m.Cost.Reports,
            m.Cost.UnpricedReports,
            m.Cost.ByModel.Select(c => new ModelCostJson(c.Model, c.CostUsd, c.InputTokens, c.CachedInputTokens, c.OutputTokens, c.Reports, c.UnpricedReports)).ToList(),
            m.Workstreams.Select(w => new WorkstreamCostJson(w.Id, w.CostUsd, w.BudgetUsd)).ToList()),
        new BudgetJson(
            m.Budget.Status,
            m.Budget.BudgetUsd,
            m.Budget.Mode.ToString().ToLowerInvariant(),
            m.Budget.WarningThreshold,
            m.Budget.SpentUsd,
            m.Budget.Percent,
            m.Budget.Events.Select(e => new BudgetEventJson(e.Kind, e.WorkstreamId, e.SpentUsd, e.BudgetUsd, e.Percent, e.At)).ToList()),
        m.CriticalPath,
        m.Workstreams.Select(w => new WorkstreamJson(
            w.Id,
            w.State,
            w.Attempts,
            w.DependsOn,
            w.OnCriticalPath,
            Seconds(w.Duration),
            Seconds(w.QueueWait),
            w.IntegratedAt,
            w.CostUsd,
            w.BudgetUsd,
            new GateCountJson(w.GatesEvaluated, w.GatesPassed),
            w.Error,
            w.Spans.Select(s => new SpanJson(s.Attempt, s.StartedAt, s.EndedAt, Seconds(s.Duration), s.Outcome)).ToList())).ToList());

    private static double Seconds(TimeSpan value) => Math.Round(value.TotalSeconds, 3);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static DurationStatsJson Stats(DurationStats s) =>
        new(s.Samples, s.P50 is { } p50 ? Seconds(p50) : null, s.P95 is { } p95 ? Seconds(p95) : null, s.Max is { } max ? Seconds(max) : null);

    // The documented shape. Property order is declaration order; names are camelCased by the serializer.
    internal sealed record ReportJson(
        int SchemaVersion,
        RunJson Run,
        SummaryJson Summary,
        IReadOnlyList<GateJson> Gates,
        CostJson Cost,
        BudgetJson Budget,
        IReadOnlyList<string> CriticalPath,
        IReadOnlyList<WorkstreamJson> Workstreams);

    internal sealed record RunJson(
        Guid Id,
        string Name,
        string? Plan,
        string State,
        string? Reason,
        DateTimeOffset? StartedAt,
        DateTimeOffset? EndedAt,
        bool Finished,
        int MaxWorkers,
        int Workstreams);

    internal sealed record SummaryJson(
        double MakespanSeconds,
        double WorkSeconds,
        double? AchievedSpeedup,
        double? TheoreticalSpeedup,
        double? SpeedupByWaves,
        double? ParallelismEfficiency,
        double? WorkerUtilisation,
        DurationStatsJson QueueWaitSeconds,
        DurationStatsJson DispatchLatencySeconds,
        int Retries,
        int LeaseExpiries,
        int MergeConflicts,
        int IntegrationGateFailures);

    internal sealed record DurationStatsJson(int Samples, double? P50, double? P95, double? Max);

    internal sealed record GateJson(string Type, int Evaluated, int Passed, int Failed, double PassRate);

    internal sealed record CostJson(decimal TotalUsd, int Reports, int UnpricedReports, IReadOnlyList<ModelCostJson> ByModel, IReadOnlyList<WorkstreamCostJson> ByWorkstream);

    internal sealed record ModelCostJson(string Model, decimal CostUsd, long InputTokens, long CachedInputTokens, long OutputTokens, int Reports, int UnpricedReports);

    internal sealed record WorkstreamCostJson(string Workstream, decimal CostUsd, decimal? BudgetUsd);

    internal sealed record BudgetJson(string Status, decimal? BudgetUsd, string Mode, decimal WarningThreshold, decimal SpentUsd, decimal? Percent, IReadOnlyList<BudgetEventJson> Events);

    internal sealed record BudgetEventJson(string Kind, string? Workstream, decimal SpentUsd, decimal BudgetUsd, decimal Percent, DateTimeOffset At);

    internal sealed record WorkstreamJson(
        string Id,
        string State,
        int Attempts,
        IReadOnlyList<string> DependsOn,
        bool OnCriticalPath,
        double DurationSeconds,
        double QueueWaitSeconds,
        DateTimeOffset? IntegratedAt,
        decimal CostUsd,
        decimal? BudgetUsd,
        GateCountJson Gates,
        string? Error,
        IReadOnlyList<SpanJson> Spans);

    internal sealed record GateCountJson(int Evaluated, int Passed);

    internal sealed record SpanJson(int Attempt, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double DurationSeconds, string Outcome);
}
