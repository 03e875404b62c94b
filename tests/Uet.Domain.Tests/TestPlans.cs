using Uet.Contracts.Plans;

namespace Uet.Domain.Tests;

/// <summary>Small builders for plans in tests.</summary>
internal static class TestPlans
{
    public static WorkstreamSpec Ws(string id, string[]? scope = null, string[]? deps = null, string? group = null,
        double? minutes = null, bool parallelOk = true) =>
        new()
        {
            Id = id,
            FilesScope = scope ?? [$"src/{id}.cs"],
            DependsOn = deps ?? [],
            Tasks = ["do it"],
            Tool = "shell",
            ConflictGroup = group,
            EstimatedMinutes = minutes,
            ParallelOk = parallelOk,
            SourceFile = $"{id}.json",
        };

    public static PlanDocument Plan(params WorkstreamSpec[] workstreams) =>
        new("test", new PlanSettings(), workstreams.OrderBy(w => w.Id, StringComparer.Ordinal).ToArray());
}

/// <summary>Plans written as JSON text, inspected the way the Planner does.</summary>
internal static class JsonPlans
{
    public static IReadOnlyList<PlanFile> Files(params (string Path, string Json)[] files) =>
        files.Select(f => new PlanFile(f.Path, f.Json)).ToArray();

    public static PlanReport Inspect(params (string Path, string Json)[] files) =>
        PlanInspector.Inspect("test", Files(files), new InspectOptions());

    public static PlanReport Inspect(InspectOptions options, params (string Path, string Json)[] files) =>
        PlanInspector.Inspect("test", Files(files), options);

    /// <summary>A minimal valid bundle with extra JSON members spliced in.</summary>
    public static string Bundle(string id, string extra = "", string scope = "\"src/x.cs\"", string tool = "\"shell\"") =>
        $$"""{"id": "{{id}}", "files_scope": [{{scope}}], "tasks": ["echo hi"], "tool": {{tool}}, "max_cost_usd": 1, "estimated_context_tokens": 100{{(extra.Length > 0 ? ", " + extra : "")}}}""";

    public static PlanDiagnostic Single(PlanReport report, string code) =>
        Assert.Single(report.Diagnostics, d => d.Code == code);

    public static IEnumerable<PlanDiagnostic> Errors(PlanReport report) =>
        report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}
