using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Integration.Tests;

/// <summary>The user's checkout (working tree, index, HEAD) is never touched, and a dry run touches nothing at all.</summary>
public sealed class CheckoutSafetyTests : IDisposable
{
    private readonly GitIntegrator integrator = new();
    private TestRepo? repo;

    private async Task<TestRepo> DirtyRepoAsync()
    {
        repo = await TestRepo.CreateAsync();
        // A user in the middle of work: an unstaged edit, a staged edit, an untracked file, on a branch of their own.
        await repo.Git.RunAsync("checkout", "--quiet", "-b", "my-feature");
        await File.WriteAllTextAsync(repo.File("a.txt"), "alpha\nedited but not staged\n");
        await File.WriteAllTextAsync(repo.File("b.txt"), "staged edit\n");
        await repo.Git.RunAsync("add", "b.txt");
        await File.WriteAllTextAsync(repo.File("notes.txt"), "untracked\n");
        return repo;
    }

    [Fact]
    public async Task Prepare_merge_conflict_gates_and_revert_leave_the_checkout_exactly_as_it_was()
    {
        var dirty = await DirtyRepoAsync();
        var run = new TestRun(dirty, "safe");
        var before = await dirty.CheckoutSnapshotAsync();
        var one = await dirty.CommitAsync(dirty.BaseCommit, new Dictionary<string, string?> { ["a.txt"] = "from ws-1\n" }, "ws-1");
        var two = await dirty.CommitAsync(dirty.BaseCommit, new Dictionary<string, string?> { ["a.txt"] = "from ws-2\n" }, "ws-2");
        var three = await dirty.CommitAsync(dirty.BaseCommit, new Dictionary<string, string?> { ["b.txt"] = "from ws-3\n" }, "ws-3");
        TestGateSpec[] gates = [new(GateTypes.Unit, Command: "grep -q 'from ws-1' a.txt && echo scribble > a.txt && git add a.txt")];

        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", one)));
        Assert.IsType<IntegrateOutcome.Conflict>(await integrator.IntegrateAsync(run.Integrate("ws-2", two)));
        Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-3", three, gates: gates)));
        var reverted = await integrator.RevertAsync(run.Revert(dirty.BaseCommit, [new CompensationStep("ws-3", ["echo undo > b.txt"])]));

        Assert.Empty(reverted.CompensationFailures);
        Assert.Equal(before, await dirty.CheckoutSnapshotAsync());
        Assert.Equal("alpha\nedited but not staged\n", await File.ReadAllTextAsync(dirty.File("a.txt")));
    }

    [Fact]
    public async Task A_dry_run_changes_no_ref_no_file_and_answers_as_if_integrated()
    {
        var dirty = await DirtyRepoAsync();
        var run = new TestRun(dirty, "dry");
        var work = await dirty.CommitAsync(dirty.BaseCommit, new Dictionary<string, string?> { ["c.txt"] = "c\n" }, "ws-1");
        var refsBefore = await dirty.RefsAsync();
        var checkoutBefore = await dirty.CheckoutSnapshotAsync();
        var marker = Path.Combine(dirty.Scratch, "ran");

        var prepared = Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare(dryRun: true))).Event;
        var integrated = Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(
            run.Integrate("ws-1", work, gates: [new TestGateSpec(GateTypes.Unit, Command: $"touch '{marker}'")], dryRun: true))).Event;
        var reverted = await integrator.RevertAsync(run.Revert(prepared.BaseCommit, [new CompensationStep("ws-1", [$"touch '{marker}'"])], dryRun: true));

        Assert.Equal(dirty.BaseCommit, prepared.BaseCommit);
        Assert.Equal(dirty.BaseCommit, prepared.Head);
        Assert.Equal(dirty.BaseCommit, integrated.IntegrationHead);
        Assert.False(integrated.AlreadyIntegrated);
        Assert.Null(reverted.ArchiveRef);
        Assert.Equal(dirty.BaseCommit, reverted.RevertedTo);
        Assert.False(File.Exists(marker));
        Assert.Equal(refsBefore, await dirty.RefsAsync());
        Assert.Equal(checkoutBefore, await dirty.CheckoutSnapshotAsync());
        Assert.Single(await dirty.WorktreesAsync());
    }

    [Fact]
    public async Task A_dry_run_on_a_repository_it_cannot_read_answers_with_the_sentinel_instead_of_failing()
    {
        repo = await TestRepo.CreateAsync();
        var missing = Path.Combine(repo.Scratch, "nowhere");
        var run = new TestRun(repo, "dry-missing");

        var prepared = Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare(dryRun: true) with { RepoPath = missing })).Event;
        var integrated = Assert.IsType<IntegrateOutcome.Integrated>(
            await integrator.IntegrateAsync(run.Integrate("ws-1", "abc", dryRun: true) with { RepoPath = missing })).Event;

        Assert.Equal(GitIntegrator.DryRunCommit, prepared.BaseCommit);
        Assert.Equal(GitIntegrator.DryRunCommit, prepared.Head);
        Assert.Equal(GitIntegrator.DryRunCommit, integrated.IntegrationHead);
        Assert.False(Directory.Exists(missing));
    }

    public void Dispose() => repo?.Dispose();
}
