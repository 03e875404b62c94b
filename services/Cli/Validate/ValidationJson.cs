using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

using Uet.Contracts.Plans;
using Uet.Domain;

namespace Uet.Cli.Validate;

/// <summary>
/// The JSON output of <c>uet validate --output json</c>. Its shape is a public contract (docs/cli.md), so it is
/// declared here rather than serialising the internal records: adding a field to a contract does not change it.
/// Deterministic: no timestamps, no absolute paths, fixed property order, rounded ratios, "\n" newlines.
/// </summary>
public static class ValidationJson
{
    public const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void Write(TextWriter output, PlanReport report, string fallbackName)
    {
        output.Write(Serialize(report, fallbackName));
        output.Write('\n');
    }

    public static string Serialize(PlanReport report, string fallbackName) =>
        JsonSerializer.Serialize(ToDocument(report, fallbackName), Options);

    public static ValidationDocument ToDocument(PlanReport report, string fallbackName)
    {
        var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(ToJson).ToList();
        var warnings = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(ToJson).ToList();
        return new ValidationDocument(
            SchemaVersion,
            report.IsValid,
            report.Plan?.Name ?? fallbackName,
            report.Plan?.Workstreams.Count ?? report.Analysis?.WorkstreamCount,
            errors.Count,
            warnings.Count,
            errors,
            warnings,
            report.Analysis is { } analysis ? ToJson(analysis) : null);
    }

    private static DiagnosticJson ToJson(PlanDiagnostic d) => new(
        d.Code,
        d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
        d.File,
        d.Line,
        d.Column,
        d.WorkstreamId,
        d.Field,
        d.Message,
        d.Fix);

    private static AnalysisJson ToJson(PlanAnalysis a) => new(
        a.MaxWorkers,
        a.Levels,
        a.Waves,
        new CriticalPathJson(a.CriticalPath, Round(a.CriticalPathLength), a.WeightedByEstimates ? "estimated_minutes" : "unit"),
        Round(a.TotalWork),
        new SpeedupJson(Round(a.SpeedupByWaves), Round(a.SpeedupBound)),
        a.MaxParallelism,
        a.Bottlenecks.Select(b => new BottleneckJson(b.WorkstreamId, b.Dependents, b.Dependencies, b.Reason)).ToList(),
        a.Conflicts.Select(c => new ConflictJson(c.First, c.Second, c.Reason)).ToList(),
        new BudgetJson(a.TotalBudgetUsd, a.WorkstreamsWithoutBudget));

    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);
}

public sealed record ValidationDocument(
    int SchemaVersion,
    bool Valid,
    string Plan,
    int? Workstreams,
    int ErrorCount,
    int WarningCount,
    IReadOnlyList<DiagnosticJson> Errors,
    IReadOnlyList<DiagnosticJson> Warnings,
    AnalysisJson? Analysis);

public sealed record DiagnosticJson(
    string Code,
    string Severity,
    string? File,
    long? Line,
    long? Column,
    string? Workstream,
    string? Field,
    string Message,
    string Fix);

public sealed record AnalysisJson(
    int MaxWorkers,
    IReadOnlyList<IReadOnlyList<string>> Levels,
    IReadOnlyList<IReadOnlyList<string>> Waves,
    CriticalPathJson CriticalPath,
    double TotalWork,
    SpeedupJson Speedup,
    int MaxParallelism,
    IReadOnlyList<BottleneckJson> Bottlenecks,
    IReadOnlyList<ConflictJson> Conflicts,
    BudgetJson Budget);

/// <summary><c>Weights</c> is <c>estimated_minutes</c> when bundles give <c>metadata.estimated_minutes</c>, else <c>unit</c>.</summary>
public sealed record CriticalPathJson(IReadOnlyList<string> Workstreams, double Length, string Weights);

/// <summary><c>ByWaves</c>: workstreams ÷ waves. <c>Bound</c>: total work ÷ max(critical path, total work ÷ max workers).</summary>
public sealed record SpeedupJson(double ByWaves, double Bound);

public sealed record BottleneckJson(string Workstream, int Dependents, int Dependencies, string Reason);

public sealed record ConflictJson(string First, string Second, string Reason);

public sealed record BudgetJson(decimal TotalUsd, int WorkstreamsWithoutBudget);
