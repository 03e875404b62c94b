namespace Uet.Cli.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public async Task A_valid_plan_exits_0()
    {
        using var plan = TempPlan.Valid();

        var result = await UetProcess.RunAsync("validate", plan.Dir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("VALID", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task An_invalid_plan_exits_1_and_says_where_and_how_to_fix()
    {
        using var plan = TempPlan.Invalid();

        var result = await UetProcess.RunAsync("validate", plan.Dir);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.StartsWith("INVALID", result.Stdout);
        Assert.Contains("a.json", result.Stdout);
        Assert.Contains("ws-missing", result.Stdout);
        Assert.Contains("files_scope", result.Stdout);
        Assert.Contains("fix: ", result.Stdout);
        NoStackTrace(result);
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_plan_with_file_line_and_column()
    {
        using var plan = TempPlan.Malformed();

        var result = await UetProcess.RunAsync("validate", plan.Dir);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Matches(@"bad\.json:\d+:\d+", result.Stdout);
        NoStackTrace(result);
    }

    [Fact]
    public async Task A_missing_plan_path_exits_2_with_one_line_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "uet-no-such-plan-" + Guid.NewGuid().ToString("N"));

        var result = await UetProcess.RunAsync("validate", missing);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Contains(missing, result.Stderr);
        Assert.StartsWith("uet: ", result.Stderr);
        NoStackTrace(result);
    }

    [Theory]
    [InlineData("validate", "{plan}", "--no-such-option")]
    [InlineData("validate")]
    [InlineData("validate", "{plan}", "--output", "xml")]
    [InlineData("validate", "{plan}", "--max-workers", "0")]
    [InlineData("validate", "{plan}", "--max-workers", "many")]
    [InlineData("no-such-command")]
    [InlineData()]
    public async Task Usage_errors_exit_2_with_a_help_hint(params string[] args)
    {
        using var plan = TempPlan.Valid();

        var result = await UetProcess.RunAsync(args.Select(a => a.Replace("{plan}", plan.Dir)).ToArray());

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("uet: ", result.Stderr);
        Assert.Contains("--help' for usage.", result.Stderr);
        NoStackTrace(result);
    }

    [Fact]
    public async Task A_repo_that_does_not_exist_exits_2()
    {
        using var plan = TempPlan.Valid();
        var missing = Path.Combine(plan.Root, "no-repo");

        var result = await UetProcess.RunAsync("validate", plan.Dir, "--repo", missing);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Contains("--repo", result.Stderr);
        Assert.Contains(missing, result.Stderr);
        NoStackTrace(result);
    }

    [Theory]
    [InlineData("amqp://guest:secret@127.0.0.1:5672/", "Host=127.0.0.1;Password=secret;Colour=blue", "--postgres (or UET_POSTGRES)", "colour")]
    [InlineData("amqp://guest:secret@127.0.0.1:5672/", "postgres://uet:secret@db/uet", "--postgres (or UET_POSTGRES)", "Host=")]
    [InlineData("http://guest:secret@127.0.0.1:5672/", "Host=127.0.0.1;Password=secret", "--rabbitmq (or UET_RABBITMQ)", "amqp://")]
    public async Task A_cluster_address_it_cannot_read_exits_2_naming_the_option_without_its_secret(string rabbitMq, string postgres, string option, string hint)
    {
        var result = await UetProcess.RunAsync("status", "some-run", "--rabbitmq", rabbitMq, "--postgres", postgres);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.StartsWith($"uet: {option} is not", result.Stderr);
        Assert.Contains(hint, result.Stderr);
        Assert.DoesNotContain("secret", result.Stderr);
        NoStackTrace(result);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_options()
    {
        var result = await UetProcess.RunAsync("validate", "--help");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("--max-workers", result.Stdout);
        Assert.Contains("--output", result.Stdout);
        Assert.Contains("--repo", result.Stdout);
    }

    [Fact]
    public async Task UET_DEBUG_does_not_change_the_exit_code()
    {
        var missing = Path.Combine(Path.GetTempPath(), "uet-no-such-plan-" + Guid.NewGuid().ToString("N"));

        var result = await UetProcess.RunInAsync(Path.GetTempPath(), new Dictionary<string, string?> { ["UET_DEBUG"] = "1" }, "validate", missing);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Matches(@"(?m)^\s+at \S", result.Stderr);
    }

    private static void NoStackTrace(UetResult result)
    {
        Assert.DoesNotMatch(@"(?m)^\s+at \S", result.Stderr);
        Assert.DoesNotMatch(@"(?m)^\s+at \S", result.Stdout);
        Assert.DoesNotContain("Exception", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stdout);
    }
}
