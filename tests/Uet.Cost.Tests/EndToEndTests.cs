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

/// <summary><c>uet run</c> of examples/quickstart as a process: the ledger holds exactly the usage fake-agent printed.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "uet-cost-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    private string Repo => Path.Combine(_root, "repo");

    private string StateDir => Path.Combine(_root, "state");

    public async Task InitializeAsync()
    {
        var source = Path.Combine(RepoPaths.Root(), "examples", "quickstart", "app");
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var result = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "uet.dll"), "run", Path.Combine(RepoPaths.Root(), "examples", "quickstart"), "--run-id", "qs", "--state-dir", StateDir])
            .WithWorkingDirectory(Repo)
            .WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);

        // What fake-agent printed: its usage lines in the attempt logs (stdout is logged line by line).
        var printed = Directory.EnumerateFiles(Path.Combine(StateDir, "logs", "qs"), "attempt-*.log", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Select(UsageLine)
            .OfType<(string Model, long Input, long Output)>()
            .ToList();
        Assert.NotEmpty(printed);
        Assert.All(printed, p => Assert.Equal("fake-model", p.Model));
        // fake-model is priced at $1 per million input tokens and $2 per million output tokens.
        var expectedUsd = printed.Sum(p => (p.Input * 1m) + (p.Output * 2m)) / 1_000_000m;

        var queries = new CostQueries(new CostDbContextFactory(PersistenceOptions.ForStateDirectory(StateDir, "cost")));
        var run = await queries.GetRunAsync(Naming.RunIdFor("qs"));
        Assert.NotNull(run);
        Assert.Equal(printed.Count, run.Reports);
        Assert.Equal(0, run.UnpricedReports);
        Assert.Equal(printed.Sum(p => p.Input), run.Tokens.InputTokens);
        Assert.Equal(printed.Sum(p => p.Output), run.Tokens.OutputTokens);
        Assert.Equal(expectedUsd, run.TotalUsd);
        Assert.True(run.TotalUsd > 0m);
        // quickstart's workstreams declare max_cost_usd; none came near it.
        var workstreams = await queries.ByWorkstreamAsync(run.RunId);
        Assert.Equal(8, workstreams.Count);
        Assert.All(workstreams, w => Assert.False(w.Budget?.Exceeded ?? false));
    }

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
