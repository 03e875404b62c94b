using Uet.Contracts;
using Uet.Contracts.Plans;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

public sealed class GateTests
{
    private static readonly string[] MakeFile = ["echo made > src/made.txt"];

    [Fact]
    public async Task A_failing_blocking_gate_stops_the_workstream_at_once()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-g1", MakeFile, gates: [
            new TestGateSpec(GateTypes.Lint, Required: true, Blocking: true, Command: "echo lint says no; exit 1"),
            new TestGateSpec(GateTypes.Unit, Command: "true"),
        ]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var failed = outcome.ShouldFail(FailureKind.GateFailed);
        Assert.Contains("gate GATE_LINT", failed.Reason);
        Assert.Contains("lint says no", failed.Reason);
        var gate = Assert.Single(h.Events.Of<GateEvaluated>());
        Assert.Equal((GateTypes.Lint, false, 1, true, true), (gate.Type, gate.Passed, gate.ExitCode, gate.Required, gate.Blocking));
        Assert.Contains("lint says no", gate.OutputTail);
        Assert.Null(await h.Repo.Git.TryRevParseAsync("uet/run1/ws-g1"));
    }

    [Fact]
    public async Task A_failing_gate_that_is_neither_required_nor_blocking_is_a_warning()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-g2", MakeFile, gates: [
            new TestGateSpec(GateTypes.Security, Required: false, Blocking: false, Command: "echo advisory; exit 4"),
            new TestGateSpec(GateTypes.Unit, Command: "test -f src/made.txt"),
        ]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var succeeded = outcome.ShouldSucceed();
        var warning = Assert.Single(succeeded.Warnings);
        Assert.Contains("GATE_SECURITY", warning);
        Assert.Contains("exit code 4", warning);
        Assert.Equal([(GateTypes.Security, false), (GateTypes.Unit, true)], h.Events.Of<GateEvaluated>().Select(g => (g.Type, g.Passed)));
    }

    [Fact]
    public async Task A_failing_required_gate_that_does_not_block_lets_later_gates_run_then_fails_the_workstream()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-g3", MakeFile, gates: [
            new TestGateSpec(GateTypes.Unit, Required: true, Blocking: false, Command: "exit 2"),
            new TestGateSpec(GateTypes.Lint, Command: "true"),
        ]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var failed = outcome.ShouldFail(FailureKind.GateFailed);
        Assert.Contains("required gate(s) failed", failed.Reason);
        Assert.Contains("GATE_UNIT", failed.Reason);
        Assert.Equal([(GateTypes.Unit, false), (GateTypes.Lint, true)], h.Events.Of<GateEvaluated>().Select(g => (g.Type, g.Passed)));
    }

    [Fact]
    public async Task A_failing_acceptance_test_fails_the_workstream_before_the_gates()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-a1", MakeFile, acceptance: ["test -f src/made.txt", "grep -q missing src/made.txt"], gates: [new TestGateSpec(GateTypes.Unit, Command: "true")]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var failed = outcome.ShouldFail(FailureKind.AcceptanceTestFailed);
        Assert.Contains("grep -q missing src/made.txt", failed.Reason);
        var gates = h.Events.Of<GateEvaluated>();
        Assert.Equal([("ACCEPTANCE", true), ("ACCEPTANCE", false)], gates.Select(g => (g.Type, g.Passed)));
        Assert.All(gates, g => Assert.True(g.Required && g.Blocking));
    }

    [Fact]
    public async Task A_gate_without_a_command_runs_the_plan_default_for_its_type_or_is_skipped_with_a_warning()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-d", MakeFile, gates: [new TestGateSpec(GateTypes.Unit), new TestGateSpec(GateTypes.Integration)]);
        var defaults = new Dictionary<string, string> { [GateTypes.Unit] = "grep -q made src/made.txt" };

        var outcome = await h.RunAsync(Execute(h.Repo, spec, gateCommands: defaults));

        var succeeded = outcome.ShouldSucceed();
        var gate = Assert.Single(h.Events.Of<GateEvaluated>());
        Assert.Equal((GateTypes.Unit, "grep -q made src/made.txt", true), (gate.Type, gate.Command, gate.Passed));
        var warning = Assert.Single(succeeded.Warnings);
        Assert.Contains("GATE_INTEGRATION skipped", warning);
        Assert.Contains("gate_commands", warning);
    }

    [Fact]
    public async Task What_gates_leave_in_the_worktree_is_not_committed()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-art", MakeFile, gates: [new TestGateSpec(GateTypes.Unit, Command: "echo artifact > src/artifact.txt && git add src/artifact.txt")]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal(["README.md", "src/app.txt", "src/made.txt"], await h.Repo.FilesAtAsync(succeeded.Commit));
        Assert.Equal(["src/made.txt"], succeeded.ChangedFiles);
    }

    [Fact]
    public async Task A_gate_that_runs_past_the_timeout_fails_and_is_reported_as_timed_out()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-gt", MakeFile, gates: [new TestGateSpec(GateTypes.Unit, Command: "sleep 300")]);

        // The tool step has the same budget: long enough for it to finish on a loaded machine, so the gate times out.
        var outcome = await h.RunAsync(Execute(h.Repo, spec, Shell(timeoutSeconds: 3)));

        var failed = outcome.ShouldFail(FailureKind.GateFailed);
        Assert.Contains("timed out", failed.Reason);
        Assert.Equal(-1, Assert.Single(h.Events.Of<GateEvaluated>()).ExitCode);
    }
}
