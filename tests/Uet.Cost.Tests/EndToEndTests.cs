using System.Text;
using System.Text.Json;

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
public sealed class EndToEndTests : IAsyncLifetime
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
        // quickstart with a run budget below what its first task costs.
        var plan = Path.Combine(_root, "plan");
        Directory.CreateDirectory(plan);
        foreach (var file in Directory.EnumerateFiles(Quickstart, "*.json"))
        {
            File.Copy(file, Path.Combine(plan, Path.GetFileName(file)));
        }
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

    private async Task<string?> StateAsync(string runName)
    {
        var status = await UetAsync("status", runName, "--output", "json", "--state-dir", StateDir);
        Assert.True(status.ExitCode == 0, status.StandardError);
        return JsonDocument.Parse(status.StandardOutput).RootElement.GetProperty("run").GetProperty("state").GetString();
    }

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
