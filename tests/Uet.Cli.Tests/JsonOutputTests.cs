using System.Text.Json;

namespace Uet.Cli.Tests;

public sealed class JsonOutputTests
{
    [Fact]
    public async Task A_valid_plan_reports_the_documented_shape()
    {
        using var plan = TempPlan.Valid();

        var result = await UetProcess.RunAsync("validate", plan.Dir, "--output", "json", "--max-workers", "2");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(
            ["schemaVersion", "valid", "plan", "workstreams", "errorCount", "warningCount", "errors", "warnings", "analysis"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal("plan", root.GetProperty("plan").GetString());
        Assert.Equal(3, root.GetProperty("workstreams").GetInt32());
        Assert.Equal(0, root.GetProperty("errorCount").GetInt32());
        Assert.Empty(root.GetProperty("errors").EnumerateArray());
        Assert.Equal(root.GetProperty("warningCount").GetInt32(), root.GetProperty("warnings").GetArrayLength());

        var analysis = root.GetProperty("analysis");
        Assert.Equal(
            ["maxWorkers", "levels", "waves", "criticalPath", "totalWork", "speedup", "maxParallelism", "bottlenecks", "conflicts", "budget"],
            analysis.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, analysis.GetProperty("maxWorkers").GetInt32());
        Assert.Equal([["ws-core"], ["ws-api", "ws-cli"]], Lists(analysis.GetProperty("waves")));
        Assert.Equal([["ws-core"], ["ws-api", "ws-cli"]], Lists(analysis.GetProperty("levels")));
        var critical = analysis.GetProperty("criticalPath");
        Assert.Equal("ws-core", critical.GetProperty("workstreams")[0].GetString());
        Assert.Equal(2, critical.GetProperty("workstreams").GetArrayLength());
        Assert.Equal(2, critical.GetProperty("length").GetDouble());
        Assert.Equal("unit", critical.GetProperty("weights").GetString());
        Assert.Equal(3, analysis.GetProperty("totalWork").GetDouble());
        Assert.Equal(1.5, analysis.GetProperty("speedup").GetProperty("byWaves").GetDouble());
        Assert.Equal(1.5, analysis.GetProperty("speedup").GetProperty("bound").GetDouble());
        Assert.Equal(2, analysis.GetProperty("maxParallelism").GetInt32());
        Assert.Equal(JsonValueKind.Array, analysis.GetProperty("bottlenecks").ValueKind);
        Assert.Equal(JsonValueKind.Array, analysis.GetProperty("conflicts").ValueKind);
        Assert.Equal(4.5m, analysis.GetProperty("budget").GetProperty("totalUsd").GetDecimal());
        Assert.Equal(0, analysis.GetProperty("budget").GetProperty("workstreamsWithoutBudget").GetInt32());
    }

    [Fact]
    public async Task An_invalid_plan_lists_every_error_with_location_and_fix_and_no_analysis()
    {
        using var plan = TempPlan.Invalid();

        var result = await UetProcess.RunAsync("validate", plan.Dir, "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("analysis").ValueKind);
        var errors = root.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(errors.Count, root.GetProperty("errorCount").GetInt32());
        Assert.True(errors.Count >= 2, result.Stdout);
        foreach (var error in errors)
        {
            Assert.Equal(
                ["code", "severity", "file", "line", "column", "workstream", "field", "message", "fix"],
                error.EnumerateObject().Select(p => p.Name));
            Assert.Equal("error", error.GetProperty("severity").GetString());
            Assert.Matches("^UET[0-9]+$", error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("fix").GetString()));
        }

        Assert.Contains(errors, e => e.GetProperty("file").GetString() == "a.json"
            && e.GetProperty("workstream").GetString() == "ws-a"
            && e.GetProperty("field").GetString() == "depends_on");
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == "b.json"
            && e.GetProperty("workstream").GetString() == "ws-b"
            && e.GetProperty("field").GetString() == "files_scope");
    }

    [Fact]
    public async Task Two_runs_print_the_same_bytes()
    {
        using var plan = TempPlan.Invalid();

        var first = await UetProcess.RunAsync("validate", plan.Dir, "--output", "json");
        var second = await UetProcess.RunAsync("validate", plan.Dir, "--output", "json");

        Assert.Equal(ExitCodes.Failed, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task Json_output_has_no_colour_codes_even_with_a_terminal_type()
    {
        using var plan = TempPlan.Valid();

        var result = await UetProcess.RunInAsync(plan.Root, new Dictionary<string, string?> { ["TERM"] = "xterm-256color" }, "validate", plan.Dir, "-o", "json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.EndsWith("}\n", result.Stdout);
    }

    private static List<List<string>> Lists(JsonElement element) =>
        element.EnumerateArray().Select(inner => inner.EnumerateArray().Select(e => e.GetString()!).ToList()).ToList();
}
