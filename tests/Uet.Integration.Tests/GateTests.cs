using Uet.Contracts.Plans;

namespace Uet.Integration.Tests;

public sealed class GateTests : IDisposable
{
    private TestRepo? repo;

    private async Task<(TestRun Run, string Work, GitIntegrator Integrator)> PreparedAsync(IntegrationOptions? options = null)
    {
        repo = await TestRepo.CreateAsync();
        var integrator = new GitIntegrator(options ?? new IntegrationOptions { ScratchRoot = Path.Combine(repo.Scratch, "worktrees") });
        var run = new TestRun(repo, "gates");
        Assert.IsType<PrepareOutcome.Prepared>(await integrator.PrepareAsync(run.Prepare()));
        // The integration branch gets ws-0 first, so a gate that sees both ws-0 and ws-1 proves it ran on the merged tree.
        var zero = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["zero.txt"] = "from ws-0\n" }, "ws-0");
        Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-0", zero)));
        var work = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["one.txt"] = "from ws-1\n" }, "ws-1");
        return (run, work, integrator);
    }

    [Fact]
    public async Task Passing_gates_run_on_the_merged_tree_and_the_branch_advances()
    {
        var (run, work, integrator) = await PreparedAsync();
        var headBefore = await run.Repo.HeadOfAsync(run.Branch);
        var seen = Path.Combine(run.Repo.Scratch, "seen.txt");
        TestGateSpec[] gates =
        [
            new(GateTypes.Lint, Command: $"cat zero.txt one.txt > '{seen}'"),
            new(GateTypes.Unit), // no command of its own: the plan's default for the type runs
        ];
        var defaults = new Dictionary<string, string> { [GateTypes.Unit] = "test \"$UET_GATE_TYPE\" = GATE_UNIT && test -f one.txt" };

        var integrated = Assert.IsType<IntegrateOutcome.Integrated>(
            await integrator.IntegrateAsync(run.Integrate("ws-1", work, gates: gates, gateCommands: defaults))).Event;

        Assert.Equal("from ws-0\nfrom ws-1\n", await File.ReadAllTextAsync(seen));
        Assert.NotEqual(headBefore, integrated.IntegrationHead);
        Assert.Equal(integrated.IntegrationHead, await run.Repo.HeadOfAsync(run.Branch));
        Assert.Equal([headBefore!, work], await run.Repo.ParentsAsync(integrated.IntegrationHead));
        Assert.Single(await run.Repo.WorktreesAsync());
    }

    [Fact]
    public async Task A_failing_required_gate_leaves_the_branch_where_it_was_and_says_why()
    {
        var (run, work, integrator) = await PreparedAsync();
        var headBefore = await run.Repo.HeadOfAsync(run.Branch);
        TestGateSpec[] gates = [new(GateTypes.Integration, Command: "echo checking; echo 'broken build' >&2; exit 4")];

        var failed = Assert.IsType<IntegrateOutcome.GateFailed>(
            await integrator.IntegrateAsync(run.Integrate("ws-1", work, attempt: 2, gates: gates))).Event;

        Assert.Equal((run.RunId, "ws-1", 2), (failed.RunId, failed.WorkstreamId, failed.Attempt));
        Assert.Equal(GateTypes.Integration, failed.Type);
        Assert.Equal("echo checking; echo 'broken build' >&2; exit 4", failed.Command);
        Assert.Contains("exited with code 4", failed.OutputTail, StringComparison.Ordinal);
        Assert.Contains("broken build", failed.OutputTail, StringComparison.Ordinal);
        Assert.Equal(headBefore, await run.Repo.HeadOfAsync(run.Branch));
        Assert.Single(await run.Repo.WorktreesAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(run.Repo.Scratch, "worktrees")));
    }

    [Fact]
    public async Task A_blocking_failure_stops_the_later_gates()
    {
        var (run, work, integrator) = await PreparedAsync();
        var marker = Path.Combine(run.Repo.Scratch, "second-gate-ran");
        TestGateSpec[] gates = [new(GateTypes.Lint, Command: "exit 1"), new(GateTypes.Unit, Command: $"touch '{marker}'")];

        var failed = Assert.IsType<IntegrateOutcome.GateFailed>(await integrator.IntegrateAsync(run.Integrate("ws-1", work, gates: gates))).Event;

        Assert.Equal(GateTypes.Lint, failed.Type);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_failing_optional_gate_is_only_a_warning_and_a_non_blocking_required_one_still_fails_after_the_rest()
    {
        var (run, work, integrator) = await PreparedAsync();
        var marker = Path.Combine(run.Repo.Scratch, "last-gate-ran");
        TestGateSpec[] optionalOnly = [new(GateTypes.Security, Required: false, Blocking: false, Command: "exit 1")];
        TestGateSpec[] requiredNonBlocking =
        [
            new(GateTypes.Security, Required: false, Blocking: false, Command: "exit 1"),
            new(GateTypes.Unit, Required: true, Blocking: false, Command: "exit 2"),
            new(GateTypes.Lint, Command: $"touch '{marker}'"),
        ];
        var other = await run.Repo.CommitAsync(run.Repo.BaseCommit, new Dictionary<string, string?> { ["two.txt"] = "2\n" }, "ws-2");

        Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(run.Integrate("ws-1", work, gates: optionalOnly)));
        var headBefore = await run.Repo.HeadOfAsync(run.Branch);
        var failed = Assert.IsType<IntegrateOutcome.GateFailed>(await integrator.IntegrateAsync(run.Integrate("ws-2", other, gates: requiredNonBlocking))).Event;

        Assert.Equal(GateTypes.Unit, failed.Type);
        Assert.True(File.Exists(marker));
        Assert.Equal(headBefore, await run.Repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_gate_without_a_command_fails_and_names_the_fix()
    {
        var (run, work, integrator) = await PreparedAsync();
        var headBefore = await run.Repo.HeadOfAsync(run.Branch);

        var failed = Assert.IsType<IntegrateOutcome.GateFailed>(
            await integrator.IntegrateAsync(run.Integrate("ws-1", work, gates: [new TestGateSpec(GateTypes.Security)]))).Event;

        Assert.Equal(GateTypes.Security, failed.Type);
        Assert.Contains("gate_commands.GATE_SECURITY", failed.OutputTail, StringComparison.Ordinal);
        Assert.Equal(headBefore, await run.Repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_gate_that_outlives_its_timeout_is_killed_and_fails()
    {
        var root = Path.Combine(Path.GetTempPath(), "uet-integration-tests", "timeouts-" + Guid.NewGuid().ToString("N"));
        var (run, work, integrator) = await PreparedAsync(new IntegrationOptions { GateTimeout = TimeSpan.FromSeconds(3), ScratchRoot = root });
        var headBefore = await run.Repo.HeadOfAsync(run.Branch);

        var pidFile = Path.Combine(run.Repo.Scratch, "child.pid");
        var command = $"echo started; sleep 600 & echo $! > '{pidFile}'; wait";

        var failed = Assert.IsType<IntegrateOutcome.GateFailed>(
            await integrator.IntegrateAsync(run.Integrate("ws-1", work, gates: [new TestGateSpec(GateTypes.Unit, Command: command)]))).Event;

        Assert.Contains("timed out", failed.OutputTail, StringComparison.Ordinal);
        Assert.Contains("started", failed.OutputTail, StringComparison.Ordinal);
        Assert.Equal(headBefore, await run.Repo.HeadOfAsync(run.Branch));
        // The gate's child dies with it (a zombie awaiting its reaper counts as gone).
        var child = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Poll.UntilAsync(() => !IsRunning(child), TimeSpan.FromSeconds(10)), $"gate child {child} still runs");
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Gates_use_the_state_dir_for_their_worktree_when_the_message_names_one()
    {
        var (run, work, integrator) = await PreparedAsync();
        var stateDir = Path.Combine(run.Repo.Scratch, "state");
        var where = Path.Combine(run.Repo.Scratch, "where.txt");

        Assert.IsType<IntegrateOutcome.Integrated>(await integrator.IntegrateAsync(
            run.Integrate("ws-1", work, gates: [new TestGateSpec(GateTypes.Unit, Command: $"pwd > '{where}'")]) with { StateDir = stateDir }));

        Assert.StartsWith(Path.Combine(stateDir, "integration", "scratch"), (await File.ReadAllTextAsync(where)).Trim(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(stateDir, "integration", "scratch")));
    }

    private static bool IsRunning(int pid)
    {
        var status = $"/proc/{pid}/status";
        try
        {
            return File.Exists(status) && !File.ReadAllLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains("zombie", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => repo?.Dispose();
}
