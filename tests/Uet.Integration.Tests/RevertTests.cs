using Uet.Contracts;

namespace Uet.Integration.Tests;

public sealed class RevertTests : IDisposable
{
    private readonly GitIntegrator integrator = new();
    private TestRepo? repo;

    private async Task<(TestRun Run, string Head)> RunWithTwoMergesAsync(string name = "revert")
    {
        repo = await TestRepo.CreateAsync();
        var run = new TestRun(repo, name);
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        var one = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["one.txt"] = "1\n" }, "ws-1");
        var two = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["two.txt"] = "2\n" }, "ws-2");
        Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", one)));
        var last = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-2", two))).Event;
        return (run, last.IntegrationHead);
    }

    [Fact]
    public async Task Revert_resets_the_branch_to_its_base_and_keeps_the_old_head_under_an_archive_ref()
    {
        var (run, head) = await RunWithTwoMergesAsync();

        var reverted = await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit));

        Assert.Equal(run.RunId, reverted.RunId);
        Assert.Equal(run.Repo.BaseCommit, reverted.RevertedTo);
        Assert.Equal(run.Repo.BaseCommit, await run.Repo.HeadOfAsync(run.Branch));
        Assert.NotNull(reverted.ArchiveRef);
        Assert.StartsWith("refs/uet/archive/revert/", reverted.ArchiveRef, StringComparison.Ordinal);
        Assert.Equal(head, await run.Repo.Git.RevParseAsync(reverted.ArchiveRef));
        Assert.Empty(reverted.CompensationFailures);
    }

    [Fact]
    public async Task Reverting_twice_is_harmless()
    {
        var (run, head) = await RunWithTwoMergesAsync();
        var first = await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit));
        var refsAfterFirst = await run.Repo.RefsAsync();

        var second = await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit));

        Assert.Null(second.ArchiveRef);
        Assert.Equal(run.Repo.BaseCommit, second.RevertedTo);
        Assert.Empty(second.CompensationFailures);
        Assert.Equal(refsAfterFirst, await run.Repo.RefsAsync());
        Assert.Equal(head, await run.Repo.Git.RevParseAsync(first.ArchiveRef!));
    }

    [Fact]
    public async Task Nothing_to_revert_when_nothing_was_integrated()
    {
        repo = await TestRepo.CreateAsync();
        var run = new TestRun(repo, "idle");
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        var refsBefore = await repo.RefsAsync();

        var reverted = await integrator.RevertAsync(run.Revert(repo.BaseCommit));

        Assert.Null(reverted.ArchiveRef);
        Assert.Equal(repo.BaseCommit, reverted.RevertedTo);
        Assert.Equal(refsBefore, await repo.RefsAsync());
    }

    [Fact]
    public async Task Compensation_actions_run_in_the_given_order_in_a_worktree_of_the_head_and_a_failure_does_not_stop_the_revert()
    {
        var (run, head) = await RunWithTwoMergesAsync();
        var log = Path.Combine(run.Repo.Scratch, "compensation.log");
        CompensationStep[] steps =
        [
            new("ws-2", [$"echo \"$UET_WORKSTREAM_ID first $(cat two.txt)\" >> '{log}'", "echo 'cannot drop table' >&2; exit 3", $"echo \"$UET_WORKSTREAM_ID third\" >> '{log}'"]),
            new("ws-1", [$"echo \"$UET_WORKSTREAM_ID only $(cat one.txt)\" >> '{log}'"]),
        ];

        var reverted = await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit, steps));

        Assert.Equal(["ws-2 first 2", "ws-2 third", "ws-1 only 1"], await File.ReadAllLinesAsync(log));
        var failure = Assert.Single(reverted.CompensationFailures);
        Assert.StartsWith("ws-2: `echo 'cannot drop table' >&2; exit 3` exited with code 3", failure, StringComparison.Ordinal);
        Assert.Contains("cannot drop table", failure, StringComparison.Ordinal);
        Assert.Equal(run.Repo.BaseCommit, await run.Repo.HeadOfAsync(run.Branch));
        Assert.Equal(head, await run.Repo.Git.RevParseAsync(reverted.ArchiveRef!));
        Assert.Single(await run.Repo.WorktreesAsync());
    }

    [Fact]
    public async Task A_redelivered_revert_does_not_run_the_compensation_actions_again()
    {
        var (run, _) = await RunWithTwoMergesAsync();
        var log = Path.Combine(run.Repo.Scratch, "compensation.log");
        CompensationStep[] steps = [new("ws-1", [$"echo undo >> '{log}'"])];
        await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit, steps));

        var again = await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit, steps));

        Assert.Equal(["undo"], await File.ReadAllLinesAsync(log));
        Assert.Null(again.ArchiveRef);
        Assert.Empty(again.CompensationFailures);
    }

    [Fact]
    public async Task A_resumed_run_reverted_again_gets_a_second_archive_and_its_actions_run()
    {
        var (run, firstHead) = await RunWithTwoMergesAsync();
        var log = Path.Combine(run.Repo.Scratch, "compensation.log");
        var first = await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit, [new("ws-1", [$"echo first >> '{log}'"])]));
        var three = await run.Repo.CommitAsync(run.Repo.BaseCommit, new Dictionary<string, string?> { ["three.txt"] = "3\n" }, "ws-3");
        var secondHead = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-3", three))).Event.IntegrationHead;

        var second = await integrator.RevertAsync(run.Revert(run.Repo.BaseCommit, [new("ws-3", [$"echo second >> '{log}'"])]));

        Assert.Equal(["first", "second"], await File.ReadAllLinesAsync(log));
        Assert.NotEqual(first.ArchiveRef, second.ArchiveRef);
        Assert.Equal(firstHead, await run.Repo.Git.RevParseAsync(first.ArchiveRef!));
        Assert.Equal(secondHead, await run.Repo.Git.RevParseAsync(second.ArchiveRef!));
        Assert.Equal(run.Repo.BaseCommit, await run.Repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_base_commit_missing_from_the_repository_is_an_error_naming_it()
    {
        var (run, head) = await RunWithTwoMergesAsync();

        var error = await Assert.ThrowsAsync<IntegrationException>(() => integrator.RevertAsync(run.Revert("deadbeef")));

        Assert.Contains("deadbeef", error.Message, StringComparison.Ordinal);
        Assert.Equal(head, await run.Repo.HeadOfAsync(run.Branch));
    }

    public void Dispose() => repo?.Dispose();
}
