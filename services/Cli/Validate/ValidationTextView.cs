using System.Globalization;

using Uet.Cli.Output;
using Uet.Contracts.Plans;
using Uet.Domain;

namespace Uet.Cli.Validate;

/// <summary>The people-facing report of <c>uet validate</c>: summary, every finding with its fix, then the analysis.</summary>
public static class ValidationTextView
{
    private const int LabelWidth = 17;

    public static void Write(ICliConsole console, PlanReport report, string fallbackName)
    {
        var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var warnings = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        var name = report.Plan?.Name ?? fallbackName;
        var count = report.Plan?.Workstreams.Count ?? report.Analysis?.WorkstreamCount;

        console.Line(
            report.IsValid ? new Styled("VALID", Tone.Good) : new Styled("INVALID", Tone.Bad),
            new Styled($"  plan '{name}'", Tone.Strong),
            $": {(count is { } n ? Plural(n, "workstream") + ", " : "")}{Plural(errors.Count, "error")}, {Plural(warnings.Count, "warning")}");

        WriteDiagnostics(console, "errors", errors, Tone.Bad);
        WriteDiagnostics(console, "warnings", warnings, Tone.Warn);
        if (report.Analysis is { } analysis)
        {
            WriteAnalysis(console, analysis);
        }
    }

    private static void WriteDiagnostics(ICliConsole console, string title, IReadOnlyList<PlanDiagnostic> diagnostics, Tone tone)
    {
        if (diagnostics.Count == 0)
        {
            return;
        }

        // Big plans produce dozens of the same finding; the breakdown tells a reader where to start.
        var byCode = diagnostics.GroupBy(d => d.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{Number(g.Count())} {g.Key}");
        console.Heading($"{title} ({Number(diagnostics.Count)}: {string.Join(", ", byCode)})");
        foreach (var d in diagnostics)
        {
            var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            console.Line(
                "  ",
                new Styled($"{severity} {d.Code}", tone),
                "  ",
                new Styled(Location(d), Tone.Accent),
                $"  {d.WorkstreamId ?? "-"}  {d.Field ?? "-"}");
            console.Line($"    {d.Message}");
            console.Line(new Styled($"    fix: {d.Fix}", Tone.Muted));
        }
    }

    private static void WriteAnalysis(ICliConsole console, PlanAnalysis a)
    {
        console.Heading($"waves (max {Plural(a.MaxWorkers, "worker")}, {Plural(a.Levels.Count, "topological level")})");
        var waves = new TextTable("wave", "size", "workstreams").Numeric(0, 1);
        for (var i = 0; i < a.Waves.Count; i++)
        {
            waves.Row(Number(i + 1), Number(a.Waves[i].Count), string.Join(", ", a.Waves[i]));
        }

        console.Table(waves);

        console.Heading("analysis");
        var length = a.WeightedByEstimates
            ? $"{Decimal(a.CriticalPathLength)} min by metadata.estimated_minutes"
            : $"{Plural((int)a.CriticalPathLength, "workstream")}, unit weights";
        Field(console, "critical path", $"{string.Join(" -> ", a.CriticalPath)}  ({length})");
        Field(console, "speedup", $"{Decimal(a.SpeedupByWaves)}x by waves ({Plural(a.WorkstreamCount, "workstream")} / {Plural(a.Waves.Count, "wave")})");
        var perWorker = a.MaxWorkers > 0 ? a.TotalWork / a.MaxWorkers : a.TotalWork;
        Field(console, "", $"{Decimal(a.SpeedupBound)}x bound (total work {Decimal(a.TotalWork)} / max(critical path {Decimal(a.CriticalPathLength)}, work per worker {Decimal(perWorker)}))");
        Field(console, "max parallelism", Number(a.MaxParallelism));
        var budget = a.TotalBudgetUsd.ToString("0.00", CultureInfo.InvariantCulture);
        Field(console, "budget", $"${budget} declared" + (a.WorkstreamsWithoutBudget > 0 ? $"; {Plural(a.WorkstreamsWithoutBudget, "workstream")} without max_cost_usd" : ""));

        console.Heading($"bottlenecks ({a.Bottlenecks.Count})");
        if (a.Bottlenecks.Count == 0)
        {
            console.Line(new Styled("  none", Tone.Muted));
        }
        else
        {
            var table = new TextTable("workstream", "dependents", "dependencies", "reason").Numeric(1, 2);
            foreach (var b in a.Bottlenecks)
            {
                table.Row(b.WorkstreamId, Number(b.Dependents), Number(b.Dependencies), b.Reason);
            }

            console.Table(table);
        }

        console.Heading($"conflicts ({a.Conflicts.Count})");
        if (a.Conflicts.Count == 0)
        {
            console.Line(new Styled("  none", Tone.Muted));
        }
        else
        {
            var table = new TextTable("first", "second", "reason");
            foreach (var c in a.Conflicts)
            {
                table.Row(c.First, c.Second, c.Reason);
            }

            console.Table(table);
        }
    }

    private static void Field(ICliConsole console, string label, string value) =>
        console.Line("  ", new Styled(label.PadRight(LabelWidth), Tone.Strong), value);

    private static string Location(PlanDiagnostic d) =>
        d.File is null ? "(plan)"
        : d.Line is { } line ? d.Column is { } column ? $"{d.File}:{line}:{column}" : $"{d.File}:{line}"
        : d.File;

    private static string Plural(int n, string noun) => $"{Number(n)} {noun}{(n == 1 ? "" : "s")}";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
