using Uet.Contracts.Plans;
using Uet.Git;

namespace Uet.Integration.Tests;

/// <summary>Other git processes in the same repository: lock files are waited out, a moved branch is never overwritten.</summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private TestRepo? repo;

    [Fact]
    public async Task A_ref_locked_by_another_git_process_is_retried_until_the_lock_goes()
    {
        repo = await TestRepo.CreateAsync();
        var run = new TestRun(repo, "locked");
        var lockFile = Path.Combine(repo.Path, ".git", "refs", "heads", "uet", "locked", "integration.lock");
        // The other process "finishes" the moment we report a retry: deterministic, no clock involved.
        var logger = new RecordingLogger<GitIntegrator>(message =>
        {
            if (message.Contains("retry", StringComparison.Ordinal))
            {
                File.Delete(lockFile);
            }
        });
        var integrator = new GitIntegrator(new IntegrationOptions { GitRetryDelay = TimeSpan.FromMilliseconds(1) }, logger: logger);
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        var work = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["c.txt"] = "c\n" }, "ws-1");
        await File.WriteAllTextAsync(lockFile, "");

        var integrated = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work))).Event;

        Assert.Equal(integrated.IntegrationHead, await repo.HeadOfAsync(run.Branch));
        Assert.Contains(logger.Messages, m => m.Contains("lock held by another process", StringComparison.Ordinal));
        Assert.False(File.Exists(lockFile));
    }

    [Fact]
    public async Task A_lock_that_never_goes_away_fails_after_the_retries_and_the_branch_stays()
    {
        repo = await TestRepo.CreateAsync();
        var run = new TestRun(repo, "stuck");
        var logger = new RecordingLogger<GitIntegrator>();
        var integrator = new GitIntegrator(new IntegrationOptions { GitRetryAttempts = 2, GitRetryDelay = TimeSpan.FromMilliseconds(1) }, logger: logger);
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        var work = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["c.txt"] = "c\n" }, "ws-1");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".git", "refs", "heads", "uet", "stuck", "integration.lock"), "");

        var error = await Assert.ThrowsAsync<GitException>(() => integrator.IntegrateAsync(run.Integrate("ws-1", work)));

        Assert.Contains("integration.lock", error.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, logger.Messages.Count(m => m.Contains("lock held by another process", StringComparison.Ordinal)));
        Assert.Equal(repo.BaseCommit, await repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_branch_moved_by_someone_else_during_the_gates_is_merged_onto_again_not_overwritten()
    {
        repo = await TestRepo.CreateAsync();
        var run = new TestRun(repo, "moved");
        var integrator = new GitIntegrator();
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        var theirs = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["theirs.txt"] = "someone else\n" }, "someone else's commit");
        var work = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["ours.txt"] = "ours\n" }, "ws-1");
        // The gate plays the concurrent writer: while we test the merge, the branch moves to their commit.
        var gate = new TestGateSpec(GateTypes.Unit, Command: $"git update-ref refs/heads/{run.Branch} {theirs}");

        var integrated = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work, gates: [gate]))).Event;

        Assert.Equal(integrated.IntegrationHead, await repo.HeadOfAsync(run.Branch));
        Assert.Equal([theirs, work], await repo.ParentsAsync(integrated.IntegrationHead));
        Assert.Equal("someone else\n", await repo.ShowAsync(integrated.IntegrationHead, "theirs.txt"));
        Assert.Equal("ours\n", await repo.ShowAsync(integrated.IntegrationHead, "ours.txt"));
    }

    [Theory]
    [InlineData("fatal: update_ref failed for ref 'refs/heads/x': cannot lock ref 'refs/heads/x': Unable to create '/r/.git/refs/heads/x.lock': File exists.", true)]
    [InlineData("fatal: Unable to create '/r/.git/index.lock': File exists.", true)]
    [InlineData("error: could not lock config file .git/config: File exists", true)]
    [InlineData("fatal: update_ref failed for ref 'refs/heads/x': cannot lock ref 'refs/heads/x': is at 1111 but expected 2222", false)]
    [InlineData("fatal: update_ref failed for ref 'refs/heads/x': cannot lock ref 'refs/heads/x': reference already exists", false)]
    [InlineData("fatal: Not a valid object name nope", false)]
    public void Only_lock_contention_counts_as_transient(string stderr, bool transient) =>
        Assert.Equal(transient, TransientGitErrors.IsTransient(stderr));

    public void Dispose() => repo?.Dispose();
}
