using Uet.Git;

namespace Uet.EndToEnd.Tests;

/// <summary><c>uet run</c> as a process on real temporary repositories, checking what lands on the integration branch.</summary>
public sealed class RunEndToEndTests
{
    [Fact]
    public async Task Quickstart_example_integrates_every_workstream_and_leaves_the_checkout_clean()
    {
        await using var repo = await TempRepository.CreateAsync();
        var root = Plans.RepoRoot();
        Plans.CopyDirectory(Path.Combine(root, "examples/quickstart/app"), Path.Combine(repo.Path, "examples/quickstart/app"));
        await repo.Git.RunAsync("add", "-A");
        await repo.Git.RunAsync("commit", "-q", "-m", "sample app");
        var plan = Path.Combine(root, "examples/quickstart");

        var result = await UetProcess.RunAsync(repo.Path, "run", plan, "--run-id", "qs", "--state-dir", repo.StateDir);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        const string branch = "uet/qs/integration";
        Assert.Contains("format_result", await repo.ShowAsync(branch, "examples/quickstart/app/lib/format.sh"));
        Assert.Contains("mul()", await repo.ShowAsync(branch, "examples/quickstart/app/lib/core.sh"));
        Assert.Contains("format_result", await repo.ShowAsync(branch, "examples/quickstart/app/bin/calc"));
        Assert.Contains("Q: Which operators?", await repo.ShowAsync(branch, "examples/quickstart/app/docs/faq.md"));
        var integrations = (await repo.LogSubjectsAsync(branch)).Where(s => s.StartsWith("uet: integrate ", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, integrations.Count);
        Assert.Equal(string.Empty, await repo.Git.RunAsync("status", "--porcelain"));
        Assert.Single((await repo.Git.RunAsync("worktree", "list", "--porcelain")).Split('\n'), l => l.StartsWith("worktree ", StringComparison.Ordinal));

        var status = await UetProcess.StatusAsync(repo, "qs");
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.All(UetProcess.Workstreams(status).Values, w => Assert.Equal("DONE", w.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_second_run_under_a_taken_name_exits_2_naming_it_and_leaves_the_first_as_it_was()
    {
        await using var repo = await TempRepository.CreateAsync();
        var plan = repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["a.json"] = Plans.Json(Plans.Shell("ws-a", "a.txt", ["echo a >> a.txt"])),
        });
        var first = await UetProcess.RunAsync(repo.Path, "run", plan, "--run-id", "taken", "--state-dir", repo.StateDir);
        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        var head = (await repo.Git.RunAsync("rev-parse", "uet/taken/integration")).Trim();

        var again = await UetProcess.RunAsync(repo.Path, "run", plan, "--run-id", "taken", "--state-dir", repo.StateDir);

        Assert.True(again.ExitCode == 2, again.StandardOutput + again.StandardError);
        Assert.Contains("A run named 'taken' exists already", again.StandardError, StringComparison.Ordinal);
        Assert.Contains("uet resume taken", again.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(head, (await repo.Git.RunAsync("rev-parse", "uet/taken/integration")).Trim());
        var status = await UetProcess.StatusAsync(repo, "taken");
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.Equal(1, UetProcess.Workstreams(status)["ws-a"].GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task Failing_blocking_gate_fails_the_run_and_compensation_reverts_the_integration_branch()
    {
        await using var repo = await TempRepository.CreateAsync();
        var baseCommit = (await repo.Git.RunAsync("rev-parse", "HEAD")).Trim();
        var a = Plans.Shell("ws-a", "a.txt", ["echo a >> a.txt"]);
        a["compensation_actions"] = new[] { "echo undo-a" };
        var plan = repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["a.json"] = Plans.Json(a),
            ["b.json"] = Plans.Json(new Dictionary<string, object?>(Plans.Shell("ws-b", "b.txt", ["echo b >> b.txt"], ["ws-a"]))
            {
                ["test_gates"] = new[] { new { type = "GATE_UNIT", required = true, blocking = true, command = "grep -q never b.txt" } },
            }),
        });

        var result = await UetProcess.RunAsync(repo.Path, "run", plan, "--run-id", "fg", "--state-dir", repo.StateDir);

        Assert.Equal(1, result.ExitCode);
        var status = await UetProcess.StatusAsync(repo, "fg");
        Assert.Equal("Failed", status.GetProperty("state").GetString());
        Assert.Equal("FAILED", UetProcess.Workstreams(status)["ws-b"].GetProperty("state").GetString());
        Assert.Equal(baseCommit, (await repo.Git.RunAsync("rev-parse", "uet/fg/integration")).Trim());
        var archive = (await repo.Git.RunAsync("for-each-ref", "--format=%(refname)", "refs/uet/archive/fg")).Trim();
        Assert.NotEmpty(archive);
        Assert.Contains("a", await repo.ShowAsync(archive, "a.txt"));
    }

    [Fact]
    public async Task Keep_going_finishes_independent_work_and_skips_dependents_of_a_failure()
    {
        await using var repo = await TempRepository.CreateAsync();
        var plan = repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-broken", "x.txt", ["exit 3"]),
                Plans.Shell("ws-after-broken", "y.txt", ["echo y > y.txt"], ["ws-broken"]),
                Plans.Shell("ws-fine", "z.txt", ["echo z > z.txt"]),
            }),
        });

