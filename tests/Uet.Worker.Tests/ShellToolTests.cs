using Uet.Contracts;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

public sealed class ShellToolTests
{
    [Fact]
    public async Task Each_task_runs_in_the_worktree_and_the_result_is_committed_on_the_workstream_branch()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-a", ["mkdir -p src/sub && echo hello > src/sub/a.txt", "echo more >> src/app.txt"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal(["src/app.txt", "src/sub/a.txt"], succeeded.ChangedFiles);
        Assert.Equal("uet/run1/ws-a", succeeded.Branch);
        Assert.Equal(succeeded.Commit, await h.Repo.Git.RevParseAsync("uet/run1/ws-a"));
        Assert.Equal("hello\n", await h.Repo.ShowAsync(succeeded.Commit, "src/sub/a.txt"));
        Assert.Equal("app\nmore\n", await h.Repo.ShowAsync(succeeded.Commit, "src/app.txt"));
        Assert.Equal(h.Repo.BaseCommit, await h.Repo.Git.RevParseAsync(succeeded.Commit + "^"));
        Assert.Equal("uet: run1 ws-a attempt 1", (await h.Repo.Git.RunAsync("log", "-1", "--format=%s", succeeded.Commit)).Trim());
        Assert.Equal("test-worker", succeeded.WorkerId);

        Assert.IsType<WorkstreamStarted>(h.Events.All[0]);
        Assert.Same(succeeded, h.Events.All[^1]);
        Assert.Equal(h.Repo.BaseCommit, await h.Repo.Git.RevParseAsync("main"));
    }

    [Fact]
    public async Task The_first_failing_task_stops_the_tool_and_fails_the_attempt()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-b", ["echo one > src/one.txt", "echo boom >&2; exit 3", "echo three > src/three.txt"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var failed = outcome.ShouldFail(FailureKind.Tool);
        Assert.Contains("exited with code 3", failed.Reason);
        Assert.Contains("boom", failed.Reason);
        Assert.True(File.Exists(Path.Combine(h.Worktree(), "src/one.txt")));
        Assert.False(File.Exists(Path.Combine(h.Worktree(), "src/three.txt")));
        Assert.Null(await h.Repo.Git.TryRevParseAsync("uet/run1/ws-b"));
    }

    [Fact]
    public async Task A_task_is_passed_to_bash_as_one_argument_not_interpolated()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-quote", ["printf '%s\\n' \"it's a \\\"quoted\\\" $((1+1))\" > src/q.txt"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal("it's a \"quoted\" 2\n", await h.Repo.ShowAsync(succeeded.Commit, "src/q.txt"));
    }

    [Fact]
    public async Task Usage_lines_printed_by_a_shell_tool_become_numbered_usage_reports()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-u", [
            """echo '{"type":"usage","model":"m1","input_tokens":10,"output_tokens":5}'; echo not-usage""",
            """echo '{"type":"usage","model":"m2","input_tokens":7,"output_tokens":3,"cached_input_tokens":2,"cost_usd":0.0125}'""",
        ]);

        await h.RunAsync(Execute(h.Repo, spec, attempt: 2));

        var usage = h.Events.Of<UsageReported>();
        Assert.Equal([1, 2], usage.Select(u => u.Sequence));
        Assert.All(usage, u => Assert.Equal((RunId, "ws-u", 2), (u.RunId, u.WorkstreamId, u.Attempt)));
        Assert.Equal(("m1", 10L, 5L, 0L, (decimal?)null), (usage[0].Model, usage[0].InputTokens, usage[0].OutputTokens, usage[0].CachedInputTokens, usage[0].CostUsd));
        Assert.Equal(("m2", 7L, 3L, 2L, (decimal?)0.0125m), (usage[1].Model, usage[1].InputTokens, usage[1].OutputTokens, usage[1].CachedInputTokens, usage[1].CostUsd));
    }

    [Fact]
    public async Task A_tool_profile_of_kind_command_without_a_command_fails_with_a_message_naming_the_fix()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var tool = new Uet.Contracts.Plans.ToolProfile { Name = "mytool", Kind = Uet.Contracts.Plans.ToolKind.Command };

        var outcome = await h.RunAsync(Execute(h.Repo, Spec("ws-c", ["x"]), tool));

        var failed = outcome.ShouldFail(FailureKind.Tool);
        Assert.Contains("'mytool'", failed.Reason);
        Assert.Contains("tools.mytool.command", failed.Reason);
    }

    [Fact]
    public async Task A_tool_that_is_not_installed_fails_naming_the_program()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var tool = new Uet.Contracts.Plans.ToolProfile { Name = "ghost", Kind = Uet.Contracts.Plans.ToolKind.Command, Command = ["uet-no-such-tool-xyz", "{prompt}"] };

        var outcome = await h.RunAsync(Execute(h.Repo, Spec("ws-ghost", ["x"]), tool));

        var failed = outcome.ShouldFail(FailureKind.Tool);
        Assert.Contains("uet-no-such-tool-xyz", failed.Reason);
    }

    [Fact]
    public async Task A_base_commit_that_does_not_exist_is_an_infrastructure_failure()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var message = Execute(h.Repo, Spec("ws-x", ["true"])) with { BaseCommit = new string('1', 40) };

        var outcome = await h.RunAsync(message);

        var failed = outcome.ShouldFail(FailureKind.Infrastructure);
        Assert.Contains("git worktree add", failed.Reason);
    }
}
