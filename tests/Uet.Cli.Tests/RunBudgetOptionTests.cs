namespace Uet.Cli.Tests;

/// <summary><c>uet run --budget USD --budget-mode halt|warn|continue</c>: mistakes are usage errors that name the option and the fix.</summary>
public sealed class RunBudgetOptionTests
{
    [Theory]
    [InlineData("--budget", "-1", "--budget -1 is negative: give the most the run may spend in US dollars, zero or more (e.g. --budget 5).")]
    [InlineData("--budget", "five", "--budget 'five' is not an amount in US dollars: give a number such as 5 or 0.50 (a dot before the cents).")]
    [InlineData("--budget", "1,50", "--budget '1,50' is not an amount in US dollars: give a number such as 5 or 0.50 (a dot before the cents).")]
    [InlineData("--budget-mode", "stop", "--budget-mode 'stop' is not a budget mode: use halt (stop the run), warn (warn and go on) or continue (record only).")]
    public async Task A_bad_budget_option_exits_2_naming_the_option_and_the_fix(string option, string value, string message)
    {
        using var plan = TempPlan.Valid();

        var result = await UetProcess.RunInAsync(plan.Root, null, "run", plan.Dir, option, value);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal($"uet: {message}\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(Path.Combine(plan.Root, ".uet")), "nothing may be run or stored");
    }

    [Fact]
    public async Task Run_help_lists_the_budget_options()
    {
        var result = await UetProcess.RunAsync("run", "--help");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("--budget <USD>", result.Stdout);
        Assert.Contains("--budget-mode <halt|warn|continue>", result.Stdout);
    }
}
