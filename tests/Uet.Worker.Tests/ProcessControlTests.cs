using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Worker.Tools;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

public sealed class ProcessControlTests
{
    [Fact]
    public async Task On_timeout_the_whole_process_group_is_killed()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var pidFile = Path.Combine(h.Repo.Root, "sleep.pid");
        var spec = Spec("ws-t", [$"sleep 300 & echo $! > '{pidFile}'; wait"]);

        // Long enough for the shell to start and write the pid file on a loaded machine.
        var outcome = await h.RunAsync(Execute(h.Repo, spec, Shell(timeoutSeconds: 3)));

        var failed = outcome.ShouldFail(FailureKind.Timeout);
        Assert.Contains("timed out after 3 s", failed.Reason);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        await Poll.UntilAsync(() => ProcessGroup.HasExited(pid), $"the background sleep (pid {pid}) to be killed", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_an_attempt_kills_its_process_group_and_reports_cancelled()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var leaderFile = Path.Combine(h.Repo.Root, "leader.pid");
        var childFile = Path.Combine(h.Repo.Root, "child.pid");
        var spec = Spec("ws-c", [$"echo $$ > '{leaderFile}'; sleep 300 & echo $! > '{childFile}.tmp'; mv '{childFile}.tmp' '{childFile}'; wait"]);
        using var cts = new CancellationTokenSource();

        var running = h.Executor.ExecuteAsync(Execute(h.Repo, spec), 1, cts.Token, () => "run cancelled by the user");
        await Poll.UntilAsync(() => File.Exists(childFile), "the tool to start its background child");
        await cts.CancelAsync();
        var outcome = await running;

        var failed = outcome.ShouldFail(FailureKind.Cancelled);
        Assert.Contains("run cancelled by the user", failed.Reason);
        foreach (var file in new[] { leaderFile, childFile })
        {
            var pid = int.Parse(File.ReadAllText(file).Trim());
            await Poll.UntilAsync(() => ProcessGroup.HasExited(pid), $"process {pid} to be killed", TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task A_background_child_left_holding_the_output_does_not_keep_the_attempt_open()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var pidFile = Path.Combine(h.Repo.Root, "straggler.pid");
        var spec = Spec("ws-bg", [$"sleep 300 & echo $! > '{pidFile}'; echo done > src/done.txt"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec, Shell(timeoutSeconds: 120)));

        outcome.ShouldSucceed();
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        await Poll.UntilAsync(() => ProcessGroup.HasExited(pid), $"the straggler (pid {pid}) to be killed", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Only_allow_listed_environment_variables_reach_the_tool_and_the_gates()
    {
        Environment.SetEnvironmentVariable("UET_TEST_SECRET", "hunter2");
        Environment.SetEnvironmentVariable("UET_TEST_ALLOWED", "yes");
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec(
            "ws-env",
            ["echo \"secret=${UET_TEST_SECRET:-unset} allowed=${UET_TEST_ALLOWED:-unset} home=${HOME:-unset} path=${PATH:+set}\" > src/env.txt"],
            acceptance: ["test -z \"${UET_TEST_SECRET:-}\""]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec, Shell(envAllow: ["PATH", "UET_TEST_ALLOWED"])));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal("secret=unset allowed=yes home=unset path=set\n", await h.Repo.ShowAsync(succeeded.Commit, "src/env.txt"));
    }

    [Fact]
    public async Task Tool_and_gate_output_is_appended_to_a_log_file_per_attempt()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-log", ["echo tool-stdout-marker; echo tool-stderr-marker >&2"], gates: [new TestGateSpec(GateTypes.Unit, Command: "echo gate-output-marker")]);
        var message = Execute(h.Repo, spec, attempt: 3, runName: "nightly");

        await h.RunAsync(message);

        var log = Path.Combine(h.Repo.StateDir, "logs", "nightly", "ws-log", "attempt-3.log");
        Assert.Equal(log, h.Executor.LogPath(message));
        var text = File.ReadAllText(log);
        Assert.Contains("tool-stdout-marker", text);
        Assert.Contains("tool-stderr-marker", text);
        Assert.Contains("gate-output-marker", text);
        Assert.Contains("succeeded: commit", text);
        Assert.True(text.IndexOf("tool-stdout-marker", StringComparison.Ordinal) < text.IndexOf("gate-output-marker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_profile_gets_the_prompt_the_prompt_file_the_files_and_the_model()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var script = "printf '%s\\n' \"$@\" > src/args.txt; cp \"$1\" src/prompt-copy.txt";
        var tool = new ToolProfile
        {
            Name = "custom",
            Kind = ToolKind.Command,
            Model = "model-x",
            Command = ["bash", "-c", script, "tool", "{prompt_file}", "--model={model}", "{files}"],
        };
        var spec = Spec("ws-cmd", ["do it"], scope: ["src/", "src/app.txt", "README.md"], create: ["src/args.txt", "src/prompt-copy.txt"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec, tool));

        var succeeded = outcome.ShouldSucceed();
        var args = (await h.Repo.ShowAsync(succeeded.Commit, "src/args.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var promptFile = Path.Combine(h.Repo.StateDir, "logs", "run1", "ws-cmd", "attempt-1.prompt.txt");
        Assert.Equal([promptFile, "--model=model-x", "src/app.txt", "README.md"], args);
        var prompt = await h.Repo.ShowAsync(succeeded.Commit, "src/prompt-copy.txt");
        Assert.Contains("1. do it", prompt);
        Assert.Contains("- src/app.txt", prompt);
    }
}
