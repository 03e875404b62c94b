using Uet.Contracts;
using Uet.Git;
using Uet.Worker.Execution;
using Uet.Worker.Workspaces;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

/// <summary>
/// A worker with a hub: the base comes from the hub into the worker's clone cache under its data dir, the worktree is
/// made there, and the branch is pushed to the hub before Succeeded goes out. The user's repository is never read.
/// </summary>
public sealed class HubTests : IAsyncDisposable
{
    private readonly TestRepo repo;
    private readonly GitCli hub;
    private readonly WorkspacePool pool = new();
    private readonly WorkerOptions options;
    private readonly RecordingEvents events = new();
    private readonly WorkstreamExecutor executor;

    public HubTests()
    {
        repo = TestRepo.CreateAsync().GetAwaiter().GetResult();
        var hubPath = Path.Combine(repo.Root, "hub.git");
        Directory.CreateDirectory(hubPath);
        hub = new GitCli(hubPath);
        hub.RunAsync("init", "--quiet", "--bare").GetAwaiter().GetResult();
        options = new WorkerOptions { WorkerId = "hub-worker", Slots = 2, DataDir = Path.Combine(repo.Root, "worker-data"), Hub = hubPath };
        executor = new WorkstreamExecutor(pool, events, options, TimeProvider.System);
    }

    [Fact]
    public async Task The_attempt_starts_from_the_integration_head_on_the_hub_and_its_branch_is_pushed_there()
    {
        await PushIntegrationBranchAsync("run1", repo.BaseCommit);
        var message = Execute(repo, Spec("ws-1", ["echo one > src/one.txt"])) with
        {
            RepoPath = "/checkout/on/another/machine",
            StateDir = null,
        };

        var succeeded = (await executor.ExecuteAsync(message, 1, CancellationToken.None)).ShouldSucceed();

        Assert.Equal(succeeded.Commit, await hub.TryRevParseAsync("refs/heads/uet/run1/ws-1"));
        Assert.Equal("one\n", await hub.RunAsync(["show", $"{succeeded.Commit}:src/one.txt"]));
        Assert.Equal(repo.BaseCommit, (await hub.RunAsync(["rev-parse", succeeded.Commit + "^"])).Trim());
        var cache = Path.Combine(options.DataDir, "hub.git");
        Assert.Equal(cache, executor.Hub!.Path);
        Assert.Equal(WorkspacePool.WorktreePath(options.DataDir, options.WorkerId, 1), Assert.Single(pool.Worktrees));
        Assert.StartsWith(options.DataDir, pool.Worktrees[0], StringComparison.Ordinal);
        // The user's repository has neither the branch nor a worktree of ours.
        Assert.Null(await repo.Git.TryRevParseAsync("refs/heads/uet/run1/ws-1"));
        Assert.Equal([repo.Path], await repo.WorktreesAsync());
    }

    [Fact]
    public async Task A_later_attempt_fetches_a_base_the_cache_has_not_seen_yet()
    {
        await PushIntegrationBranchAsync("run2", repo.BaseCommit);
        var first = (await executor.ExecuteAsync(Execute(repo, Spec("ws-1", ["echo one > src/one.txt"]), runName: "run2") with { StateDir = null }, 1, CancellationToken.None)).ShouldSucceed();
        // Integration moved the branch on the hub (here: to ws-1's commit); the next workstream starts there.
        await hub.RunAsync(["update-ref", "refs/heads/uet/run2/integration", first.Commit]);

        var second = (await executor.ExecuteAsync(
            Execute(repo, Spec("ws-2", ["test -e src/one.txt", "echo two > src/two.txt"]), runName: "run2") with { BaseCommit = first.Commit, StateDir = null },
            2,
            CancellationToken.None)).ShouldSucceed();

        Assert.Equal(first.Commit, (await hub.RunAsync(["rev-parse", second.Commit + "^"])).Trim());
        Assert.Equal(second.Commit, await hub.TryRevParseAsync("refs/heads/uet/run2/ws-2"));
    }

    [Fact]
    public async Task A_base_the_hub_does_not_have_fails_the_attempt_on_infrastructure_naming_the_hub()
    {
        var message = Execute(repo, Spec("ws-1", ["echo one > src/one.txt"]), runName: "run3") with { StateDir = null };

        var failed = (await executor.ExecuteAsync(message, 1, CancellationToken.None)).Failed;

        Assert.NotNull(failed);
        Assert.Equal(FailureKind.Infrastructure, failed.Kind);
        Assert.Contains(hub.WorkingDirectory, failed.Reason, StringComparison.Ordinal);
        Assert.Null(await hub.TryRevParseAsync("refs/heads/uet/run3/ws-1"));
    }

    [Fact]
    public void A_hub_that_git_would_read_as_an_option_is_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkerOptions { Hub = "--upload-pack=evil" }.Validate());

        Assert.Contains("Hub", error.Message, StringComparison.Ordinal);
    }

    /// <summary>What Prepare does on the hub: the run's integration branch at the base (pushed from the user's repository).</summary>
    private Task PushIntegrationBranchAsync(string runName, string commit) =>
        repo.Git.RunAsync(["push", "--quiet", hub.WorkingDirectory, $"{commit}:refs/heads/{Naming.IntegrationBranch(runName)}"]);

    public async ValueTask DisposeAsync()
    {
        await pool.RemoveAllAsync();
        repo.Dispose();
    }
}
