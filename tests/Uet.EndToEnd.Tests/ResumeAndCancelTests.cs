using System.Diagnostics;

using CliWrap;

namespace Uet.EndToEnd.Tests;

/// <summary>Runs interrupted from outside: kill -9 then <c>uet resume</c>, and <c>uet cancel</c> from another process.</summary>
public sealed class ResumeAndCancelTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Run_killed_with_sigkill_resumes_and_integrates_every_workstream_exactly_once()
    {
        await using var repo = await TempRepository.CreateAsync();
        // A chain whose middle waits while a hold file exists, so that the kill finds ws-1 DONE and ws-2 RUNNING
        // however slow the machine is; the test removes the file once the process is dead.
        var hold = Path.Combine(repo.Root, "hold");
        File.WriteAllText(hold, "");
        var plan = repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-1", "one.txt", ["echo one > one.txt"]),
                Plans.Shell("ws-2", "two.txt", [$"while [ -e '{hold}' ]; do sleep 0.1; done", "echo two > two.txt"], ["ws-1"]),
                Plans.Shell("ws-3", "three.txt", ["echo three > three.txt"], ["ws-2"]),
                Plans.Shell("ws-side", "side.txt", ["echo side > side.txt"]),
            }),
        });

        var output = new System.Text.StringBuilder();
        var run = UetProcess.Command(repo.Path, "run", plan, "--run-id", "crash", "--max-workers", "2", "--state-dir", repo.StateDir)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        try
        {
            await UetProcess.PollAsync(
                () => TryStatusAsync(repo, "crash"),
                // The run is listed before its plan is accepted, with no workstreams yet.
                s => s is { } ws && (ws.GetValueOrDefault("ws-1") == "DONE" && ws.GetValueOrDefault("ws-2") == "RUNNING" || run.Task.IsCompleted),
                Deadline,
                "ws-1 DONE and ws-2 RUNNING");
        }
        catch (Exception e)
        {
            // A failed wait must not leave the run behind, with its tool waiting on the hold file for ever.
            if (!run.Task.IsCompleted)
            {
                Process.GetProcessById(run.ProcessId).Kill(entireProcessTree: true);
            }
            if (e is TimeoutException)
            {
                throw new TimeoutException($"{e.Message}; uet run printed:\n{output}", e);
            }
            throw;
        }

        Assert.False(run.Task.IsCompleted, $"uet run ended before it could be killed:\n{output}");
        Process.GetProcessById(run.ProcessId).Kill(); // SIGKILL: no shutdown code runs
        Assert.Equal(137, (await run).ExitCode); // 128 + SIGKILL
        File.Delete(hold);

        var interrupted = await UetProcess.RunAsync(repo.Path, "runs", "--state-dir", repo.StateDir);
        Assert.Contains("interrupted", interrupted.StandardOutput);

        var resumed = await UetProcess.RunAsync(repo.Path, "resume", "crash", "--state-dir", repo.StateDir);

        Assert.True(resumed.ExitCode == 0, resumed.StandardOutput + resumed.StandardError);
        var subjects = await repo.LogSubjectsAsync("uet/crash/integration");
        foreach (var id in new[] { "ws-1", "ws-2", "ws-3", "ws-side" })
        {
            Assert.Single(subjects, s => s.StartsWith($"uet: integrate {id} ", StringComparison.Ordinal));
        }

        Assert.Equal("three\n", await repo.ShowAsync("uet/crash/integration", "three.txt"));
        Assert.Equal("two\n", await repo.ShowAsync("uet/crash/integration", "two.txt"));
        var worktrees = (await repo.Git.RunAsync("worktree", "list", "--porcelain")).Split('\n');
        Assert.Single(worktrees, l => l.StartsWith("worktree ", StringComparison.Ordinal)); // the killed process's slots are gone too
    }

    [Fact]
    public async Task Cancel_from_another_process_stops_the_tool_and_reverts_the_branch()
    {
        await using var repo = await TempRepository.CreateAsync();
        var baseCommit = (await repo.Git.RunAsync("rev-parse", "HEAD")).Trim();
        var marker = Path.Combine(repo.Root, "slow.pid");
        var plan = repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-fast", "fast.txt", ["echo fast > fast.txt"]),
                Plans.Shell("ws-slow", "slow.txt", [$"echo $$ > {marker}; sleep 300"], ["ws-fast"]),
            }),
        });

        var run = UetProcess.Command(repo.Path, "run", plan, "--run-id", "cx", "--state-dir", repo.StateDir)
            .ExecuteAsync();
        await UetProcess.PollAsync(() => Task.FromResult(File.Exists(marker) && File.ReadAllText(marker).Trim().Length > 0), x => x, Deadline, "the slow tool to start");
        var toolPid = int.Parse(File.ReadAllText(marker).Trim());

        var cancel = await UetProcess.RunAsync(repo.Path, "cancel", "cx", "--state-dir", repo.StateDir);
        var runResult = await run;

        Assert.True(cancel.ExitCode == 0, cancel.StandardOutput + cancel.StandardError);
        Assert.Equal(1, runResult.ExitCode);
        var status = await UetProcess.StatusAsync(repo, "cx");
        Assert.Equal("Cancelled", status.GetProperty("state").GetString());
        Assert.Equal(baseCommit, (await repo.Git.RunAsync("rev-parse", "uet/cx/integration")).Trim());
        await UetProcess.PollAsync(() => Task.FromResult(IsAlive(toolPid)), alive => !alive, Deadline, "the cancelled tool process to die");
    }

    private static async Task<Dictionary<string, string>?> TryStatusAsync(TempRepository repo, string runName)
    {
        var result = await UetProcess.RunAsync(repo.Path, "status", runName, "--output", "json", "--state-dir", repo.StateDir);
        if (result.ExitCode != 0)
        {
            return null;
        }

        var run = System.Text.Json.JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("run");
        return UetProcess.Workstreams(run).ToDictionary(p => p.Key, p => p.Value.GetProperty("state").GetString()!);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