        var result = await UetProcess.RunAsync(repo.Path, "run", plan, "--run-id", "kg", "--keep-going", "--state-dir", repo.StateDir);

        Assert.Equal(1, result.ExitCode);
        var ws = UetProcess.Workstreams(await UetProcess.StatusAsync(repo, "kg"));
        Assert.Equal("FAILED", ws["ws-broken"].GetProperty("state").GetString());
        Assert.Equal("SKIPPED", ws["ws-after-broken"].GetProperty("state").GetString());
        Assert.Equal("DONE", ws["ws-fine"].GetProperty("state").GetString());
        Assert.Equal("z\n", await repo.ShowAsync("uet/kg/integration", "z.txt"));
    }

    [Fact]
    public async Task Dry_run_drives_the_flow_without_touching_the_repository()
    {
        await using var repo = await TempRepository.CreateAsync();
        var plan = repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-one", "one.txt", ["echo one > one.txt"]),
                Plans.Shell("ws-two", "two.txt", ["echo two > two.txt"], ["ws-one"]),
            }),
        });
        var refsBefore = await repo.Git.RunAsync("for-each-ref");

        var result = await UetProcess.RunAsync(repo.Path, "run", plan, "--run-id", "dry", "--dry-run", "--state-dir", repo.StateDir);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(refsBefore, await repo.Git.RunAsync("for-each-ref"));
        Assert.Equal(string.Empty, await repo.Git.RunAsync("status", "--porcelain"));
        Assert.False(File.Exists(Path.Combine(repo.Path, "one.txt")));
        var ws = UetProcess.Workstreams(await UetProcess.StatusAsync(repo, "dry"));
        Assert.All(ws.Values, w => Assert.Equal("DONE", w.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Invalid_plan_exits_1_and_a_folder_that_is_not_a_repository_exits_2()
    {
        await using var repo = await TempRepository.CreateAsync();
        var invalid = repo.WritePlan("invalid", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(Plans.Shell("ws-a", "a.txt", ["true"], ["ws-missing"])),
        });
        var valid = repo.WritePlan("valid", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(Plans.Shell("ws-a", "a.txt", ["true"])),
        });

        var bad = await UetProcess.RunAsync(repo.Path, "run", invalid, "--state-dir", repo.StateDir);
        var notRepo = await UetProcess.RunAsync(repo.Root, "run", valid, "--state-dir", repo.StateDir);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("ws-missing", bad.StandardOutput + bad.StandardError);
        Assert.Equal(2, notRepo.ExitCode);
        Assert.Contains("not inside a git repository", notRepo.StandardError);
        Assert.DoesNotContain("   at ", notRepo.StandardError);
    }
}
