using System.Diagnostics;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Git;

namespace Uet.Integration.Tests;

/// <summary>
/// Integration through a hub (a bare repository that is not the user's): the run's refs live on the hub, each
/// integrator merges in its own clone cache and pushes with a lease, and the user's repository is never touched.
/// </summary>
public sealed class HubTests : IDisposable
{
    private TestRepo? repo;

    [Fact]
    public async Task Prepare_creates_the_branch_and_base_marker_on_the_hub_from_the_submitted_commit_and_leaves_the_users_repository_alone()
    {
        var (run, hub) = await SubmittedAsync("hub-prepare");
        var userRefs = await repo!.RefsAsync();
        var integrator = IntegratorOn(hub, "a");

        var prepared = Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare(repo.BaseCommit) with { RepoPath = "/no/such/checkout/on/this/machine" })).Event;

        Assert.Equal(repo.BaseCommit, prepared.BaseCommit);
        Assert.Equal(repo.BaseCommit, prepared.Head);
        Assert.Equal(repo.BaseCommit, await hub.TryRevParseAsync("refs/heads/" + run.Branch));
        Assert.Equal(repo.BaseCommit, await hub.TryRevParseAsync("refs/uet/base/" + run.Name));
        Assert.True(Directory.Exists(Path.Combine(repo.Scratch, "cache-a", "refs")));
        Assert.Equal(userRefs, await repo.RefsAsync());
    }

    [Fact]
    public async Task A_base_that_was_never_pushed_to_the_hub_fails_Prepare_with_the_fix()
    {
        repo = await TestRepo.CreateAsync();
        var hub = await BareHubAsync();
        var run = new TestRun(repo, "hub-unpushed");

        var failed = Assert.IsType<PrepareOutcome.Failed>(await IntegratorOn(hub, "a").PrepareAsync(run.Prepare(repo.BaseCommit))).Event;

        Assert.Contains("is not on hub", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("--hub", failed.Reason, StringComparison.Ordinal);
        Assert.Null(await hub.TryRevParseAsync("refs/heads/" + run.Branch));
    }

    [Fact]
    public async Task A_workstream_branch_pushed_to_the_hub_is_merged_there_and_a_redelivery_is_acknowledged_without_a_second_merge()
    {
        var (run, hub) = await SubmittedAsync("hub-merge");
        var integrator = IntegratorOn(hub, "a");
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare(repo!.BaseCommit)));
        var work = await PushedWorkAsync(run, hub, "ws-1", "c.txt", "c\n");

        var first = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;
        var again = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;

        Assert.False(first.AlreadyIntegrated);
        Assert.True(again.AlreadyIntegrated);
        Assert.Equal(first.IntegrationHead, again.IntegrationHead);
        Assert.Equal(first.IntegrationHead, await hub.TryRevParseAsync("refs/heads/" + run.Branch));
        Assert.Equal([repo.BaseCommit, work], await ParentsAsync(hub, first.IntegrationHead));
        Assert.Null(await repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_commit_whose_branch_a_stale_attempt_pushed_over_is_fetched_by_id_and_merged()
    {
        var (run, hub) = await SubmittedAsync("hub-stale");
        var integrator = IntegratorOn(hub, "a");
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare(repo!.BaseCommit)));
        var current = await PushedWorkAsync(run, hub, "ws-1", "c.txt", "attempt 2\n");
        // A superseded attempt that was still running pushes its own commit over the branch afterwards.
        await PushedWorkAsync(run, hub, "ws-1", "c.txt", "attempt 1\n");

        var integrated = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", current, attempt: 2))).Event;

        Assert.Equal([repo.BaseCommit, current], await ParentsAsync(hub, integrated.IntegrationHead));
        Assert.Equal("attempt 2\n", await hub.RunAsync(["show", $"{integrated.IntegrationHead}:c.txt"]));
    }

    [Fact]
    public async Task Two_integrators_racing_on_one_run_lose_nothing_the_loser_push_is_rejected_and_merged_again_on_the_new_head()
    {
        var (run, hub) = await SubmittedAsync("hub-race");
        var first = IntegratorOn(hub, "a");
        var logger = new RecordingLogger<GitIntegrator>();
        var second = IntegratorOn(hub, "b", logger);
        Assert.IsType<PrepareOutcome.Prepared>(await first.PrepareAsync(run.Prepare(repo!.BaseCommit)));
        // The second integrator's Prepare finds the branch there and keeps it: both now hold the same head.
        Assert.Equal(repo.BaseCommit, Assert.IsType<PrepareOutcome.Prepared>(await second.PrepareAsync(run.Prepare(repo.BaseCommit))).Event.Head);
        var one = await PushedWorkAsync(run, hub, "ws-1", "one.txt", "one\n");
        var two = await PushedWorkAsync(run, hub, "ws-2", "two.txt", "two\n");

        // The second integrator's gate holds it after its merge onto the base and before its push, until the first
        // integrator has pushed its own merge; then its leased push finds the hub moved.
        var started = MakeFifo("started");
        var release = MakeFifo("release");
        var once = Path.Combine(repo.Scratch, "gate-ran-once");
        var gate = new TestGateSpec(GateTypes.Unit, Command: $"if [ ! -e '{once}' ]; then touch '{once}'; echo go > '{started}'; cat '{release}' > /dev/null; fi");
        var racing = Task.Run(() => second.IntegrateAsync(run.Integrate("ws-2", two, gates: [gate])));
        await File.ReadAllTextAsync(started);
        var winner = Assert.IsType<IntegrateOutcome.Integrated>(await first.IntegrateAsync(run.Integrate("ws-1", one))).Event;
        await File.WriteAllTextAsync(release, "go\n");
        var loser = Assert.IsType<IntegrateOutcome.Integrated>(await racing).Event;

        var head = await hub.TryRevParseAsync("refs/heads/" + run.Branch);
        Assert.Equal(loser.IntegrationHead, head);
        Assert.Equal([winner.IntegrationHead, two], await ParentsAsync(hub, loser.IntegrationHead));
        Assert.Equal([repo.BaseCommit, one], await ParentsAsync(hub, winner.IntegrationHead));
        Assert.Equal("one\n", await hub.RunAsync(["show", $"{head}:one.txt"]));
        Assert.Equal("two\n", await hub.RunAsync(["show", $"{head}:two.txt"]));
        Assert.Contains(logger.Messages, m => m.Contains("moved while integrating ws-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revert_on_the_hub_archives_the_head_and_resets_the_branch_to_its_base()
    {
        var (run, hub) = await SubmittedAsync("hub-revert");
        var integrator = IntegratorOn(hub, "a");
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare(repo!.BaseCommit)));
        var work = await PushedWorkAsync(run, hub, "ws-1", "c.txt", "c\n");
        var merged = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;

        // Another integrator (a fresh cache) reverts: everything it needs comes from the hub.
        var reverted = await IntegratorOn(hub, "b").RevertAsync(run.Revert(repo.BaseCommit));

        Assert.NotNull(reverted.ArchiveRef);
        Assert.Equal(repo.BaseCommit, await hub.TryRevParseAsync("refs/heads/" + run.Branch));
        Assert.Equal(merged.IntegrationHead, await hub.TryRevParseAsync(reverted.ArchiveRef!));
    }

    [Fact]
    public async Task An_unreachable_hub_is_retried_then_reported_and_the_circuit_opens()
    {
        repo = await TestRepo.CreateAsync();
        var missing = Path.Combine(repo.Scratch, "no-hub.git");
        var logger = new RecordingLogger<GitIntegrator>();
        var integrator = new GitIntegrator(new IntegrationOptions
        {
            Hub = missing,
            HubCache = Path.Combine(repo.Scratch, "cache"),
            HubResilience = new GitRemoteResilienceOptions { RetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1), MinimumThroughput = 2, BreakDuration = TimeSpan.FromMinutes(5) },
        }, logger: logger);
        var run = new TestRun(repo, "hub-down");

        var failed = Assert.IsType<PrepareOutcome.Failed>(await integrator.PrepareAsync(run.Prepare(repo.BaseCommit))).Event;

        Assert.Contains(missing, failed.Reason, StringComparison.Ordinal);
        Assert.Equal(2, logger.Messages.Count(m => m.Contains("retry", StringComparison.Ordinal)));
        Assert.Contains(logger.Messages, m => m.Contains("keeps failing", StringComparison.Ordinal));
        // Open circuit: the next call fails at once, without trying the hub again.
        var before = logger.Messages.Count(m => m.Contains("retry", StringComparison.Ordinal));
        var paused = await Assert.ThrowsAsync<GitException>(() => integrator.IntegrateAsync(run.Integrate("ws-1", repo.BaseCommit)));
        Assert.Contains("paused", paused.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, logger.Messages.Count(m => m.Contains("retry", StringComparison.Ordinal)));
    }

    private GitIntegrator IntegratorOn(GitCli hub, string name, RecordingLogger<GitIntegrator>? logger = null) =>
        new(new IntegrationOptions
        {
            Hub = hub.WorkingDirectory,
            HubCache = Path.Combine(repo!.Scratch, "cache-" + name),
            ScratchRoot = Path.Combine(repo.Scratch, "worktrees-" + name),
        }, logger: logger);

    /// <summary>A user's repository, a hub, and the run's base pushed to the hub as <c>uet run --hub</c> does.</summary>
    private async Task<(TestRun Run, GitCli Hub)> SubmittedAsync(string name)
    {
        repo = await TestRepo.CreateAsync();
        var hub = await BareHubAsync();
        var run = new TestRun(repo, name);
        await repo.Git.RunAsync(["push", "--quiet", hub.WorkingDirectory, $"{repo.BaseCommit}:{Naming.SubmittedBaseRef(name)}"]);
        return (run, hub);
    }

    private async Task<GitCli> BareHubAsync()
    {
        var path = Path.Combine(repo!.Scratch, "hub.git");
        Directory.CreateDirectory(path);
        var hub = new GitCli(path);
        await hub.RunAsync(["init", "--quiet", "--bare"]);
        return hub;
    }

    /// <summary>A workstream's commit on the base, pushed to its branch on the hub the way a worker does (the user's repository keeps no ref of it).</summary>
    private async Task<string> PushedWorkAsync(TestRun run, GitCli hub, string workstream, string file, string content)
    {
        var commit = await repo!.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { [file] = content }, workstream);
        await repo.Git.RunAsync(["push", "--quiet", hub.WorkingDirectory, $"+{commit}:refs/heads/{Naming.WorkstreamBranch(run.Name, workstream)}"]);
        return commit;
    }

    private string MakeFifo(string name)
    {
        var path = Path.Combine(repo!.Scratch, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static async Task<IReadOnlyList<string>> ParentsAsync(GitCli git, string commit) =>
        (await git.RunAsync(["rev-list", "--parents", "-n", "1", commit])).Trim().Split(' ').Skip(1).ToList();

    public void Dispose() => repo?.Dispose();
}
