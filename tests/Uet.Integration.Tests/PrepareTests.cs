using Uet.Contracts;

namespace Uet.Integration.Tests;

public sealed class PrepareTests : IDisposable
{
    private readonly GitIntegrator integrator = new();
    private TestRepo? repo;

    private async Task<TestRun> RunAsync(string name = "prep")
    {
        repo = await TestRepo.CreateAsync();
        return new TestRun(repo, name);
    }

    [Fact]
    public async Task Creates_the_integration_branch_at_the_base_ref()
    {
        var run = await RunAsync();

        var prepared = Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare())).Event;

        Assert.Equal(run.RunId, prepared.RunId);
        Assert.Equal("uet/prep/integration", prepared.IntegrationBranch);
        Assert.Equal(run.Repo.BaseCommit, prepared.BaseCommit);
        Assert.Equal(run.Repo.BaseCommit, prepared.Head);
        Assert.Equal(run.Repo.BaseCommit, await run.Repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_second_prepare_keeps_the_branch_and_reports_its_head_and_original_base()
    {
        var run = await RunAsync();
        await integrator.PrepareAsync(run.Prepare());
        var work = await run.Repo.CommitAsync(run.Repo.BaseCommit, new Dictionary<string, string?> { ["b.txt"] = "changed\n" }, "ws");
        var integrated = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;
        // The base ref moves on (the user commits to main): the run's base must still be where the branch started.
        var moved = await run.Repo.CommitAsync(run.Repo.BaseCommit, new Dictionary<string, string?> { ["c.txt"] = "new\n" }, "later", branch: "main");

        var again = Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare())).Event;

        Assert.Equal(run.Repo.BaseCommit, again.BaseCommit);
        Assert.NotEqual(moved, again.BaseCommit);
        Assert.Equal(integrated.IntegrationHead, again.Head);
        Assert.Equal(integrated.IntegrationHead, await run.Repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_base_ref_that_names_no_commit_fails_with_the_ref_and_the_fix()
    {
        var run = await RunAsync();

        var failed = Assert.IsType<PrepareOutcome.Failed>(await integrator.PrepareAsync(run.Prepare(baseRef: "no-such-branch"))).Event;

        Assert.Equal(run.RunId, failed.RunId);
        Assert.Contains("'no-such-branch'", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("--base", failed.Reason, StringComparison.Ordinal);
        Assert.Null(await run.Repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_directory_that_is_not_a_repository_fails_clearly()
    {
        var run = await RunAsync();
        var plain = Path.Combine(run.Repo.Scratch, "not-a-repo");
        Directory.CreateDirectory(plain);

        var failed = Assert.IsType<PrepareOutcome.Failed>(await integrator.PrepareAsync(run.Prepare() with { RepoPath = plain })).Event;

        Assert.Contains("not a git repository", failed.Reason, StringComparison.Ordinal);
        Assert.Contains(plain, failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_directory_fails_clearly()
    {
        var run = await RunAsync();
        var missing = Path.Combine(run.Repo.Scratch, "gone");

        var failed = Assert.IsType<PrepareOutcome.Failed>(await integrator.PrepareAsync(run.Prepare() with { RepoPath = missing })).Event;

        Assert.Contains("does not exist", failed.Reason, StringComparison.Ordinal);
        Assert.Contains(missing, failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_branch_name_fails_clearly()
    {
        var run = await RunAsync();

        var failed = Assert.IsType<PrepareOutcome.Failed>(
            await integrator.PrepareAsync(run.Prepare() with { IntegrationBranch = Naming.IntegrationBranch("bad..name") })).Event;

        Assert.Contains("not a valid branch name", failed.Reason, StringComparison.Ordinal);
    }

    public void Dispose() => repo?.Dispose();
}
