using System.Text.Json;

namespace Uet.Cli.Tests;

/// <summary>The prototype's real 34-file plan (arrays, directory-prefix scopes, 17-way fan-in) must validate, identically every time.</summary>
public sealed class SeedPlanTests
{
    [Fact]
    public async Task The_seed_plan_is_valid()
    {
        var result = await UetProcess.RunAsync("validate", SeedPlan.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("VALID", result.Stdout);
        Assert.Contains("critical path", result.Stdout);
        Assert.Contains("speedup", result.Stdout);
    }

    [Fact]
    public async Task The_seed_plan_json_is_valid_and_byte_for_byte_stable()
    {
        var first = await UetProcess.RunAsync("validate", SeedPlan.Path, "--output", "json");
        var second = await UetProcess.RunAsync("validate", SeedPlan.Path, "--output", "json");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
        using var json = JsonDocument.Parse(first.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.True(root.GetProperty("workstreams").GetInt32() >= 34);
        var analysis = root.GetProperty("analysis");
        var waves = analysis.GetProperty("waves").EnumerateArray().Select(w => w.EnumerateArray().Select(e => e.GetString()!).ToList()).ToList();
        Assert.Equal(root.GetProperty("workstreams").GetInt32(), waves.Sum(w => w.Count));
        Assert.All(waves, wave => Assert.InRange(wave.Count, 1, 4));
        Assert.All(waves, wave => Assert.Equal(wave.Order(StringComparer.Ordinal), wave));
    }

    [Fact]
    public async Task The_seed_plan_text_report_is_stable()
    {
        var first = await UetProcess.RunAsync("validate", SeedPlan.Path, "--max-workers", "3");
        var second = await UetProcess.RunAsync("validate", SeedPlan.Path, "--max-workers", "3");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.DoesNotContain('\u001b', first.Stdout);
    }
}
