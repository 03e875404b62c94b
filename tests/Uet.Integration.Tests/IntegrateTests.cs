namespace Uet.Integration.Tests;

public sealed class IntegrateTests : IDisposable
{
    private readonly GitIntegrator integrator = new();
    private TestRepo? repo;

    private async Task<TestRun> PreparedRunAsync(string name = "merge")
    {
        repo = await TestRepo.CreateAsync();
        var run = new TestRun(repo, name);
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        return run;
    }

    private static Dictionary<string, string?> Files(params (string Path, string? Content)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Content);

    [Fact]
    public async Task A_clean_merge_advances_the_branch_with_a_two_parent_commit_holding_both_sides()
    {
        var run = await PreparedRunAsync();
        var first = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("b.txt", "bravo from ws-1\n"), ("new/one.txt", "one\n")), "ws-1");
        var second = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("a.txt", "alpha\none\ntwo\nthree\nfour\n"), ("src/shared.txt", null)), "ws-2");

        var one = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", first))).Event;
        var two = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-2", second, attempt: 2))).Event;

        Assert.False(one.AlreadyIntegrated);
        Assert.False(two.AlreadyIntegrated);
        Assert.Equal(("ws-2", 2, run.RunId), (two.WorkstreamId, two.Attempt, two.RunId));
        var head = await run.Repo.HeadOfAsync(run.Branch);
        Assert.Equal(two.IntegrationHead, head);
        Assert.Equal([run.Repo.BaseCommit, first], await run.Repo.ParentsAsync(one.IntegrationHead));
        Assert.Equal([one.IntegrationHead, second], await run.Repo.ParentsAsync(two.IntegrationHead));
        Assert.Equal("bravo from ws-1\n", await run.Repo.ShowAsync(head!, "b.txt"));
        Assert.Equal("one\n", await run.Repo.ShowAsync(head!, "new/one.txt"));
        Assert.Equal("alpha\none\ntwo\nthree\nfour\n", await run.Repo.ShowAsync(head!, "a.txt"));
        Assert.DoesNotContain("src/shared.txt", await run.Repo.Git.RunAsync(["ls-tree", "-r", "--name-only", head!]), StringComparison.Ordinal);
        Assert.Equal(
            "uet: integrate ws-2 (attempt 2) into uet/merge/integration",
            (await run.Repo.Git.RunAsync(["log", "-1", "--format=%s", head!])).Trim());
    }

    [Fact]
    public async Task A_conflict_is_reported_with_the_files_and_the_branch_does_not_move()
    {
        var run = await PreparedRunAsync();
        var first = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("src/shared.txt", "line 1\nFIRST\nline 3\n"), ("b.txt", "first\n")), "ws-1");
        var second = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("src/shared.txt", "line 1\nSECOND\nline 3\n"), ("b.txt", "second\n"), ("ok.txt", "fine\n")), "ws-2");
        var one = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", first))).Event;

        var conflict = Assert.IsType<IntegrateOutcome.Conflict>(await integrator.IntegrateAsync(run.Integrate("ws-2", second, attempt: 3))).Event;

        Assert.Equal(["b.txt", "src/shared.txt"], conflict.ConflictingFiles);
        Assert.Equal(("ws-2", 3, run.RunId), (conflict.WorkstreamId, conflict.Attempt, conflict.RunId));
        Assert.Equal(one.IntegrationHead, conflict.IntegrationHead);
        Assert.Equal(one.IntegrationHead, await run.Repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task File_names_with_spaces_and_non_ascii_characters_come_back_unquoted()
    {
        var run = await PreparedRunAsync();
        var first = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("dir with space/ü.txt", "one\n")), "ws-1");
        var second = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("dir with space/ü.txt", "two\n")), "ws-2");
        Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", first)));

        var conflict = Assert.IsType<IntegrateOutcome.Conflict>(await integrator.IntegrateAsync(run.Integrate("ws-2", second))).Event;

        Assert.Equal(["dir with space/ü.txt"], conflict.ConflictingFiles);
    }

    [Fact]
    public async Task A_redelivered_merge_is_acknowledged_without_a_second_merge()
    {
        var run = await PreparedRunAsync();
        var work = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("b.txt", "changed\n")), "ws-1");
        var first = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;
        var commitsAfterFirst = await run.Repo.Git.RunAsync(["rev-list", "--count", run.Branch]);

        var again = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;

        Assert.True(again.AlreadyIntegrated);
        Assert.Equal(first.IntegrationHead, again.IntegrationHead);
        Assert.Equal(first.IntegrationHead, await run.Repo.HeadOfAsync(run.Branch));
        Assert.Equal(commitsAfterFirst, await run.Repo.Git.RunAsync(["rev-list", "--count", run.Branch]));
    }

    [Fact]
    public async Task A_commit_already_contained_in_the_head_is_not_merged_again_even_under_another_workstream_name()
    {
        var run = await PreparedRunAsync();
        var work = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("b.txt", "changed\n")), "ws-1");
        var first = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;
        var later = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("c.txt", "c\n")), "ws-2");
        var second = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-2", later))).Event;

        var stale = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work, attempt: 1))).Event;

        Assert.True(stale.AlreadyIntegrated);
        Assert.NotEqual(first.IntegrationHead, stale.IntegrationHead);
        Assert.Equal(second.IntegrationHead, stale.IntegrationHead);
    }

    [Fact]
    public async Task A_commit_missing_from_the_repository_is_an_error_naming_it()
    {
        var run = await PreparedRunAsync();

        var error = await Assert.ThrowsAsync<IntegrationException>(() => integrator.IntegrateAsync(run.Integrate("ws-1", new string('0', 40))));

        Assert.Contains("ws-1", error.Message, StringComparison.Ordinal);
        Assert.Contains(new string('0', 40), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integrating_before_prepare_is_an_error_naming_the_branch()
    {
        repo = await TestRepo.CreateAsync();
        var run = new TestRun(repo, "unprepared");
        var work = await run.Repo.CommitAsync(run.Repo.BaseCommit, Files(("b.txt", "x\n")), "ws-1");

        var error = await Assert.ThrowsAsync<IntegrationException>(() => integrator.IntegrateAsync(run.Integrate("ws-1", work)));

        Assert.Contains("uet/unprepared/integration", error.Message, StringComparison.Ordinal);
        Assert.Contains("PrepareIntegration", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => repo?.Dispose();
}
