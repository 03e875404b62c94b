namespace Uet.Cli.Tests;

/// <summary>The examples in docs/ are run: the documented plans validate, and the documented outputs are the real ones.</summary>
public sealed class DocumentedExamplesTests
{
    [Fact]
    public async Task The_plan_format_examples_form_a_valid_plan()
    {
        var bundle = RepoDocs.JsonBlocks("plan-format.md", "# Plan format")[0];
        var settings = Assert.Single(RepoDocs.JsonBlocks("plan-format.md", "## plan.json"));
        using var plan = new TempPlan(("bundles.json", bundle), ("plan.json", settings));

        var result = await UetProcess.RunAsync("validate", plan.Dir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("VALID  plan 'core-refactor'", result.Stdout);
        Assert.Contains("max 6 workers", result.Stdout);
    }

    [Fact]
    public async Task The_cli_md_example_shows_the_real_text_output()
    {
        using var plan = CliExamplePlan();

        var result = await UetProcess.RunInAsync(plan.Dir, null, "validate", "shop.json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(Assert.Single(RepoDocs.Blocks("cli.md", "## Example", "text")), result.Stdout);
    }

    [Fact]
    public async Task The_cli_md_example_shows_the_real_json_output()
    {
        using var plan = CliExamplePlan();

        var result = await UetProcess.RunInAsync(plan.Dir, null, "validate", "shop.json", "--output", "json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(RepoDocs.JsonBlocks("cli.md", "## Example")[1], result.Stdout);
    }

    [Fact]
    public void Every_diagnostic_code_is_documented_in_plan_format_md()
    {
        var page = File.ReadAllText(Path.Combine(RepoDocs.Dir, "plan-format.md"));
        var codes = typeof(Uet.Domain.DiagnosticCodes)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Contains($"| `{code}` |", page));
    }

    private static TempPlan CliExamplePlan() => new(("shop.json", RepoDocs.JsonBlocks("cli.md", "## Example")[0]));
}
