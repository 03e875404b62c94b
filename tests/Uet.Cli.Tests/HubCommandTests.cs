using Uet.Git;

namespace Uet.Cli.Tests;

/// <summary><c>--hub</c> and <c>uet fetch</c>: a cluster run's refs come from the hub into a real repository.</summary>
public sealed class HubCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "uet-cli-hub-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Hub_without_a_cluster_is_a_usage_error()
    {
        Directory.CreateDirectory(root);

        var result = await UetProcess.RunInAsync(root, new Dictionary<string, string?> { ["UET_POSTGRES"] = null }, "run", "plan", "--hub", Path.Combine(root, "hub.git"));

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Contains("--hub is for runs on a cluster", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_without_a_hub_is_a_usage_error_naming_the_fix()
    {
        Directory.CreateDirectory(root);

        var result = await UetProcess.RunInAsync(root, new Dictionary<string, string?> { ["UET_HUB"] = null }, "fetch", "r1");

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Contains("pass --hub", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_brings_the_runs_branches_base_marker_and_archives_from_the_hub_and_nothing_else()
    {
        var (repo, hub, commit) = await RepositoryAndHubAsync();
        foreach (var name in new[] { "refs/heads/uet/r1/integration", "refs/heads/uet/r1/ws-1", "refs/uet/base/r1", "refs/uet/archive/r1/20260101T000000000", "refs/heads/uet/r10/integration", "refs/heads/main" })
        {
            await hub.RunAsync(["update-ref", name, commit]);
        }

        var result = await UetProcess.RunInAsync(repo.WorkingDirectory, new Dictionary<string, string?> { ["UET_HUB"] = hub.WorkingDirectory }, "fetch", "r1");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var refs = (await repo.RunAsync(["for-each-ref", "--format=%(refname)", "refs/heads/uet", "refs/uet"])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["refs/heads/uet/r1/integration", "refs/heads/uet/r1/ws-1", "refs/uet/archive/r1/20260101T000000000", "refs/uet/base/r1"], refs.Order(StringComparer.Ordinal));
        Assert.Contains("fetched 4 ref(s) of run r1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_of_a_run_the_hub_does_not_have_exits_1()
    {
        var (repo, hub, _) = await RepositoryAndHubAsync();

        var result = await UetProcess.RunInAsync(repo.WorkingDirectory, null, "fetch", "nope", "--hub", hub.WorkingDirectory);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains("has no refs of run nope", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A user's repository with one commit, and a bare hub holding a different commit (so a fetch must carry objects).</summary>
    private async Task<(GitCli Repo, GitCli Hub, string HubCommit)> RepositoryAndHubAsync()
    {
        var repo = new GitCli(Path.Combine(root, "repo"));
        var other = new GitCli(Path.Combine(root, "other"));
        var hub = new GitCli(Path.Combine(root, "hub.git"));
        foreach (var git in new[] { repo, other, hub })
        {
            Directory.CreateDirectory(git.WorkingDirectory);
        }

        await repo.RunAsync(["init", "--quiet"]);
        await repo.RunAsync(["commit", "--quiet", "--allow-empty", "-m", "mine"]);
        await other.RunAsync(["init", "--quiet"]);
        await other.RunAsync(["commit", "--quiet", "--allow-empty", "-m", "the run's"]);
        await hub.RunAsync(["init", "--quiet", "--bare"]);
        var commit = (await other.RunAsync(["rev-parse", "HEAD"])).Trim();
        await other.RunAsync(["push", "--quiet", hub.WorkingDirectory, $"{commit}:refs/heads/seed"]);
        return (repo, hub, commit);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
