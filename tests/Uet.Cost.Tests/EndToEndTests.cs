using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

using CliWrap;
using CliWrap.Buffered;

using Microsoft.Data.Sqlite;

using Uet.Contracts;
using Uet.Cost.Persistence;
using Uet.Cost.Queries;
using Uet.Cost.Tests.Infrastructure;
using Uet.Git;
using Uet.Persistence;

namespace Uet.Cost.Tests;

/// <summary><c>uet run</c> of examples/quickstart as a process, with the Cost service in the embedded host.</summary>
public sealed partial class EndToEndTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "uet-cost-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    private static string Quickstart => Path.Combine(RepoPaths.Root(), "examples", "quickstart");

    private string Repo => Path.Combine(_root, "repo");

    private string StateDir => Path.Combine(_root, "state");

    private CostQueries Ledger => new(new CostDbContextFactory(PersistenceOptions.ForStateDirectory(StateDir, "cost")));

    public async Task InitializeAsync()
    {
        var source = Path.Combine(Quickstart, "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Repo, "examples", "quickstart", "app", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var git = new GitCli(Repo);
        await git.RunAsync("init", "-q", "-b", "main");
        await git.RunAsync("add", "-A");
        await git.RunAsync("commit", "-q", "-m", "sample app");
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_ledger_total_equals_the_usage_the_tool_printed()
    {
        var result = await UetAsync("run", Quickstart, "--run-id", "qs", "--state-dir", StateDir);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);

        var printed = PrintedUsage("qs");
        Assert.NotEmpty(printed);
        Assert.All(printed, p => Assert.Equal("fake-model", p.Model));
        var run = await Ledger.GetRunAsync(Naming.RunIdFor("qs"));
        Assert.NotNull(run);
        Assert.Equal(printed.Count, run.Reports);
        Assert.Equal(0, run.UnpricedReports);
        Assert.Equal(printed.Sum(p => p.Input), run.Tokens.InputTokens);
        Assert.Equal(printed.Sum(p => p.Output), run.Tokens.OutputTokens);
        Assert.Equal(FakeModelUsd(printed), run.TotalUsd);
        Assert.True(run.TotalUsd > 0m);
        // quickstart's workstreams declare max_cost_usd; none came near it.
        var workstreams = await Ledger.ByWorkstreamAsync(run.RunId);
        Assert.Equal(8, workstreams.Count);
        Assert.All(workstreams, w => Assert.False(w.Budget?.Exceeded ?? false));
    }

    [Fact]
    public async Task A_run_over_its_halt_budget_halts_and_resumes_with_a_higher_budget()
    {
        // quickstart with a run budget below what its first task costs. Without estimated_context_tokens, so that the
        // estimate before dispatch cannot hold anything back: the spending itself must halt the run.
        var plan = Path.Combine(_root, "plan");
        Directory.CreateDirectory(plan);
        foreach (var file in Directory.EnumerateFiles(Quickstart, "*.json"))
        {
            File.WriteAllText(Path.Combine(plan, Path.GetFileName(file)), EstimatedTokens().Replace(File.ReadAllText(file), ""));
        }
        Assert.DoesNotContain(Directory.EnumerateFiles(plan), f => File.ReadAllText(f).Contains("estimated_context_tokens", StringComparison.Ordinal));
        var settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Path.Combine(plan, "plan.json")))!;
        settings["budget"] = JsonSerializer.SerializeToElement(new { max_cost_usd = 0.0002m, mode = "halt" });
        File.WriteAllText(Path.Combine(plan, "plan.json"), JsonSerializer.Serialize(settings));
        var runId = Naming.RunIdFor("tight");

        var halted = await UetAsync("run", plan, "--run-id", "tight", "--state-dir", StateDir);

        Assert.True(halted.ExitCode == 1, halted.StandardOutput + halted.StandardError);
        Assert.Equal("Halted", await StateAsync("tight"));
        var budget = (await Ledger.GetRunAsync(runId))!.Budget;
        Assert.Equal((0.0002m, Uet.Contracts.Plans.BudgetMode.Halt), (budget.BudgetUsd, budget.Mode));
        Assert.True(budget.Exceeded);
        Assert.NotNull(budget.ExceededAt);

        var resumed = await UetAsync("resume", "tight", "--budget", "1", "--state-dir", StateDir);

        Assert.True(resumed.ExitCode == 0, resumed.StandardOutput + resumed.StandardError);
        Assert.Equal("Completed", await StateAsync("tight"));
        var run = (await Ledger.GetRunAsync(runId))!;
        Assert.Equal(1m, run.Budget.BudgetUsd);
        Assert.False(run.Budget.Exceeded);
        // Every attempt's spending counts, the halted ones included; nothing is counted twice. (An attempt cancelled
        // by the halt may have printed a last line its worker no longer reported, hence at most.)
        Assert.InRange(run.TotalUsd, 0.0002m, FakeModelUsd(PrintedUsage("tight")));
    }

    [Fact]
    public async Task A_warn_budget_shows_the_warning_while_the_run_goes_on()
    {
        var result = await UetAsync("run", Quickstart, "--run-id", "warned", "--budget", "0.000001", "--budget-mode", "warn", "--state-dir", StateDir);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        // The first usage report passes the threshold and the budget at once: the warning, then (or only) the exceeded
        // line is shown, once, as the run goes on.
        var lines = Regex.Matches(result.StandardOutput, @"(?m)^\d\d:\d\d:\d\d (budget(?: exceeded)?: .*)$").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains("of the 0.000001 USD run budget", l));
        Assert.Equal(lines.Count, lines.Distinct().Count());
        Assert.Contains(lines, l => l.StartsWith("budget exceeded: ", StringComparison.Ordinal) ? l.EndsWith("; mode warn: the run goes on", StringComparison.Ordinal) : l.Contains("warning threshold 80%", StringComparison.Ordinal));
        Assert.Matches(@"(?m)^  budget: 0\.\d+ of 0\.000001 USD spent \(\d+(\.\d+)?%\); mode warn, warning at 80%$", result.StandardOutput);

        var run = (await Ledger.GetRunAsync(Naming.RunIdFor("warned")))!;
        Assert.Equal((0.000001m, Uet.Contracts.Plans.BudgetMode.Warn), (run.Budget.BudgetUsd, run.Budget.Mode));
        Assert.True(run.Budget.Exceeded);
        var status = await StatusAsync("warned");
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        var budget = status.GetProperty("budget");
        Assert.Equal("warn", budget.GetProperty("mode").GetString());
        Assert.Equal(0.000001m, budget.GetProperty("budgetUsd").GetDecimal());
        Assert.True(budget.GetProperty("spentUsd").GetDecimal() > 0m);
        Assert.StartsWith("budget", budget.GetProperty("notice").GetString());
    }

    [Fact]
    public async Task A_halt_budget_below_an_estimate_starts_nothing_and_a_higher_budget_runs_the_plan()
    {
        // ws-core: 2000 context tokens of fake-model ($1 per million) = 0.002 USD estimated, more than the whole budget.
        var halted = await UetAsync("run", Quickstart, "--run-id", "held", "--budget", "0.001", "--budget-mode", "halt", "--state-dir", StateDir);

        Assert.True(halted.ExitCode == 1, halted.StandardOutput + halted.StandardError);
        const string why = "not started: estimated 0.002 USD (2000 context tokens of fake-model) exceeds the 0.001 USD left of the 0.001 USD run budget (0.00 USD spent)";
        Assert.Contains("reason: budget: ws-core " + why, halted.StandardOutput);
        Assert.Contains("uet resume held --budget USD", halted.StandardOutput);
        var status = await StatusAsync("held");
        Assert.Equal("Halted", status.GetProperty("state").GetString());
        var core = status.GetProperty("workstreams").EnumerateArray().Single(w => w.GetProperty("id").GetString() == "ws-core");
        Assert.Equal(("READY", 0, why), (core.GetProperty("state").GetString(), core.GetProperty("attempt").GetInt32(), core.GetProperty("error").GetString()));
        Assert.Equal(0, (await Ledger.GetRunAsync(Naming.RunIdFor("held")))!.Reports);

        var resumed = await UetAsync("resume", "held", "--budget", "1", "--state-dir", StateDir);

        Assert.True(resumed.ExitCode == 0, resumed.StandardOutput + resumed.StandardError);
        status = await StatusAsync("held");
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.Equal(1m, status.GetProperty("budget").GetProperty("budgetUsd").GetDecimal());
        Assert.Equal(FakeModelUsd(PrintedUsage("held")), (await Ledger.GetRunAsync(Naming.RunIdFor("held")))!.TotalUsd);
    }

    /// <summary>Runs uet in the temporary repository: a run works on the repository of its working directory.</summary>
    private async Task<BufferedCommandResult> UetAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "uet.dll"), .. args])
            .WithWorkingDirectory(Repo)
            .WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("DOTNET_NOLOGO", "1").Set("UET_RABBITMQ", null))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }

    private async Task<string?> StateAsync(string runName) => (await StatusAsync(runName)).GetProperty("state").GetString();

    /// <summary><c>uet status --output json</c>'s <c>run</c>.</summary>
    private async Task<JsonElement> StatusAsync(string runName)
    {
        var status = await UetAsync("status", runName, "--output", "json", "--state-dir", StateDir);
        Assert.True(status.ExitCode == 0, status.StandardError);
        return JsonDocument.Parse(status.StandardOutput).RootElement.GetProperty("run").Clone();
    }

    [GeneratedRegex(@"""estimated_context_tokens"":\s*\d+,\s*")]
    private static partial Regex EstimatedTokens();

    /// <summary>What fake-agent printed: its usage lines in the run's attempt logs (a tool's stdout is logged line by line).</summary>
    private List<(string Model, long Input, long Output)> PrintedUsage(string runName) =>
        Directory.EnumerateFiles(Path.Combine(StateDir, "logs", runName), "attempt-*.log", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Select(UsageLine)
            .OfType<(string Model, long Input, long Output)>()
            .ToList();

    /// <summary>fake-model costs $1 per million input tokens and $2 per million output tokens.</summary>
    private static decimal FakeModelUsd(IEnumerable<(string Model, long Input, long Output)> usage) =>
        usage.Sum(p => (p.Input * 1m) + (p.Output * 2m)) / 1_000_000m;

    private static (string Model, long Input, long Output)? UsageLine(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return root.TryGetProperty("type", out var type) && type.GetString() == "usage"
                ? (root.GetProperty("model").GetString()!, root.GetProperty("input_tokens").GetInt64(), root.GetProperty("output_tokens").GetInt64())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
