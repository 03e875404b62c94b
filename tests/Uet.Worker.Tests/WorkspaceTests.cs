using Uet.Contracts;
using Uet.Contracts.Plans;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

public sealed class WorkspaceTests
{
    [Fact]
    public async Task A_slot_reuses_its_worktree_across_attempts_and_each_attempt_starts_clean()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var first = Spec("ws-r", ["pwd > src/where.txt", "echo ignored > build.log"], gates: [new TestGateSpec(GateTypes.Unit, Command: "echo junk > leftover.txt")]);
        h.Repo.Write(".gitignore", "*.log\n");
        await h.Repo.Git.RunAsync("add", ".gitignore");
        await h.Repo.Git.RunAsync("commit", "-qm", "ignore logs");
        var baseWithIgnore = await h.Repo.Git.RevParseAsync("HEAD");

        var one = await h.RunAsync(Execute(h.Repo, first, attempt: 1) with { BaseCommit = baseWithIgnore });
        var second = Spec("ws-r", ["test ! -e leftover.txt && test ! -e build.log && test ! -e src/where.txt", "pwd > src/where.txt"]);
        var two = await h.RunAsync(Execute(h.Repo, second, attempt: 2) with { BaseCommit = baseWithIgnore });

        var s1 = one.ShouldSucceed();
        var s2 = two.ShouldSucceed();
        Assert.Equal(h.Worktree(1) + "\n", await h.Repo.ShowAsync(s1.Commit, "src/where.txt"));
        Assert.Equal(h.Worktree(1) + "\n", await h.Repo.ShowAsync(s2.Commit, "src/where.txt"));
        Assert.NotEqual(s1.Commit, s2.Commit);
        Assert.Equal(s2.Commit, await h.Repo.Git.RevParseAsync("uet/run1/ws-r"));
        Assert.Equal([h.Repo.Path, h.Worktree(1)], await h.Repo.WorktreesAsync());
    }

    [Fact]
    public async Task A_reused_worktree_matches_the_new_base_exactly_after_changes_additions_and_deletions()
    {
        await using var h = await ExecutorHarness.CreateAsync(new Dictionary<string, string> { ["src/keep.txt"] = "keep\n", ["src/gone.txt"] = "gone\n" });
        var first = Spec("ws-a", ["echo changed > src/keep.txt", "rm src/gone.txt", "mkdir -p src/new && echo new > src/new/added.txt"]);
        (await h.RunAsync(Execute(h.Repo, first))).ShouldSucceed();

        h.Repo.Write("src/later.txt", "later\n");
        await h.Repo.Git.RunAsync("add", "-A");
        await h.Repo.Git.RunAsync("commit", "-qm", "a later base");
        var laterBase = await h.Repo.Git.RevParseAsync("HEAD");
        var second = Spec("ws-b", ["grep -qx keep src/keep.txt", "grep -qx gone src/gone.txt", "test ! -e src/new", "grep -qx later src/later.txt"]);
        (await h.RunAsync(Execute(h.Repo, second, attempt: 2) with { BaseCommit = laterBase })).ShouldSucceed();

        var worktree = new Uet.Git.GitCli(h.Worktree(1));
        Assert.Equal(laterBase, (await worktree.RunAsync("rev-parse", "HEAD")).Trim());
        Assert.Equal("HEAD", (await worktree.RunAsync("rev-parse", "--abbrev-ref", "HEAD")).Trim());
        Assert.StartsWith("reset: moving to", await LastHeadMoveAsync(h)); // in-process: no git process for the reset
    }

    [Fact]
    public async Task With_an_external_filter_configured_git_itself_checks_out_the_next_base()
    {
        // libgit2 runs no external filter drivers (git-lfs is one): were it to reset this worktree, data.txt would lack the mark.
        await using var h = await ExecutorHarness.CreateAsync(new Dictionary<string, string> { [".gitattributes"] = "data.txt filter=mark\n", ["data.txt"] = "one\n" });
        await h.Repo.Git.RunAsync("config", "filter.mark.smudge", "sed 's/^/S:/'");
        await h.Repo.Git.RunAsync("config", "filter.mark.clean", "sed 's/^S://'");
        (await h.RunAsync(Execute(h.Repo, Spec("ws-a", ["grep -qx S:one data.txt"], scope: ["data.txt"])))).ShouldSucceed();

        h.Repo.Write("data.txt", "two\n");
        await h.Repo.Git.RunAsync("commit", "-qam", "two");
        var next = await h.Repo.Git.RevParseAsync("HEAD");
        var outcome = await h.RunAsync(Execute(h.Repo, Spec("ws-b", ["grep -qx S:two data.txt"], scope: ["data.txt"]), attempt: 2) with { BaseCommit = next });

        outcome.ShouldSucceed();
        Assert.StartsWith("checkout: moving from", await LastHeadMoveAsync(h));
    }

    [Fact]
    public async Task With_an_external_filter_configured_git_stages_the_change_through_the_filter()
    {
        // libgit2 would store the working file as it is ("S:three"); git runs the clean filter first, as git-lfs needs.
        await using var h = await ExecutorHarness.CreateAsync(new Dictionary<string, string> { [".gitattributes"] = "data.txt filter=mark\n", ["data.txt"] = "one\n" });
        await h.Repo.Git.RunAsync("config", "filter.mark.smudge", "sed 's/^/S:/'");
        await h.Repo.Git.RunAsync("config", "filter.mark.clean", "sed 's/^S://'");
        var tasks = new[] { "echo S:three > data.txt", "echo chat > .aider.chat.history.md", "mkdir -p sub && echo tags > sub/.aider.tags.cache" };

        var succeeded = (await h.RunAsync(Execute(h.Repo, Spec("ws-f", tasks, scope: ["data.txt"])))).ShouldSucceed();

        Assert.Equal("three\n", await h.Repo.ShowAsync(succeeded.Commit, "data.txt"));
        Assert.Equal(["data.txt"], succeeded.ChangedFiles);
        Assert.DoesNotContain(await h.Repo.FilesAtAsync(succeeded.Commit), f => f.Contains(".aider", StringComparison.Ordinal));
    }

    /// <summary>What moved the slot's HEAD last: git's checkout and libgit2's reset leave different reflog messages.</summary>
    private static async Task<string> LastHeadMoveAsync(ExecutorHarness h) =>
        (await new Uet.Git.GitCli(h.Worktree(1)).RunAsync("reflog", "-1", "--format=%gs", "HEAD")).Trim();

    [Fact]
    public async Task A_worktree_is_not_made_while_another_process_holds_the_repository_worktree_lock()
    {
        // Another replica sharing the repository, in the middle of its own `git worktree add`: flock(1) holds the same lock.
        await using var h = await ExecutorHarness.CreateAsync();
        var lockFile = Path.Combine(h.Repo.Path, ".git", Uet.Git.WorktreeAdminLock.FileName);
        File.WriteAllText(lockFile, "");
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["-x", lockFile, "cat"]) { RedirectStandardInput = true })!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (CanLock(lockFile))
        {
            Assert.True(DateTime.UtcNow < deadline, "flock did not take the lock");
            await Task.Delay(10);
        }

        var attempt = h.RunAsync(Execute(h.Repo, Spec("ws-l", ["echo l > src/l.txt"])));
        var finished = await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.NotSame(attempt, finished);
        Assert.False(Directory.Exists(h.Worktree(1)), "a worktree was added while the lock was held");

        other.StandardInput.Close();
        (await attempt).ShouldSucceed();
        Assert.Equal([h.Repo.Path, h.Worktree(1)], await h.Repo.WorktreesAsync());
    }

    private static bool CanLock(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Slots_have_their_own_worktrees_and_removing_all_leaves_only_the_main_checkout()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var a = Execute(h.Repo, Spec("ws-1", ["echo 1 > src/1.txt"]));
        var b = Execute(h.Repo, Spec("ws-2", ["echo 2 > src/2.txt"]));

        var results = await Task.WhenAll(h.RunAsync(a, slot: 1), h.RunAsync(b, slot: 2));

        Assert.All(results, r => r.ShouldSucceed());
        Assert.Equal([h.Repo.Path, h.Worktree(1), h.Worktree(2)], await h.Repo.WorktreesAsync());
        await h.Pool.RemoveAllAsync();
        Assert.Equal([h.Repo.Path], await h.Repo.WorktreesAsync());
        Assert.False(Directory.Exists(h.Worktree(1)));
        Assert.False(Directory.Exists(Path.Combine(h.Repo.StateDir, "worktrees")));
        Assert.Equal("", (await h.Repo.Git.RunAsync("status", "--porcelain")).Trim());
    }

    [Fact]
    public async Task When_a_run_ends_only_the_worktrees_it_used_are_removed()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var runA = Guid.NewGuid();
        var runB = Guid.NewGuid();
        await h.RunAsync(Execute(h.Repo, Spec("ws-a", ["true"]), runId: runA, runName: "a"), slot: 1);
        await h.RunAsync(Execute(h.Repo, Spec("ws-b", ["true"]), runId: runB, runName: "b"), slot: 2);

        await h.Pool.RemoveRunAsync(runA);

        Assert.Equal([h.Repo.Path, h.Worktree(2)], await h.Repo.WorktreesAsync());
        var again = await h.RunAsync(Execute(h.Repo, Spec("ws-c", ["echo c > src/c.txt"]), runId: runB, runName: "b"), slot: 1);
        again.ShouldSucceed();
    }

    [Fact]
    public async Task A_leftover_worktree_directory_from_an_earlier_process_is_replaced()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        Directory.CreateDirectory(h.Worktree(1));
        File.WriteAllText(Path.Combine(h.Worktree(1), "stale.txt"), "stale");

        var outcome = await h.RunAsync(Execute(h.Repo, Spec("ws-l", ["test ! -e stale.txt"])));

        outcome.ShouldSucceed();
    }

    [Fact]
    public async Task A_dry_run_touches_nothing_and_succeeds_at_the_base_commit()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var marker = Path.Combine(h.Repo.Root, "ran");
        var spec = Spec("ws-dry", [$"touch '{marker}'; exit 1"], acceptance: ["exit 1"], gates: [new TestGateSpec(GateTypes.Unit, Command: "exit 1")]);
        var refsBefore = await h.Repo.Git.RunAsync("for-each-ref");

        var outcome = await h.RunAsync(Execute(h.Repo, spec, dryRun: true));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal(h.Repo.BaseCommit, succeeded.Commit);
        Assert.Empty(succeeded.ChangedFiles);
        Assert.Equal([typeof(WorkstreamStarted), typeof(WorkstreamSucceeded)], h.Events.All.Select(e => e.GetType()));
        Assert.False(File.Exists(marker));
        Assert.False(Directory.Exists(h.Repo.StateDir));
        Assert.Equal(refsBefore, await h.Repo.Git.RunAsync("for-each-ref"));
        Assert.Equal([h.Repo.Path], await h.Repo.WorktreesAsync());
    }
}
